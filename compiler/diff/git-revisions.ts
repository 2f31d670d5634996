/**
 * Template trees at git revisions: a revision is exported with `git archive`
 * (read-only: the repository, its index and work tree are untouched) into a
 * directory, where it can be compiled like any checkout.
 */
import { execa } from 'execa';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Site } from './site.js';

export class GitError extends Error {}

function firstLine(e: unknown): string {
  const err = e as { stderr?: unknown; shortMessage?: unknown; message?: unknown };
  const text = typeof err.stderr === 'string' && err.stderr.trim() !== '' ? err.stderr : String(err.shortMessage ?? err.message ?? e);
  return text.trim().split('\n')[0] ?? '';
}

async function git(dir: string, args: string[]): Promise<string> {
  try {
    const r = await execa('git', ['-C', dir, ...args], { stdin: 'ignore' });
    return r.stdout.trim();
  } catch (e) {
    throw new GitError(`git ${args[0]}: ${firstLine(e)}`);
  }
}

/** The top directory of the repository holding `dir`. */
export async function repositoryRoot(dir: string): Promise<string> {
  return resolve(await git(dir, ['rev-parse', '--show-toplevel']));
}

/** The commit a revision names (`main`, `HEAD~1`, a tag, a hash). */
export async function resolveRevision(repo: string, rev: string): Promise<string> {
  if (rev.startsWith('-')) throw new GitError(`'${rev}' is not a revision`);
  try {
    return await git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    throw new GitError(`unknown revision '${rev}' in ${repo}`);
  }
}

/** Write the tree of `commit` into the (empty) directory `dest`. */
export async function exportRevision(repo: string, commit: string, dest: string): Promise<void> {
  try {
    await execa('git', ['-C', repo, 'archive', '--format=tar', commit], { stdin: 'ignore' }).pipe('tar', ['-x', '-f', '-', '-C', dest]);
  } catch (e) {
    throw new GitError(`cannot export ${commit}: ${firstLine(e)}`);
  }
}

/** A path of the work tree at `root`, moved into an exported tree at `dest`. */
export function pathAt(p: string, root: string, dest: string): string {
  const rel = relative(root, existsSync(p) ? realpathSync.native(p) : p);
  if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) throw new GitError(`${p} is outside the repository ${root}`);
  return join(dest, rel);
}

/** The same site, its paths moved from the work tree at `root` into an exported tree at `dest`. */
export function siteAt(site: Site, root: string, dest: string): Site {
  const move = (p: string): string => pathAt(p, root, dest);
  return { includePath: site.includePath.map(move), objects: site.objects.map(move) };
}

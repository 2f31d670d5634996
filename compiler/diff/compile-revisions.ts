/**
 * Compiling a site at two git revisions (or a revision and the work tree)
 * into two output directories, for `panfab diff --git`. Each revision is
 * exported into a temporary directory (removed afterwards) and compiled
 * there; error locations name the revision (`main:site/x.pan`) rather than
 * the temporary copy.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { compile } from '../build/compile.js';
import { exportRevision, repositoryRoot, resolveRevision } from './git-revisions.js';
import type { Progress } from '../../common/progress.js';
import { objectTemplateFiles, type Site } from './site.js';

/** One side of the comparison, compiled: what to call it, where its profiles are, its compile errors. */
export interface Side {
  readonly label: string;
  readonly outputDir: string;
  readonly errors: string[];
}

export interface RevisionOutputs {
  readonly old: Side;
  readonly new: Side;
  /** Remove the temporary directories. */
  cleanup(): void;
}

/** Where an exported tree sits, and what to call it in messages. */
interface Exported {
  readonly dir: string;
  readonly rev: string;
}

/**
 * Compile the site's object templates into `outputDir` (JSON) and return the
 * errors as printed. In an exported tree, object paths that do not exist at
 * that revision are skipped, and file names are given as `rev:path`.
 */
export async function compileSiteInto(site: Site, outputDir: string, exported?: Exported): Promise<string[]> {
  const files = objectTemplateFiles(site, exported !== undefined);
  mkdirSync(outputDir, { recursive: true });
  const result = await compile(files, { includePath: site.includePath, outputDir, formats: ['json'], warnings: 'off' });
  const rename = (s: string): string => (exported === undefined ? s : s.split(exported.dir + sep).join(`${exported.rev}:`));
  return result.errors.map((e) => rename(e.format()));
}

/** The site in a checkout: `tree` is the work tree's `root` itself or an exported revision. */
export type SiteInTree = (tree: string, root: string) => Promise<Site>;

/**
 * Compile the site at `oldRev` and at `newRev` (the work tree itself when
 * undefined), in the repository holding `repoDir`.
 */
export async function compileRevisions(repoDir: string, siteIn: SiteInTree, oldRev: string, newRev: string | undefined, progress: Progress): Promise<RevisionOutputs> {
  const root = await repositoryRoot(repoDir);
  const oldCommit = await resolveRevision(root, oldRev);
  const newCommit = newRev === undefined ? undefined : await resolveRevision(root, newRev);
  const tmp = mkdtempSync(join(tmpdir(), 'panfab-diff-'));
  const cleanup = (): void => rmSync(tmp, { recursive: true, force: true });
  try {
    const side = async (key: 'old' | 'new', rev: string | undefined, commit: string | undefined): Promise<Side> => {
      const outputDir = join(tmp, `out-${key}`);
      if (commit === undefined) {
        progress.update('compiling the work tree', true);
        return { label: 'work tree', outputDir, errors: await compileSiteInto(await siteIn(root, root), outputDir) };
      }
      const src = join(tmp, `src-${key}`);
      mkdirSync(src);
      progress.update(`exporting ${rev}`, true);
      await exportRevision(root, commit, src);
      progress.update(`compiling ${rev}`, true);
      const errors = await compileSiteInto(await siteIn(src, root), outputDir, { dir: src, rev: rev as string });
      return { label: rev as string, outputDir, errors };
    };
    const old = await side('old', oldRev, oldCommit);
    const next = await side('new', newRev, newCommit);
    return { old, new: next, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

/** Shared by the diff/explain suites: a copy of the fixture site, compiled outputs, the commands run in process. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { compileSiteInto } from '../../compiler/diff/compile-revisions.js';
import { siteLoader } from '../../cli/commands/diff.js';

export const FIXTURE_SITE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'site');

export interface TempSite {
  /** Root of the copy (holds panfab.yaml). */
  readonly root: string;
  /** A scratch directory beside it, for outputs. */
  readonly scratch: string;
  edit(rel: string, from: string | RegExp, to: string): void;
  /** Compile the copy into `scratch/<name>`; returns that directory. */
  compile(name: string): Promise<string>;
  cleanup(): void;
}

export function tempSite(): TempSite {
  const base = mkdtempSync(join(tmpdir(), 'panfab-diff-test-'));
  const root = join(base, 'site');
  cpSync(FIXTURE_SITE, root, { recursive: true });
  return {
    root,
    scratch: base,
    edit(rel, from, to) {
      const file = join(root, rel);
      const text = readFileSync(file, 'utf8');
      const next = text.replace(from, to);
      if (next === text) throw new Error(`edit of ${rel} changed nothing`);
      writeFileSync(file, next);
    },
    async compile(name) {
      const out = join(base, name);
      const errors = await compileSiteInto(await (await siteLoader())(root), out);
      if (errors.length > 0) throw new Error(errors.join('\n'));
      return out;
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Run `panfab ARGS` with the given command modules, in process, as cli/panfab.ts does (exit status included). */
export async function runPanfab(register: (program: Command) => void, args: string[], cwd?: string): Promise<RunResult> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const previousCwd = process.cwd();
  if (cwd !== undefined) process.chdir(cwd);
  const program = new Command('panfab').exitOverride();
  register(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) process.exitCode = e.exitCode;
    else {
      err += `panfab: ${e instanceof Error ? e.message : String(e)}\n`;
      process.exitCode = 1;
    }
  } finally {
    if (cwd !== undefined) process.chdir(previousCwd);
    vi.restoreAllMocks();
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, out, err };
}

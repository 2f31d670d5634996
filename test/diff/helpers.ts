/** Shared by the diff/explain suites: a copy of the fixture site, compiled outputs, the commands run in process. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export { runPanfab, type RunResult } from '../cli-harness.js';

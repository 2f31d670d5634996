/** Running `panfab example`'s implementation on a site, for the tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExample, type ExampleResult } from '../../cli/commands/example.js';

export const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
export const SITE = join(REPO, 'examples', 'site');
export const BROKEN = join(REPO, 'examples', 'broken');

export interface SiteRun extends ExampleResult {
  /** What the command printed. */
  readonly lines: readonly string[];
  readonly out: string;
}

/** Temporary directories made by a test file, removed by cleanup(). */
export class TempDirs {
  private readonly dirs: string[] = [];

  make(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  cleanup(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** Compile (and check) a site into `out`; the install server and agent steps too unless compileOnly. */
export async function runSite(site: string, out: string, compileOnly = true): Promise<SiteRun> {
  const lines: string[] = [];
  const result = await runExample({ site, out, compileOnly, write: (l) => lines.push(l) });
  return { ...result, lines, out };
}

/** A profile of a run, by host name. */
export function profileOf(run: SiteRun, name: string) {
  const host = run.hosts.find((h) => h.name === name);
  if (host === undefined) throw new Error(`${name} was not compiled`);
  return host.profile;
}

/**
 * Memoised template execution (compiler/eval/memo.ts), interning and the
 * caches built on it must never change a result: a scaled copy of the real
 * Quattor site (../shared/bench/make-scaled-site) compiled with them and
 * without them gives the same profiles, dependencies and warnings.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../compiler/build/compile.js';
import { newSession } from '../../compiler/build/compile.js';
import { formatDep } from '../../compiler/output/dep.js';
import { formatJson } from '../../compiler/output/json.js';
import { panFilesIn } from '../../compiler/loader/pan-files.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = resolve(repoRoot, '..', 'shared');

const INCLUDE = ['clusters/grid/umd4', 'clusters/grid/umd4/profiles', 'clusters/grid/umd4/site', 'sites/example', 'grid/umd-4', 'os', 'quattor/dev', 'standard'];

function compileAll(dir: string, files: string[], memo: boolean): Map<string, string> {
  const session = newSession({ includePath: INCLUDE.map((d) => join(dir, d)), formats: ['json'], memo });
  const out = new Map<string, string>();
  for (const file of files) {
    const name = file.split('/').pop()?.replace(/\.pan$/, '') as string;
    const built = session.object(name, file);
    const text = built.error
      ? `error: ${built.error.format()}`
      : `${formatJson(built.root as NonNullable<typeof built.root>)}\n${formatDep(built.deps.values())}`;
    out.set(name, `${text}\nwarnings so far: ${session.warnings.length}`);
    session.objects.delete(name);
  }
  return out;
}

describe('memoisation does not change results', () => {
  it('compiles a scaled site identically with and without memo', async () => {
    await compile([], { includePath: [], formats: [] }); // loads the parser
    const dir = join(mkdtempSync(join(tmpdir(), 'panfab-memo-')), 'site');
    try {
      execFileSync('python3', [join(shared, 'bench', 'make-scaled-site'), join(shared, 'acceptance', 'quattor-examples', 'cfg'), dir, '25'], { stdio: 'pipe' });
      const profiles = join(dir, 'clusters/grid/umd4/profiles');
      const files = panFilesIn(profiles);
      const plain = compileAll(dir, files, false);
      const memo = compileAll(dir, files, true);
      expect(memo.size).toBe(files.length);
      const differing = [...plain].filter(([name, text]) => memo.get(name) !== text).map(([name]) => name);
      expect(differing).toEqual([]);
      expect([...plain.values()].filter((t) => t.startsWith('error'))).toEqual([]);
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  }, 300_000);
});

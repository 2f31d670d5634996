/**
 * Acceptance, levels A and B (../shared/acceptance/README.md):
 *  A. the ten example profiles of the real Quattor site compile with no error,
 *     their JSON and pan XML are byte-identical to panc's, and the templates and
 *     files they loaded are exactly panc's .dep;
 *  B. loading (almost) all of template-library-core ends, as with panc, in a
 *     validation error about a missing element under a bound path.
 * A mismatch prints where each profile first differs, not the whole diff.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compile } from '../../compiler/build/compile.js';
import { firstDifference } from '../../compiler/output/first-difference.js';
import { panFilesIn } from '../../compiler/loader/pan-files.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const site = resolve(repoRoot, '..', 'shared', 'acceptance', 'quattor-examples');
const cfg = join(site, 'cfg');

const INCLUDE_PATH = [
  'clusters/grid/umd4',
  'clusters/grid/umd4/profiles',
  'clusters/grid/umd4/site',
  'sites/example',
  'grid/umd-4',
  'os',
  'quattor/dev',
  'standard',
].map((d) => join(cfg, d));

describe('Level A: the ten example profiles compile exactly as with panc', () => {
  it('gives byte-identical JSON and pan XML, and the same .dep', async () => {
    const profiles = join(cfg, 'clusters/grid/umd4/profiles');
    const files = panFilesIn(profiles);
    expect(files).toHaveLength(10);
    const out = mkdtempSync(join(tmpdir(), 'panfab-level-a-'));
    try {
      const t0 = performance.now();
      const result = await compile(files, { includePath: INCLUDE_PATH, outputDir: out, formats: ['pan', 'json', 'dep'] });
      const ms = performance.now() - t0;
      console.log(`Level A: ${result.objects.length} profiles compiled in ${ms.toFixed(0)} ms (${result.warnings.length} deprecation warnings)`);
      expect(result.errors.map((e) => e.format())).toEqual([]);

      const problems: string[] = [];
      let identical = 0;
      for (const o of result.objects) {
        for (const ext of ['json', 'xml', 'dep']) {
          const golden = readFileSync(join(site, 'golden', `${o.name}.${ext}`), 'utf8');
          let mine = readFileSync(join(out, `${o.name}.${ext}`), 'utf8');
          if (ext === 'dep') mine = mine.split(cfg).join('$CFG');
          const diff = firstDifference(golden, mine);
          if (diff === null) identical++;
          else problems.push(`${o.name}.${ext}: ${diff}`);
        }
      }
      console.log(`Level A: ${identical}/${result.objects.length * 3} outputs identical to panc's`);
      expect(problems.join('\n\n')).toBe('');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('Level B: all of template-library-core', () => {
  it('ends in a validation error about a missing element under a bound path', async () => {
    const core = join(site, 'core-all-templates');
    const result = await compile([join(core, 'test.pan')], {
      includePath: [join(cfg, 'quattor/dev'), core],
      formats: ['json'],
    });
    expect(result.errors).toHaveLength(1);
    const e = result.errors[0];
    const text = e?.format() ?? '';
    console.log(`Level B outcome:\n${text}`);
    expect(e?.kind).toBe('validation');
    expect(text).toContain('element does not exist');
    expect(text).toContain('bound to type');
  });
});

/**
 * Level C acceptance: every .pan file of the real Quattor example site
 * (../shared/acceptance/quattor-examples/cfg, beside the repository) parses.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { panFilesIn } from '../../compiler/loader/pan-files.js';
import { dirname, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PanError } from '../../compiler/errors.js';
import { parseTemplate } from '../../compiler/parser/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cfg = resolve(repoRoot, '..', 'shared', 'acceptance', 'quattor-examples', 'cfg');

function describeFailure(e: unknown): string {
  return e instanceof PanError ? e.format() : `not a PanError: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
}

describe('Level C: parse the acceptance corpus', () => {
  it('parses every .pan file under cfg/', () => {
    const files = panFilesIn(cfg, { recursive: true });
    const sources = files.map((file) => readFileSync(file, 'utf8'));
    const failures: string[] = [];
    const start = performance.now();
    for (let i = 0; i < files.length; i++) {
      try {
        parseTemplate(sources[i]!, relative(cfg, files[i]!));
      } catch (e) {
        failures.push(describeFailure(e));
      }
    }
    const elapsed = performance.now() - start;
    const parsed = files.length - failures.length;
    console.log(`Level C: ${parsed}/${files.length} files parsed in ${elapsed.toFixed(0)} ms`);
    if (failures.length > 0) console.log(`first failures:\n${failures.slice(0, 5).join('\n\n')}`);
    expect(files.length).toBeGreaterThan(2000);
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

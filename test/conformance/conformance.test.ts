/**
 * The Pan conformance suite (shared/conformance/pan-suite) against panfab's
 * compiler: every unit compiled through compile() from
 * compiler/build/compile.ts and judged by the suite's rules (suite.ts).
 * Prints each failure with its reason, a per-category table and
 * `N passed, M failed`; fails when any unit fails (the whole suite passes:
 * a regression in any unit must show).
 *
 *   npm run conformance
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatReport } from './report.js';
import { runSuite } from './runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SUITE = path.resolve(here, '../../../shared/conformance/pan-suite');
const COMPILE = path.resolve(here, '../../compiler/build/compile.ts');

const UNIT_TIMEOUT_MS = 20_000;
/** Units left when this is used up fail as "not run" (keeps CI bounded even if many units hang). */
const BUDGET_MS = 15 * 60_000;

/** Progress on a terminal only (stderr), quiet in CI. */
function progress(done: number, total: number): void {
  if (process.stderr.isTTY && !process.env.CI) process.stderr.write(`\rconformance: ${done}/${total}`);
}

describe('Pan conformance suite', () => {
  it('passes every unit', async () => {
    if (!existsSync(SUITE)) throw new Error(`the conformance suite is missing: ${SUITE}`);
    if (!existsSync(COMPILE)) {
      throw new Error(
        'compiler/build/compile.ts does not exist yet: the conformance run needs compile(files, options) ' +
          '(types in compiler/build/api.ts)',
      );
    }
    const results = await runSuite(SUITE, {
      compileModule: pathToFileURL(COMPILE).href,
      unitTimeoutMs: UNIT_TIMEOUT_MS,
      budgetMs: BUDGET_MS,
      onResult: (_, done, total) => progress(done, total),
    });
    if (process.stderr.isTTY && !process.env.CI) process.stderr.write('\n');
    console.log(formatReport(results));
    const failed = results.filter((r) => !r.verdict.passed).map((r) => r.unit.id);
    expect(results.length, 'no unit was run').toBeGreaterThan(0);
    expect(failed, `${failed.length} of ${results.length} units failed`).toEqual([]);
  }, BUDGET_MS + 5 * 60_000);
});

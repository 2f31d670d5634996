/**
 * The Pan conformance suite (shared/conformance/pan-suite) against panfab's
 * compiler: every unit compiled through compile() from
 * compiler/build/compile.ts and judged by the suite's rules (suite.ts).
 * Prints each failure with its reason, a per-category table and
 * `N passed, M failed`; fails below the project's 97% target.
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

const TARGET = 0.97;
const UNIT_TIMEOUT_MS = 20_000;
/** Units left when this is used up fail as "not run" (keeps CI bounded even if many units hang). */
const BUDGET_MS = 15 * 60_000;

/** Progress on a terminal only (stderr), quiet in CI. */
function progress(done: number, total: number): void {
  if (process.stderr.isTTY && !process.env.CI) process.stderr.write(`\rconformance: ${done}/${total}`);
}

describe('Pan conformance suite', () => {
  it(`passes at least ${TARGET * 100}% of the units`, async () => {
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
    const passed = results.filter((r) => r.verdict.passed).length;
    const rate = passed / results.length;
    expect(rate, `pass rate ${(rate * 100).toFixed(1)}% is below the ${TARGET * 100}% target`).toBeGreaterThanOrEqual(TARGET);
  }, BUDGET_MS + 5 * 60_000);
});

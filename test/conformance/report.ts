/** The conformance run's report: failures with reasons, a per-category table, totals. */
import type { UnitResult } from './runner.js';

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

function padLeft(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** Passed/failed per category, in first-seen order. */
export function tally(results: readonly UnitResult[]): Map<string, { passed: number; failed: number }> {
  const table = new Map<string, { passed: number; failed: number }>();
  for (const { unit, verdict } of results) {
    const row = table.get(unit.category) ?? { passed: 0, failed: 0 };
    if (verdict.passed) row.passed++;
    else row.failed++;
    table.set(unit.category, row);
  }
  return table;
}

/** The whole report; its last line is `N passed, M failed`. */
export function formatReport(results: readonly UnitResult[]): string {
  const lines: string[] = [];
  const failures = results.filter((r) => !r.verdict.passed);
  if (failures.length > 0) {
    lines.push(`Failed units (${failures.length}):`);
    for (const { unit, verdict } of failures) lines.push(`FAIL ${unit.id}: ${verdict.reason}`);
    lines.push('');
  }
  const table = tally(results);
  const width = Math.max(8, ...[...table.keys()].map((c) => c.length));
  lines.push(`${pad('category', width)}  passed  failed`);
  for (const [category, row] of table) {
    lines.push(`${pad(category, width)}  ${padLeft(String(row.passed), 6)}  ${padLeft(String(row.failed), 6)}`);
  }
  const passed = results.length - failures.length;
  const rate = results.length === 0 ? 0 : (100 * passed) / results.length;
  lines.push('');
  lines.push(`pass rate ${rate.toFixed(1)}% of ${results.length} units`);
  lines.push(`${passed} passed, ${failures.length} failed`);
  return lines.join('\n');
}

/**
 * The compile benchmark's table: with repeated runs, each row is the run of
 * median wall time, and the range of all runs is shown beside it.
 */
import { describe, expect, it } from 'vitest';
import { medianRun, table, type Measurement } from './compile.js';

const run = (wallS: number, cpuS = wallS * 2): Measurement => ({
  label: 'x', code: 0, wallS, cpuS, rssMb: 500, total: 1010, compiled: 1010, unchanged: 0, failed: 0, summary: `${wallS}`,
});

describe('medianRun', () => {
  it('takes the run of median wall time, its CPU and memory with it, and the range of all', () => {
    const m = medianRun('cold', [run(9), run(7, 20), run(8, 15)]);
    expect(m).toMatchObject({ label: 'cold', wallS: 8, cpuS: 15, runs: 3, wallMinS: 7, wallMaxS: 9 });
  });

  it('takes the lower middle of an even number of runs', () => {
    expect(medianRun('no-op', [run(0.5), run(0.3), run(0.4), run(0.9)]).wallS).toBe(0.4);
  });

  it('refuses no runs', () => {
    expect(() => medianRun('cold', [])).toThrow('cold: no runs');
  });
});

describe('table', () => {
  it('shows the wall range column only when a row stands for several runs', () => {
    expect(table([run(7.5)])).not.toContain('wall range');
    const t = table([medianRun('cold', [run(7.5), run(7.1), run(8.2)]), { ...run(0.4), label: 'no-op' }]);
    const [head, , cold, noop] = t.split('\n');
    expect(head).toContain('wall range s');
    expect(cold).toMatch(/^cold\s+7\.50\s+7\.10-8\.20 \(3\)\s+135\s+15\.00/);
    expect(noop).toMatch(/^no-op\s+0\.40\s+0\.40-0\.40 \(1\)/);
  });
});

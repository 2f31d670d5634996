import { describe, expect, it } from 'vitest';
import type { Job } from './job-runner.js';
import { runInWorkers } from './worker-pool.js';

describe('runInWorkers', () => {
  it('fails the jobs of workers that cannot start, with the reason, and stops retrying', async () => {
    const jobs: Job[] = [0, 1, 2].map((index) => ({ index, file: `/nowhere/t${index}.pan` }));
    const lost: [number, string][] = [];
    let results = 0;
    await runInWorkers(jobs, 2, {
      // The worker evaluates --initial-data first: this does not parse.
      options: { includePath: [], formats: ['json'], initialData: 'dict(' }, seenAt: Date.now(), loadParser: true,
    }, {
      onEntry: () => undefined,
      onResult: () => { results++; },
      onLost: (job, reason) => { lost.push([job.index, reason]); },
    });
    expect(results).toBe(0);
    expect(lost.map(([i]) => i).sort()).toEqual([0, 1, 2]);
    for (const [, reason] of lost) expect(reason).toMatch(/initial-data|expect|end of file/i);
  }, 120_000);
});

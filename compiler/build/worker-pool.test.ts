import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('runInWorkers with a local lane', () => {
  it('shares the queue between the calling thread and one worker fewer, each job once', async () => {
    const jobs: Job[] = Array.from({ length: 40 }, (_, index) => ({ index, file: `/nowhere/t${index}.pan` }));
    const local: number[] = [];
    const fromWorkers: number[] = [];
    const workerIds = new Set<number>();
    await runInWorkers(jobs, 2, {
      options: { includePath: [], formats: ['json'] }, seenAt: Date.now(), loadParser: false,
    }, {
      onEntry: () => undefined,
      onResult: (w, result) => { workerIds.add(w); fromWorkers.push(result.index); },
      onLost: (job, reason) => { throw new Error(`job ${job.index} lost: ${reason}`); },
    }, (j) => [...j], async (job) => {
      local.push(job.index);
      // The first job here waits for the worker's first result: both lanes get work, whatever their speeds.
      while (local.length === 1 && fromWorkers.length === 0) await new Promise((r) => setTimeout(r, 10));
    });
    expect(workerIds).toEqual(new Set([0])); // two lanes: this thread and one worker
    expect(local.length).toBeGreaterThan(0);
    expect(fromWorkers.length).toBeGreaterThan(0);
    expect([...local, ...fromWorkers].sort((a, b) => a - b)).toEqual(jobs.map((j) => j.index));
  }, 120_000);
});

describe('runInWorkers: a worker is not kept waiting', () => {
  it('starts on its first batch while the calling thread is still busy with its own first job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panfab-pool-'));
    try {
      const out = join(dir, 'out');
      const jobs: Job[] = Array.from({ length: 12 }, (_, index) => {
        const file = join(dir, `t${index}.pan`);
        writeFileSync(file, `object template t${index};\n'/a' = ${index};\n`);
        return { index, file };
      });
      let sawWorkerOutput: boolean | undefined;
      const results: number[] = [];
      await runInWorkers(jobs, 2, {
        options: { includePath: [dir], formats: ['json'], outputDir: out }, seenAt: Date.now(), loadParser: true,
      }, {
        onEntry: () => undefined,
        onResult: (_, result) => { results.push(result.index); },
        onLost: (job, reason) => { throw new Error(`job ${job.index} lost: ${reason}`); },
      }, (j) => [...j], async () => {
        if (sawWorkerOutput !== undefined) return;
        // This thread's first job blocks it (as compiling a first profile does): no message
        // of the worker's is read meanwhile, so it can only work on a batch sent before.
        const deadline = Date.now() + 20_000;
        do sawWorkerOutput = existsSync(out) && readdirSync(out).length > 0;
        while (!sawWorkerOutput && Date.now() < deadline);
      });
      expect(sawWorkerOutput).toBe(true);
      expect(results.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

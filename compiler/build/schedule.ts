/**
 * Order in which worker threads take object templates. Profiles built from
 * the same model share most templates and most memoised template runs
 * (eval/memo.ts), so they are kept together: templates are grouped by the
 * first template their object template includes (usually the machine type),
 * and workers take consecutive runs of the list.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Job } from './job-runner.js';

const HEAD_BYTES = 8192;
const FIRST_INCLUDE = /^\s*include\s+(?:'([^']+)'|"([^"]+)")/m;

/** The first literally included template of an object template ('' when none or unreadable). */
export function modelOf(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    const m = FIRST_INCLUDE.exec(buf.toString('utf8', 0, n));
    return m ? (m[1] ?? m[2] ?? '') : '';
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export type Schedule = 'model' | 'name';

/** Jobs in the order workers should take them. */
export function scheduleJobs(jobs: readonly Job[], schedule: Schedule): Job[] {
  const keyed = jobs.map((j) => ({ job: j, key: schedule === 'model' ? modelOf(j.file) : '' }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.job.file < b.job.file ? -1 : a.job.file > b.job.file ? 1 : 0));
  return keyed.map((k) => k.job);
}

/** How many jobs a worker takes at a time: large batches early, single jobs near the end (balance). */
export function batchSize(remaining: number, workers: number): number {
  return Math.max(1, Math.min(16, Math.floor(remaining / (workers * 3))));
}

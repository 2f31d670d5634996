/**
 * Worker threads for a build: each runs worker.ts (its own compile session)
 * and takes batches of jobs from one queue, asking for the next one as it
 * starts the last job of a batch. The calling thread can take batches too
 * (a local lane): it then starts one worker fewer, and its lane starts at
 * once, without a worker's start-up (loading the compiler, ~0.2 s). Each
 * worker is sent its first batch as it is started, not when it asks: the
 * calling thread then compiles its own first job, which takes the longest
 * (its templates are new), and would answer only after it. A worker
 * that dies fails the job it was compiling (a system error) and its other
 * jobs go back to the queue for a replacement worker.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import type { InputEntry } from './input-entries.js';
import type { Job, JobResult } from './job-runner.js';
import { batchSize } from './schedule.js';
import { spawnThread } from './thread-script.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';

export interface PoolCallbacks {
  /** A worker announced an input entry (ids are per worker). */
  onEntry(worker: number, id: number, entry: InputEntry): void;
  onResult(worker: number, result: JobResult): void;
  /** A job lost with its worker. */
  onLost(job: Job, reason: string): void;
}

function spawn(init: WorkerInit): Worker {
  return spawnThread('worker', init);
}

/** The calling thread as a lane: compiles one job and reports it (through the caller's own callbacks). */
export type LocalLane = (job: Job) => Promise<void>;

/**
 * Compile `jobs` in `threads` lanes: worker threads and, with `local`, this
 * thread as one of them. `order` puts the jobs in the order lanes take them;
 * it runs once the workers are starting, as their start-up takes longer than
 * it does (it reads the head of every object template).
 */
export async function runInWorkers(
  jobs: readonly Job[], threads: number, init: WorkerInit, callbacks: PoolCallbacks, order: (jobs: readonly Job[]) => Job[] = (j) => [...j],
  local?: LocalLane,
): Promise<void> {
  const queue: Job[] = [];
  let nextWorkerId = 0;
  let respawns = Math.max(4, threads * 2);
  // Settled once every job has a result or is lost, not when the workers have
  // exited: they free their heaps while the build saves its state.
  let unsettled = jobs.length;

  await new Promise<void>((resolve) => {
    const settled = (): void => {
      if (--unsettled === 0) resolve();
    };
    const lose = (job: Job, reason: string): void => {
      callbacks.onLost(job, reason);
      settled();
    };
    /** Start a worker; returns what sends it its next batch (or its stop). */
    const launch = (): (() => void) => {
      const id = nextWorkerId++;
      const inFlight: Job[] = [];
      let reason = 'the worker thread stopped';
      let stopped = false;
      let ready = false;
      const worker = spawn(init);
      const feed = (): void => {
        if (queue.length === 0) {
          stopped = true;
          worker.postMessage({ type: 'stop' } satisfies ToWorker);
          return;
        }
        const batch = queue.splice(0, batchSize(queue.length, threads));
        inFlight.push(...batch);
        worker.postMessage({ type: 'jobs', jobs: batch } satisfies ToWorker);
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') ready = true;
        else if (m.type === 'idle') feed();
        else if (m.type === 'fatal') reason = m.message;
        else {
          for (const [eid, e] of m.entries) callbacks.onEntry(id, eid, e);
          const i = inFlight.findIndex((j) => j.index === m.result.index);
          if (i >= 0) inFlight.splice(i, 1);
          callbacks.onResult(id, m.result);
          settled();
        }
      });
      worker.on('error', (e) => { reason = `the worker thread failed: ${e instanceof Error ? e.message : String(e)}`; });
      worker.on('exit', () => {
        if (!stopped || inFlight.length > 0) {
          // A worker that never started has not started a job either: none of its jobs failed.
          const lost = ready ? inFlight.shift() : undefined;
          if (lost !== undefined) lose(lost, reason);
          queue.unshift(...inFlight);
          if (queue.length > 0 && respawns-- > 0) launch()();
          else for (const j of queue.splice(0)) lose(j, reason);
        }
      });
      return feed;
    };
    /** Batches taken here, a job at a time, letting the workers' messages in between (their results, their asks). */
    const runLocal = async (lane: LocalLane): Promise<void> => {
      while (queue.length > 0) {
        for (const job of queue.splice(0, batchSize(queue.length, threads))) {
          try {
            await lane(job);
            settled();
          } catch (e) {
            lose(job, `the build failed: ${e instanceof Error ? e.message : String(e)}`);
          }
          await nextTurn();
        }
      }
    };
    if (jobs.length === 0) resolve();
    const workers = local === undefined ? threads : threads - 1;
    const feeds: (() => void)[] = [];
    for (let i = 0; i < Math.min(workers, jobs.length); i++) feeds.push(launch());
    queue.push(...order(jobs));
    for (const feed of feeds) feed(); // queued in the worker until it listens
    if (local !== undefined) void runLocal(local);
  });
}

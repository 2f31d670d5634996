/**
 * A build worker thread: one compile session, fed batches of object templates
 * by the main thread (worker-pool.ts). Outputs are written here, straight to
 * disk; only the small per-job results go back to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ParseCache } from '../loader/parse-cache.js';
import { loadParser, useParseCache } from '../loader/template-parser.js';
import type { CompileOptions } from './api.js';
import type { InputEntry } from './input-entries.js';
import { JobRunner, type Job, type JobResult } from './job-runner.js';
import { evaluateInitialData } from './session-options.js';

export interface WorkerInit {
  readonly options: CompileOptions;
  readonly seenAt: number;
  readonly parseCacheDir?: string;
  /** Load the parser up front (else only when a template is not in the parse cache). */
  readonly loadParser: boolean;
}

export type ToWorker = { readonly type: 'jobs'; readonly jobs: readonly Job[] } | { readonly type: 'stop' };

export type FromWorker =
  /** Started: its first batch was sent with it (worker-pool.ts), so it does not ask for one. */
  | { readonly type: 'ready' }
  /** Asking for its next batch. */
  | { readonly type: 'idle' }
  | { readonly type: 'result'; readonly entries: readonly (readonly [number, InputEntry])[]; readonly result: JobResult }
  | { readonly type: 'fatal'; readonly message: string };

async function start(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('worker.ts runs in a worker thread');
  const init = workerData as WorkerInit;
  const post = (m: FromWorker): void => port.postMessage(m);
  let runner: JobRunner;
  try {
    if (init.loadParser || init.options.initialData !== undefined) await loadParser();
    useParseCache(init.parseCacheDir !== undefined ? new ParseCache(init.parseCacheDir) : undefined);
    const initialRoot = init.options.initialData === undefined
      ? undefined
      : evaluateInitialData(init.options.initialData, init.options, (await import('../parser/index.js')).parseExpression);
    const entries: (readonly [number, InputEntry])[] = [];
    runner = new JobRunner({ options: init.options, initialRoot, seenAt: init.seenAt, onEntry: (id, e) => entries.push([id, e]) });
    let busy = Promise.resolve();
    port.on('message', (m: ToWorker) => {
      if (m.type === 'stop') {
        busy = busy.then(() => port.close()); // after the jobs still running
        return;
      }
      busy = busy.then(async () => {
        for (let i = 0; i < m.jobs.length; i++) {
          // Ask for the next batch while the last job runs: it comes without a wait for the main thread.
          if (i === m.jobs.length - 1) post({ type: 'idle' });
          const result = await runner.runLoadingParser(m.jobs[i] as Job);
          post({ type: 'result', entries: entries.splice(0), result });
        }
      });
    });
    post({ type: 'ready' });
  } catch (e) {
    post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    port.close();
  }
}

void start();

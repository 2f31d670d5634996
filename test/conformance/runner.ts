/**
 * Runs conformance units: each one compiled in a worker thread (the
 * compiler's TypeScript loaded through ts-hooks.mjs), with a time limit.
 * A unit that hangs gets its worker terminated; one that kills its worker
 * is a crash; either way a fresh worker takes the next unit.
 */
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OutputFormat } from '../../compiler/build/api.js';
import { discoverUnits, judge, parseHeaders, type Headers, type Outcome, type Unit, type Verdict } from './suite.js';
import type { LoadRequest, UnitRequest, UnitResponse } from './unit-worker.js';

export const ROOT_ELEMENT_INITIAL_DATA = "dict('root-element-test', 'OK')";

const here = path.dirname(fileURLToPath(import.meta.url));
const HOOKS = pathToFileURL(path.join(here, 'ts-hooks.mjs')).href;
const WORKER = pathToFileURL(path.join(here, 'unit-worker.ts')).href;

/** Worker bootstrap: TypeScript hooks first, then the worker module. */
const BOOTSTRAP = `
require('node:module').register(${JSON.stringify(HOOKS)});
import(${JSON.stringify(WORKER)}).catch((e) => { throw e; });
`;

/** The compiler could not be loaded at all: the run cannot judge anything. */
export class CompilerMissingError extends Error {}

type Answer = UnitResponse | { abnormal: string };

/** One worker at a time, replaced when it hangs or dies. */
export class UnitRunner {
  private worker: Worker | undefined;
  private nextId = 1;

  constructor(
    private readonly compileModule: string,
    private readonly startTimeoutMs = 120_000,
  ) {}

  /** Starts a worker and loads the compiler in it. */
  private async ensureWorker(): Promise<void> {
    if (this.worker !== undefined) return;
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: 4096 },
    });
    this.worker.stdout.resume(); // compiler chatter (warnings) is not part of a verdict
    this.worker.stderr.resume();
    const request: LoadRequest = { type: 'load', id: this.nextId++, compileModule: this.compileModule };
    const answer = await this.exchange(request, this.startTimeoutMs);
    if ('abnormal' in answer) throw new CompilerMissingError(`cannot start the compiler worker: ${answer.abnormal}`);
    if (answer.compilerMissing !== undefined) throw new CompilerMissingError(`cannot load the compiler: ${answer.compilerMissing}`);
  }

  /** Posts a request and waits for its answer, the worker's death or the time limit. */
  private exchange(request: LoadRequest | UnitRequest, timeoutMs: number): Promise<Answer> {
    const worker = this.worker as Worker;
    return new Promise<Answer>((resolve) => {
      const finish = (answer: Answer, workerUsable: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (!workerUsable) this.discard(worker);
        resolve(answer);
      };
      const onMessage = (response: UnitResponse): void => {
        if (response.id === request.id) finish(response, true);
      };
      const onError = (e: Error): void => finish({ abnormal: `crash: the worker died: ${e.name}: ${e.message}` }, false);
      const onExit = (code: number): void => finish({ abnormal: `crash: the worker exited with code ${code}` }, false);
      const timer = setTimeout(() => finish({ abnormal: `timeout: no result after ${timeoutMs / 1000} s` }, false), timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }

  /** Compiles one unit; never throws for anything the unit does. */
  async compile(unit: Unit, format: OutputFormat, outputDir: string, timeoutMs: number): Promise<Outcome> {
    await this.ensureWorker();
    const request: UnitRequest = {
      type: 'compile',
      id: this.nextId++,
      compileModule: this.compileModule,
      mainFile: unit.mainFile,
      includeDir: unit.root,
      outputDir,
      formats: format === 'null' ? ['null', 'dep'] : [format, 'dep'],
      initialData: unit.rootElement ? ROOT_ELEMENT_INITIAL_DATA : undefined,
    };
    const answer = await this.exchange(request, timeoutMs);
    if ('abnormal' in answer) return { errors: [], abnormal: answer.abnormal, outputDir };
    if (answer.compilerMissing !== undefined) throw new CompilerMissingError(answer.compilerMissing);
    return { errors: answer.errors, abnormal: answer.crash, outputDir };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }
}

export interface UnitResult {
  unit: Unit;
  verdict: Verdict;
  millis: number;
}

export interface SuiteOptions {
  /** file: URL of the module exporting compile(). */
  compileModule: string;
  /** Time limit of one unit. */
  unitTimeoutMs: number;
  /** Units not started within this budget fail as "not run". */
  budgetMs: number;
  /** Called after each unit (progress). */
  onResult?: (result: UnitResult, done: number, total: number) => void;
}

function readHeaders(unit: Unit): Headers | undefined {
  return existsSync(unit.mainFile) ? parseHeaders(readFileSync(unit.mainFile, 'utf8')) : undefined;
}

/** Runs every unit of the suite and judges it. */
export async function runSuite(suiteRoot: string, options: SuiteOptions): Promise<UnitResult[]> {
  const units = discoverUnits(suiteRoot);
  const runner = new UnitRunner(options.compileModule);
  const started = Date.now();
  const results: UnitResult[] = [];
  try {
    for (const unit of units) {
      const result = await runUnit(runner, unit, options, Date.now() - started);
      results.push(result);
      options.onResult?.(result, results.length, units.length);
    }
  } finally {
    await runner.close();
  }
  return results;
}

async function runUnit(runner: UnitRunner, unit: Unit, options: SuiteOptions, elapsedMs: number): Promise<UnitResult> {
  const begin = Date.now();
  const headers = readHeaders(unit);
  if (headers === undefined) {
    return { unit, verdict: { passed: false, reason: `main template ${path.basename(unit.mainFile)} is missing` }, millis: 0 };
  }
  if (elapsedMs > options.budgetMs) {
    return { unit, verdict: { passed: false, reason: `not run: the run's time budget (${options.budgetMs / 1000} s) was used up` }, millis: 0 };
  }
  const outputDir = mkdtempSync(path.join(tmpdir(), 'panfab-conformance-'));
  try {
    const outcome = await runner.compile(unit, headers.format, outputDir, options.unitTimeoutMs);
    return { unit, verdict: judge(unit, headers, outcome), millis: Date.now() - begin };
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

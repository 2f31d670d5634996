/**
 * The build driver behind `panfab compile` and `panc`: selects the shard,
 * skips profiles the build cache proves unchanged, compiles the others in
 * the main thread or in worker threads, updates the profiles index and the
 * cache, and reports every message in command-line order. Loads the parser
 * only when something has to be parsed.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { PanError, asPanError } from '../errors.js';
import { ParseCache } from '../loader/parse-cache.js';
import { loadParser, parseStats, useParseCache } from '../loader/template-parser.js';
import type { PanDict } from '../model/values.js';
import type { BuildMessage, BuildObjectResult, BuildOptions, BuildResult, BuildStatus, DirtyReasons } from './api.js';
import { BuildCache, BuildState, InputValidator, compilerId, otherCompilersBuilt, pruneOtherCompilers, type ProfileRecord } from './build-cache.js';
import { buildFingerprint, compilerFingerprint } from './fingerprint.js';
import type { WorkerInit } from './worker.js';
import { errorData, panErrorOf, type ErrorData } from './error-data.js';
import type { InputEntry } from './input-entries.js';
import type { Job, JobResult, JobRunner, ObjectReport, RunnerSettings } from './job-runner.js';
import { indexedOutputs, updateIndex, type IndexedProfiles } from './profiles-index.js';
import { indexAsRecorded, jobsKey, readIndexRecord, recordIndex, writeIndexRecord } from './index-record.js';
import { BuildProgress } from './progress.js';
import { inShard } from './shard.js';
import { messagesName, sameSyntaxChanges } from './syntax-cutoff.js';

/** Below this many profiles per thread, starting workers costs more than it saves. */
const MIN_JOBS_PER_WORKER = 4;

/**
 * The same without --nthread (one lane per core at most). Each lane warms
 * up on its own: it parses and compiles the site's templates and optimises
 * the evaluator, on cores the other threads need; below twice this, one
 * thread compiles and a writer thread writes and hashes the output files.
 * On 2 cores (Node.js 24, the 1000-node benchmark site, A/B rounds): 500
 * profiles compiled in 3.41 s that way and in 3.74 s in two lanes (which
 * took 40% more CPU); 750 in 4.42 and 4.37 s; 1010 in 5.38 s and, in two
 * lanes, about 5.2 s.
 */
const MIN_JOBS_PER_DEFAULT_WORKER = 375;

/** From this many profiles, a build in one thread has a writer thread (when it may use two threads). */
const MIN_JOBS_FOR_WRITER = 20;
/** How often that build lets the writer's answers in. */
const YIELD_EVERY_MS = 25;

/**
 * How a build uses threads: `lanes` threads compile (this one, and
 * `lanes - 1` workers); with one lane, `writer`: a writer thread too.
 */
export interface ThreadPlan {
  readonly lanes: number;
  readonly writer: boolean;
}

/** The plan for `jobs` profiles to compile with at most `threads` threads (`nthread`: as the user asked). */
export function threadPlan(jobs: number, threads: number, nthread: number | undefined, writesOutputs: boolean): ThreadPlan {
  const perLane = nthread === undefined ? MIN_JOBS_PER_DEFAULT_WORKER : MIN_JOBS_PER_WORKER;
  const lanes = Math.min(threads, Math.floor(jobs / perLane));
  if (lanes > 1) return { lanes, writer: false };
  return { lanes: 1, writer: threads > 1 && writesOutputs && jobs >= MIN_JOBS_FOR_WRITER };
}

/** Outcome of one object template, whichever way it was obtained. */
interface Outcome {
  readonly status: BuildStatus;
  readonly name: string;
  readonly reports: readonly ObjectReport[];
  readonly error?: ErrorData;
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Absolute, each file once, in command-line order; then this shard's part. */
export function jobsOf(files: readonly string[], options: BuildOptions): Job[] {
  const seen = new Set<string>();
  const jobs: Job[] = [];
  for (const f of files) {
    const file = resolve(f);
    if (seen.has(file) || !inShard(file, options.shard)) continue;
    seen.add(file);
    jobs.push({ index: jobs.length, file });
  }
  return jobs;
}

/** Open the cache of this option set; undefined (and a warning) when another build holds it. */
function openCache(options: BuildOptions, messages: BuildMessage[]): BuildCache | undefined {
  if (options.cacheDir === undefined) return undefined;
  mkdirSync(options.cacheDir, { recursive: true });
  const cache = new BuildCache(options.cacheDir, buildFingerprint(options), compilerFingerprint());
  if (cache.lock()) return cache;
  messages.push({ stream: 'warning', text: `build cache ${options.cacheDir} is in use by another build with the same options: compiling without it` });
  return undefined;
}

/** Whether compiling `dirty` will need the parser (a template not in the parse cache); a wrong guess only costs a retry. */
function parserNeeded(dirty: readonly Job[], state: BuildState, validator: InputValidator, parseCache: ParseCache | undefined): boolean {
  if (dirty.length === 0) return false;
  if (parseCache === undefined) return true;
  const invalid = new Set(validator.invalid);
  for (const job of dirty) {
    const rec = state.profiles.get(job.file);
    if (rec === undefined) return true;
    for (const part of rec.inputs) {
      for (const id of part) {
        const e = state.entries[id];
        if (!invalid.has(id) || e === null || e === undefined || e.kind === 'f') continue;
        if (e.absent.length > 0 && e.found.length === 0) return true; // a template may have appeared
        for (const f of e.found) {
          const hash = validator.hashOf(f.path);
          if (hash === '' || !parseCache.has(hash)) return true;
        }
      }
    }
  }
  return false;
}

/** How the compile server (server.ts) takes part in a build. */
export interface BuildHooks {
  /** The runner for an in-process build (the server keeps them warm between builds). */
  runner?(settings: RunnerSettings): JobRunner;
  /** Called after each compiled profile. */
  onTick?(done: number, total: number, failed: number): void;
  /**
   * Given the work that can wait until the result is reported (saving the
   * cache state, which keeps the cache locked until then): the server replies
   * first. Without it, that work is done before runBuild returns.
   */
  afterReport?(work: () => void): void;
}

/** Wall and CPU milliseconds of each phase of a build (`startup`: the process before the build). */
class PhaseClock {
  readonly started = performance.now();
  readonly phases: Record<string, number> = { startup: this.started };
  private wall = this.started;
  private cpu = process.cpuUsage();

  constructor() {
    this.phases['startup cpu'] = (this.cpu.user + this.cpu.system) / 1000;
  }

  end(name: string): void {
    const now = performance.now();
    const cpu = process.cpuUsage(this.cpu);
    this.phases[name] = now - this.wall;
    this.phases[`${name} cpu`] = (cpu.user + cpu.system) / 1000;
    this.wall = now;
    this.cpu = process.cpuUsage();
  }
}

/** Profiles the cache proves unchanged (their outcome), and the others. */
function classify(jobs: readonly Job[], state: BuildState, validator: InputValidator, outputDir: string | undefined): { outcomes: (Outcome | undefined)[]; dirty: Job[]; why: DirtyReasons } {
  const outcomes: (Outcome | undefined)[] = new Array(jobs.length);
  const dirty: Job[] = [];
  const why: DirtyReasons = { new: 0, inputs: 0, outputs: 0, changedInputCount: 0, changedInputs: [] };
  for (const job of jobs) {
    const rec = state.profiles.get(job.file); // none without a cache: the state is then empty
    if (rec === undefined) why.new++;
    else if (!validator.inputsValid(rec.inputs)) why.inputs++;
    else if (validator.relaid.size > 0 && messagesName(rec.reports, validator.relaid)) why.inputs++; // their lines moved
    else if (!validator.outputsValid(outputDir, rec.outputs)) why.outputs++;
    else {
      outcomes[job.index] = { status: 'unchanged', name: rec.name, reports: rec.reports };
      continue;
    }
    dirty.push(job);
  }
  if (validator.relaid.size > 0) {
    why.layoutOnly = [...validator.relaid];
    forgetMovedMessages(jobs, state, validator.relaid);
  }
  why.changedInputCount = validator.invalid.length;
  why.changedInputs = validator.invalid.slice(0, 3).map((id) => describeEntry(state.entries[id]));
  return { outcomes, dirty, why };
}

/**
 * The entries of templates edited in layout only now hold their new text,
 * for every profile of the state, also those this build did not check (a
 * build of some of the object templates): those whose messages name such a
 * template are forgotten, to be compiled when next built.
 */
function forgetMovedMessages(jobs: readonly Job[], state: BuildState, relaid: ReadonlySet<string>): void {
  const built = new Set(jobs.map((j) => j.file));
  for (const [file, rec] of state.profiles) if (!built.has(file) && messagesName(rec.reports, relaid)) state.deleteProfile(file);
}

/** An input entry as --verbose names it. */
function describeEntry(e: InputEntry | null | undefined): string {
  if (e === null || e === undefined) return '(an input no longer recorded)';
  const what = e.kind === 't' ? 'template' : e.kind === 'f' ? 'file' : 'object template';
  return `${what} ${e.name}`;
}

/**
 * The index lists this build's profiles that did not fail (compiled or
 * unchanged). A build that compiled nothing (`attempted`: profiles compiled
 * or failed) leaves it alone when it is as the last build of these options
 * left it (index-record.ts).
 */
function writeIndex(jobs: readonly Job[], outcomes: readonly (Outcome | undefined)[], attempted: number, state: BuildState, options: BuildOptions, cache: BuildCache | undefined): void {
  const dir = options.outputDir;
  if (dir === undefined) return;
  const recordPath = cache?.indexRecordPath;
  if (options.index === false) {
    if (recordPath !== undefined) writeIndexRecord(recordPath, undefined); // the profiles may change without it
    return;
  }
  // A shard's index part is small and always made again.
  const record = recordPath !== undefined && options.shard === undefined ? { path: recordPath, jobs: jobsKey(jobs.map((j) => j.file)) } : undefined;
  if (record !== undefined && attempted === 0 && indexAsRecorded(dir, readIndexRecord(record.path), record.jobs)) return;
  const built: IndexedProfiles = new Map();
  for (const job of jobs) {
    const rec = state.profiles.get(job.file);
    if (outcomes[job.index]?.status !== 'failed' && rec !== undefined && rec.outputs.length > 0) built.set(rec.name, indexedOutputs(rec.outputs));
  }
  const { kept } = updateIndex(dir, built, options.shard);
  if (recordPath !== undefined) writeIndexRecord(recordPath, record !== undefined && kept === 0 ? recordIndex(dir, record.jobs, Date.now()) : undefined);
}

export async function runBuild(files: readonly string[], options: BuildOptions, hooks: BuildHooks = {}): Promise<BuildResult> {
  const clock = new PhaseClock();
  const seenAt = Date.now();
  const messages: BuildMessage[] = [];
  const jobs = jobsOf(files, options);
  const threads = Math.max(1, options.nthread ?? defaultThreads());
  const parseBefore = parseStats();
  const empty = (errors: PanError[]): BuildResult => ({
    objects: [], messages: errors.map((e) => ({ stream: 'error', text: e.format() })), errors,
    stats: { total: jobs.length, compiled: 0, unchanged: 0, failed: 0, outputsWritten: 0, wallMs: performance.now() - clock.started, threads, templatesParsed: 0, templatesFromParseCache: 0 },
  });

  let initialRoot: PanDict | undefined;
  if (options.initialData !== undefined) {
    try {
      await loadParser();
      const { evaluateInitialData } = await import('./session-options.js');
      initialRoot = evaluateInitialData(options.initialData, options, (await import('../parser/index.js')).parseExpression);
    } catch (e) {
      return empty([asPanError(e, '<initial-data>')]);
    }
  }

  const cache = openCache(options, messages);
  let cacheHandedOver = false;
  try {
    const state = cache?.load() ?? new BuildState();
    // Without a cache directory, each worker parses what it needs: sharing the
    // trees through a temporary one was measured slower than parsing again.
    const parseCacheDir = options.cacheDir === undefined ? undefined : join(options.cacheDir, `ast-${compilerId(compilerFingerprint())}`);
    const parseCache = parseCacheDir === undefined ? undefined : new ParseCache(parseCacheDir);
    let validator = new InputValidator(state, seenAt);
    let { outcomes, dirty, why } = classify(jobs, state, validator, options.outputDir);
    if (validator.changedTexts.size > 0) {
      // Templates edited in comments or layout only leave their profiles as they were (syntax-cutoff.ts).
      const same = await sameSyntaxChanges(validator.changedTexts.values(), parseCache);
      if (same.size > 0) {
        validator = new InputValidator(state, seenAt, same, validator);
        ({ outcomes, dirty, why } = classify(jobs, state, validator, options.outputDir));
      }
    }
    if (cache !== undefined && state.profiles.size === 0 && otherCompilersBuilt(cache.dir, compilerFingerprint())) why.otherCompiler = true;

    clock.end('validate');
    const plan = threadPlan(dirty.length, threads, options.nthread, options.outputDir !== undefined);
    const needParser = parserNeeded(dirty, state, validator, parseCache);
    if (needParser && plan.lanes === 1) await loadParser(); // with workers, once they are starting (compileInWorkers)
    clock.end('parser');

    const progress = new BuildProgress(dirty.length, options.progress ?? BuildProgress.enabledByDefault());
    let outputsWritten = 0;
    let session: string | undefined;
    let done = 0;
    let failed = 0;
    const accept: Accept = (result, globalIds) => {
      outputsWritten += result.outputs.filter((o) => o.changed).length;
      outcomes[result.index] = { status: result.ok ? 'compiled' : 'failed', name: result.name, reports: result.reports, ...(result.error ? { error: result.error } : {}) };
      if (result.ok) {
        const rec: ProfileRecord = {
          file: result.file, name: result.name, inputs: [Uint32Array.from(result.inputs, globalIds)],
          outputs: result.outputs, reports: result.reports, references: result.references,
        };
        state.setProfile(rec);
      } else {
        state.deleteProfile(result.file);
      }
      progress.tick(result.ok);
      done++;
      if (!result.ok) failed++;
      hooks.onTick?.(done, dirty.length, failed);
    };

    useParseCache(parseCache);
    const settings: RunnerSettings = { options, initialRoot, seenAt, onEntry: () => undefined };
    if (dirty.length > 0 && plan.lanes === 1) {
      session = await compileHere(dirty, settings, state, hooks, accept, plan.writer);
    } else if (dirty.length > 0) {
      const init = { options: plainOptions(options), seenAt, parseCacheDir, loadParser: needParser };
      session = await compileInWorkers(dirty, plan.lanes, init, settings, state, hooks, accept);
    }
    progress.finish();
    clock.end('compile');

    writeIndex(jobs, outcomes, dirty.length, state, options, cache);
    const saveCache = (): void => {
      try {
        cache?.save(state);
        // Trees of templates edited since can only have become unused if something was compiled;
        // without the state (its lock held by another build) there is no knowing which are used.
        if (cache !== undefined && dirty.length > 0) parseCache?.prune(state.sourceHashes(), Date.now());
        if (options.cacheDir !== undefined) pruneOtherCompilers(options.cacheDir, compilerFingerprint());
      } finally {
        cache?.unlock();
      }
    };
    if (hooks.afterReport !== undefined && cache !== undefined) {
      hooks.afterReport(saveCache);
      cacheHandedOver = true;
    } else {
      saveCache();
    }
    clock.end('finish');

    const parseAfter = parseStats();
    return report(jobs, outcomes, messages, {
      total: jobs.length, compiled: 0, unchanged: 0, failed: 0, outputsWritten,
      wallMs: performance.now() - clock.started, threads: plan.lanes, ...(plan.writer && dirty.length > 0 ? { writerThread: true } : {}),
      templatesParsed: parseAfter.parsed - parseBefore.parsed,
      templatesFromParseCache: parseAfter.cached - parseBefore.cached,
      ...(session !== undefined ? { session } : {}),
      phases: clock.phases,
      why,
    });
  } finally {
    if (!cacheHandedOver) cache?.unlock();
    useParseCache(undefined);
  }
}

type Accept = (result: JobResult, globalIds: (id: number) => number) => void;

/**
 * Compile in this thread (through the server's warm runner when there is
 * one); the session's state. With `handOver`, a writer thread writes and
 * hashes the output files meanwhile (output-writer.ts).
 */
async function compileHere(
  dirty: readonly Job[], settings: RunnerSettings, state: BuildState, hooks: BuildHooks, accept: Accept, handOver: boolean,
): Promise<string> {
  // One profile alone: no later object would replay what a memo records (recording costs a one-host edit ~5%).
  const { runner, globalIds } = await localRunner(settings, state, hooks, dirty.length === 1);
  if (!handOver) {
    for (const job of dirty) accept(await runner.runLoadingParser(job), globalIds);
    return runner.lastRefresh;
  }
  const { OutputWriter } = await import('./output-writer.js');
  const writer = new OutputWriter();
  try {
    const finishing: Promise<void>[] = [];
    let yielded = performance.now();
    for (const job of dirty) {
      const { finished } = await runner.runHandingOver(job, writer);
      finishing.push(finished.then((result) => accept(result, globalIds)));
      // Let the writer's answers in (they complete results, and move the progress line).
      if (performance.now() - yielded > YIELD_EVERY_MS) {
        await nextTurn();
        yielded = performance.now();
      }
      await writer.caughtUp();
    }
    await Promise.all(finishing);
  } finally {
    await writer.close();
  }
  return runner.lastRefresh;
}

/** The runner of this thread (the server's warm one when there is one), and its entry ids as the state's. */
async function localRunner(
  settings: RunnerSettings, state: BuildState, hooks: BuildHooks, withoutMemo: boolean,
): Promise<{ runner: JobRunner; globalIds: (id: number) => number }> {
  const { JobRunner } = await import('./job-runner.js');
  const ids: number[] = []; // a runner numbers its entries 0, 1, 2...
  settings.onEntry = (id, e) => { ids[id] = state.intern(e); };
  const plain = withoutMemo ? { ...settings, options: { ...settings.options, memo: false } } : settings;
  return { runner: hooks.runner?.(settings) ?? new JobRunner(plain), globalIds: (id) => ids[id] as number };
}

/**
 * Compile in `lanes` lanes: this thread and worker threads (each announces
 * its own entry ids); the session state of this thread's runner.
 */
async function compileInWorkers(
  dirty: readonly Job[], lanes: number, init: WorkerInit, settings: RunnerSettings, state: BuildState, hooks: BuildHooks, accept: Accept,
): Promise<string> {
  const ids: number[][] = []; // by worker, then by the worker's entry number (0, 1, 2...)
  const { runInWorkers } = await import('./worker-pool.js');
  const { scheduleJobs } = await import('./schedule.js');
  const schedule = process.env.PANFAB_SCHEDULE === 'name' ? 'name' : 'model'; // for measurements
  // Made at its first job, once the workers are starting: their start-up is the longer.
  let local: { runner: JobRunner; globalIds: (id: number) => number } | undefined;
  const lane = async (job: Job): Promise<void> => {
    if (init.loadParser) await loadParser(); // a no-op once loaded
    local ??= await localRunner(settings, state, hooks, false);
    accept(await local.runner.runLoadingParser(job), local.globalIds);
  };
  await runInWorkers(dirty, lanes, init, {
    onEntry: (w, id, e) => { (ids[w] ??= [])[id] = state.intern(e); },
    onResult: (w, result) => { const own = ids[w] ?? []; accept(result, (id) => own[id] as number); },
    onLost: (job, reason) => accept({
      index: job.index, file: job.file, name: '', ok: false, error: errorData(new PanError('system', reason, job.file)),
      reports: [], outputs: [], inputs: [], references: [],
    }, () => 0),
  }, (jobs) => scheduleJobs(jobs, schedule), lane);
  return local?.runner.lastRefresh ?? 'new';
}

/** Options as plain data for a worker (no functions, no class instances). */
function plainOptions(options: BuildOptions): BuildOptions {
  const { progress: _p, ...rest } = options;
  return JSON.parse(JSON.stringify(rest)) as BuildOptions;
}

/** Results and messages in command-line order; each object's messages once even when several jobs built it. */
function report(jobs: readonly Job[], outcomes: readonly (Outcome | undefined)[], messages: BuildMessage[], stats: BuildResult['stats']): BuildResult {
  const objects: BuildObjectResult[] = [];
  const errors: PanError[] = [];
  const reported = new Set<string>();
  for (const job of jobs) {
    const o = outcomes[job.index] ?? { status: 'failed' as const, name: '', reports: [], error: errorData(new PanError('system', 'not compiled', job.file)) };
    for (const r of o.reports) {
      if (reported.has(r.object)) continue;
      reported.add(r.object);
      for (const text of r.warnings) messages.push({ stream: 'warning', text });
      for (const text of r.debug) messages.push({ stream: 'debug', text });
    }
    if (o.error !== undefined) {
      const e = panErrorOf(o.error);
      errors.push(e);
      messages.push({ stream: 'error', text: e.format() });
    }
    objects.push({ name: o.name || job.file, file: job.file, ok: o.status !== 'failed', status: o.status });
    stats[o.status]++;
  }
  return { objects, messages, errors, stats };
}

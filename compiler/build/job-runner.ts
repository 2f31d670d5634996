/**
 * Compiling object templates one after the other in one session: in the
 * main thread for small builds, in each worker thread for large ones. Each
 * job builds one object, writes its outputs (straight to disk), and reports
 * what the build cache needs: the inputs it used (input-entries.ts), the
 * warnings and debug lines of every object it built, its error.
 *
 * Memory stays bounded: after each job the objects nothing refers to are
 * dropped from the session, and those still referred to lose their build
 * context; only compiled templates and memo recordings are kept (shared by
 * all profiles).
 */
import { PanError, asPanError } from '../errors.js';
import { CompileSession, type BuiltObject, type ObjectBuilder } from '../eval/session.js';
import type { ProbeSet } from '../loader/source-lookup.js';
import { keepSharedTree, loadParser, takeParserMissed } from '../loader/template-parser.js';
import type { PanDict } from '../model/values.js';
import type { Dependency } from '../output/dep.js';
import type { CompileOptions } from './api.js';
import { buildObject } from './build-object.js';
import { errorData, type ErrorData } from './error-data.js';
import { coveredBy, entryOfObjectFile, entryOfProbes, probesOfDependency, type InputEntry } from './input-entries.js';
import type { OutputWriter } from './output-writer.js';
import { handOverProfileOutputs, writableFormats, writeProfileOutputs, type OutputRecord } from './outputs.js';
import { sessionOptionsWith } from './session-options.js';

export interface Job {
  /** Position on the command line (results are reported in this order). */
  readonly index: number;
  /** Absolute path of the object template. */
  readonly file: string;
}

/** What one object printed while it was built. */
export interface ObjectReport {
  readonly object: string;
  readonly warnings: readonly string[];
  readonly debug: readonly string[];
}

export interface JobResult {
  readonly index: number;
  readonly file: string;
  /** Object name ('' when the template could not even be read). */
  readonly name: string;
  readonly ok: boolean;
  readonly error?: ErrorData;
  /** Objects built by this job (those it referred to first, then itself), with their messages. */
  readonly reports: readonly ObjectReport[];
  readonly outputs: readonly OutputRecord[];
  /** Input entry ids (announced through RunnerSettings.onEntry before this result). */
  readonly inputs: readonly number[];
  /** Objects this one read through `value('other:/...')`. */
  readonly references: readonly string[];
}

export interface RunnerSettings {
  readonly options: CompileOptions;
  readonly initialRoot: PanDict | undefined;
  /** When the build started (input states are not trusted when modified shortly before). */
  seenAt: number;
  /** Called for each new input entry before the first result that uses it. */
  onEntry: (id: number, entry: InputEntry) => void;
}

/** A job compiled, its output files still being written by a writer thread: `finished` settles once they are. */
export interface HandedOver {
  readonly finished: Promise<JobResult>;
}

/** What a kept session needed before another build (JobRunner.refresh). */
export type Refresh = 'kept' | 'patched' | 'reset';

/** Collects what each object prints, excluding what the objects it builds meanwhile print. */
class ReportTracker {
  readonly reports: ObjectReport[] = [];
  private readonly frames: { object: string; warnings: string[]; debug: string[]; w: number; d: number }[] = [];

  constructor(private readonly session: () => CompileSession) {}

  private flush(frame: { warnings: string[]; debug: string[]; w: number; d: number }): void {
    const s = this.session();
    frame.warnings.push(...s.warnings.slice(frame.w));
    frame.debug.push(...s.debugLines.slice(frame.d));
  }

  wrap(inner: ObjectBuilder): ObjectBuilder {
    return (session, name, file) => {
      const parent = this.frames[this.frames.length - 1];
      if (parent !== undefined) this.flush(parent);
      const frame = { object: name, warnings: [], debug: [], w: session.warnings.length, d: session.debugLines.length };
      this.frames.push(frame);
      try {
        return inner(session, name, file);
      } finally {
        this.flush(frame);
        this.frames.pop();
        this.reports.push({ object: name, warnings: frame.warnings, debug: frame.debug });
        if (parent !== undefined) {
          parent.w = session.warnings.length;
          parent.d = session.debugLines.length;
        }
      }
    };
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a directory', ENOTDIR: 'not a directory', EMFILE: 'too many open files',
};

/** A file-system failure in words (the object template cannot be read, an output cannot be written). */
function fileError(e: unknown, file: string): PanError | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || typeof err.path !== 'string') return undefined;
  const what = err.path === file ? 'cannot read the object template' : `cannot ${err.syscall === 'open' || err.syscall === 'read' ? 'read' : 'write'} ${err.path}`;
  return new PanError('system', `${what}: ${FS_REASONS[err.code] ?? err.code}`, file);
}

/** Jobs after which a template used by one job only is forgotten. */
const FORGET_AFTER = 50;

/** How many jobs used something (a template file, a dependency), and the last one. */
interface Use {
  count: number;
  last: number;
  /** The template file used (none for a dependency's own use). */
  readonly file?: string;
}

/**
 * What a job needs to know of one dependency object, kept per object: a
 * profile has some 300 dependencies, nearly all the very objects the
 * previous profile had (source-lookup.ts gives one per lookup result, and
 * replayed templates record them), so each costs one lookup here instead of
 * one per map below. Refreshed when its probe set grows (`version`).
 */
interface DependencyRecord {
  readonly set: ProbeSet | undefined;
  version: number;
  /** Input entry id of the set at `version`. */
  id: number;
  /** Template files found for it (none for data files and absent templates). */
  uses: Use[];
  /** Its own use: a profile's own dependencies are dropped with its templates. */
  readonly use: Use;
}

/** Count `job` as a user of `use`; whether it is its second (the file is shared). */
function countUse(use: Use, job: number): boolean {
  if (use.last === job) return false;
  use.count++;
  use.last = job;
  return use.count === 2;
}

function usedOnceLongAgo(use: Use, job: number): boolean {
  return use.count === 1 && job - use.last >= FORGET_AFTER;
}

export class JobRunner {
  private session!: CompileSession;
  private tracker!: ReportTracker;
  private nextId = 0;
  private entryIds = new Map<ProbeSet, { version: number; id: number }>();
  private objectEntryIds = new Map<string, number>();
  /** Lookups no dependency accounts for (file_exists, a missing object): inputs of every later object. */
  private sessionWide = new Set<ProbeSet>();
  /** Objects some object of this session referred to (kept for the next ones). */
  private referenced = new Set<string>();
  /** Template files used so far: by how many jobs, and the last one (to forget those of one profile only). */
  private templateUses = new Map<string, Use>();
  private dependencyRecords = new Map<Readonly<Dependency>, DependencyRecord>();
  /** Per input entry id, the last job that listed it (to list it once per job). */
  private listedBy: number[] = [];
  private jobCount = 0;
  /** Object template files compiled in this session, and their object names. */
  private objectFiles = new Map<string, string>();
  private readonly formats;
  /** How the last refresh() went ('new' before any). */
  lastRefresh: Refresh | 'new' = 'new';

  constructor(private readonly settings: RunnerSettings) {
    this.formats = writableFormats(settings.options.formats);
    this.reset();
  }

  /** Start over with a fresh session (after the parser had to be loaded mid-build). */
  reset(): void {
    const tracker = new ReportTracker(() => this.session);
    this.tracker = tracker;
    this.session = new CompileSession(sessionOptionsWith(this.settings.options, this.settings.initialRoot), tracker.wrap(buildObject));
    this.entryIds = new Map();
    this.objectEntryIds = new Map();
    this.sessionWide = new Set();
    this.referenced = new Set();
    this.objectFiles = new Map();
    this.templateUses = new Map();
    this.dependencyRecords = new Map();
  }

  /**
   * Get ready for another build, keeping what is still valid (the compile
   * server keeps runners between builds): nothing changed on disk, or only
   * object templates that no other object reads (forgotten, so that they are
   * compiled again), or else a fresh session. Entries are announced again
   * to the new build's `onEntry`.
   */
  refresh(seenAt: number, onEntry: (id: number, entry: InputEntry) => void): Refresh {
    this.lastRefresh = this.refreshSession(seenAt, onEntry);
    return this.lastRefresh;
  }

  private refreshSession(seenAt: number, onEntry: (id: number, entry: InputEntry) => void): Refresh {
    this.settings.seenAt = seenAt;
    this.settings.onEntry = onEntry;
    this.entryIds = new Map();
    this.objectEntryIds = new Map();
    this.dependencyRecords = new Map(); // their entry ids were this build's
    const changed = this.session.lookup.changedPaths();
    if (changed.length === 0) return 'kept';
    const objects = changed.map((f) => this.objectFiles.get(f));
    if (objects.some((name) => name === undefined || this.referenced.has(name))) {
      this.reset();
      return 'reset';
    }
    for (const file of changed) {
      this.session.forgetTemplate(file);
      this.session.lookup.forgetFile(file);
      this.session.objects.delete(this.objectFiles.get(file) as string);
      this.objectFiles.delete(file);
    }
    return 'patched';
  }

  /** Compile one job; the parser is loaded and the job run again if it turned out to be needed. */
  async runLoadingParser(job: Job): Promise<JobResult> {
    takeParserMissed();
    const result = this.run(job);
    if (!takeParserMissed()) return result;
    await loadParser();
    this.reset();
    return this.run(job);
  }

  /** runLoadingParser, with the output files handed to `writer`: the next job can start while they are written. */
  async runHandingOver(job: Job, writer: OutputWriter): Promise<HandedOver> {
    takeParserMissed();
    let run = this.runOnce(job, writer);
    if (takeParserMissed()) {
      await loadParser();
      this.reset();
      run = this.runOnce(job, writer);
    }
    const { result, written } = run;
    if (written === undefined) return { finished: Promise.resolve(result) };
    const finished = written.then(
      (outputs) => ({ ...result, outputs }),
      (e: unknown): JobResult => {
        const error = fileError(e, job.file) ?? asPanError(e, job.file);
        return { ...result, ok: false, error: errorData(error), outputs: [], inputs: [] };
      },
    );
    return { finished };
  }

  run(job: Job): JobResult {
    return this.runOnce(job, undefined).result;
  }

  /** One job; with a writer, its outputs are still being written (`written`) when this returns. */
  private runOnce(job: Job, writer: OutputWriter | undefined): { result: JobResult; written?: Promise<OutputRecord[]> } {
    const session = this.session;
    session.warnings.length = 0;
    session.debugLines.length = 0;
    this.tracker.reports.length = 0;
    session.lookup.takeTouched();
    let name = '';
    let built: BuiltObject | undefined;
    let error: PanError | undefined;
    let outputs: OutputRecord[] = [];
    let written: Promise<OutputRecord[]> | undefined;
    try {
      name = session.loadTemplate({ file: job.file, location: '' }).name;
      this.objectFiles.set(job.file, name);
      built = session.object(name, job.file);
      error = built.error ?? (built.root === undefined ? new PanError('system', `object '${name}' produced no configuration`, job.file) : undefined);
      if (error === undefined) error = this.fatalWarnings(job.file);
      const outputDir = this.settings.options.outputDir;
      if (error === undefined && outputDir !== undefined) {
        const root = built.root as PanDict;
        const deps = [...built.deps.values()];
        if (writer === undefined) outputs = writeProfileOutputs(outputDir, name, root, deps, this.formats);
        else written = handOverProfileOutputs(writer, outputDir, name, root, deps, this.formats);
      }
    } catch (e) {
      error = fileError(e, job.file) ?? asPanError(e, job.file);
    }
    const reports = this.tracker.reports.slice();
    const inputs = this.recordInputs(job.file, built, error === undefined);
    const references = [...(built?.context?.references ?? [])];
    this.dropUnreferenced();
    this.objectEntryIds.delete(job.file); // used by this job only
    this.forgetOneProfileTemplates();
    const result: JobResult = {
      index: job.index, file: job.file, name, ok: error === undefined,
      ...(error !== undefined ? { error: errorData(error) } : {}),
      reports, outputs, inputs, references,
    };
    return written === undefined ? { result } : { result, written };
  }

  private fatalWarnings(file: string): PanError | undefined {
    if (this.settings.options.warnings !== 'fatal') return undefined;
    const count = this.tracker.reports.reduce((n, r) => n + r.warnings.length, 0);
    return count === 0 ? undefined : new PanError('evaluation', `${count} warning${count === 1 ? '' : 's'} treated as errors (--warnings fatal)`, file);
  }

  /**
   * Entry ids of everything the object's result depends on (none for a
   * failed object: it is rebuilt anyway), counting meanwhile the jobs that
   * used each template file (forgetOneProfileTemplates).
   */
  private recordInputs(file: string, built: BuiltObject | undefined, ok: boolean): number[] {
    const job = ++this.jobCount;
    const lookup = this.session.lookup;
    const deps = built?.deps ?? new Map<string, Dependency>();
    for (const set of lookup.takeTouched()) if (!coveredBy(deps, set)) this.sessionWide.add(set);
    const ids: number[] = [];
    if (ok) this.list(ids, this.objectEntryId(file), job);
    for (const dep of deps.values()) {
      const r = this.recordOf(dep);
      if (ok && r.set !== undefined) this.list(ids, r.id, job);
      countUse(r.use, job);
      for (const use of r.uses) if (countUse(use, job) && use.file !== undefined) keepSharedTree(use.file, lookup.hashOf(use.file));
    }
    if (!ok) return [];
    for (const set of this.sessionWide) this.list(ids, this.probeEntryId(set), job);
    return ids;
  }

  private list(ids: number[], id: number, job: number): void {
    if (this.listedBy[id] === job) return;
    this.listedBy[id] = job;
    ids.push(id);
  }

  /** The record of a dependency object, brought up to date with its probe set. */
  private recordOf(dep: Readonly<Dependency>): DependencyRecord {
    let r = this.dependencyRecords.get(dep);
    if (r === undefined) {
      const set = probesOfDependency(this.session.lookup, dep);
      r = { set, version: -1, id: -1, uses: [], use: { count: 0, last: 0 } };
      this.dependencyRecords.set(dep, r);
    }
    const set = r.set;
    if (set !== undefined && r.version !== set.version) {
      r.version = set.version;
      r.id = this.probeEntryId(set);
      r.uses = dep.type === 'TEXT' || dep.type === 'ABSENT_SOURCE' ? [] : [...set.found].map((f) => this.useOf(f));
    }
    return r;
  }

  private useOf(file: string): Use {
    let use = this.templateUses.get(file);
    if (use === undefined) {
      use = { count: 0, last: 0, file };
      this.templateUses.set(file, use);
    }
    return use;
  }

  private announce(entry: InputEntry): number {
    const id = this.nextId++;
    this.settings.onEntry(id, entry);
    return id;
  }

  private probeEntryId(set: ProbeSet): number {
    const known = this.entryIds.get(set);
    if (known !== undefined && known.version === set.version) return known.id;
    const id = this.announce(entryOfProbes(this.session.lookup, set, this.settings.seenAt));
    this.entryIds.set(set, { version: set.version, id });
    return id;
  }

  private objectEntryId(file: string): number {
    let id = this.objectEntryIds.get(file);
    if (id === undefined) {
      id = this.announce(entryOfObjectFile(this.session.lookup, file, this.settings.seenAt));
      this.objectEntryIds.set(file, id);
    }
    return id;
  }

  /**
   * Bounded memory: a profile's own templates (its hardware description...)
   * are used by it alone, yet stay compiled in the session. Templates used by
   * one job only and not since FORGET_AFTER jobs are forgotten (compiled again
   * if ever needed); the shared ones are used by job after job and stay.
   * recordInputs() counts the uses.
   */
  private forgetOneProfileTemplates(): void {
    const job = this.jobCount;
    if (job % FORGET_AFTER !== 0) return;
    const lookup = this.session.lookup;
    for (const [file, use] of this.templateUses) {
      if (usedOnceLongAgo(use, job)) {
        this.session.forgetTemplate(file);
        lookup.forgetFile(file);
        this.templateUses.delete(file);
      }
    }
    for (const [dep, r] of this.dependencyRecords) if (usedOnceLongAgo(r.use, job)) this.dependencyRecords.delete(dep);
  }

  /** Forget objects nothing refers to; keep only the tree and dependencies of the others. */
  private dropUnreferenced(): void {
    const objects = this.session.objects;
    for (const b of objects.values()) for (const r of b.context?.references ?? []) this.referenced.add(r);
    for (const [name, b] of objects) {
      if (!this.referenced.has(name)) objects.delete(name);
      else if (b.context !== undefined) objects.set(name, { name: b.name, file: b.file, root: b.root, error: b.error, deps: b.deps });
    }
  }
}

/**
 * The build cache: for each object template compiled with the same compiler
 * and options, the inputs it used (input-entries.ts) and the outputs it
 * wrote. A profile whose inputs and outputs are all unchanged is not
 * compiled again. One state file per option set (v8.serialize), written
 * atomically at the end of a build; a lock keeps two builds with the same
 * options from overwriting each other's state.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { atomicWriteFileSync } from '../../common/fs.js';
import { Lock, tryLock } from '../../common/lock.js';
import { contentHash, dirStamp, fileStamp, stampKey, trustworthy, type DirStamp, type FileStamp } from '../loader/file-state.js';
import { absentNames, entryKey, type AbsentDir, type FoundInput, type InputEntry } from './input-entries.js';
import type { ObjectReport } from './job-runner.js';
import { IndexTable } from './index-table.js';
import { unchangedOnDisk, type OutputRecord } from './outputs.js';

const STATE_FORMAT = 4;

export interface ProfileRecord {
  /** Absolute path of the object template. */
  readonly file: string;
  readonly name: string;
  /**
   * Ids of its input entries, in parts: a loaded profile has the set it
   * shares with the profiles of its kind (the same array object for all of
   * them: checked once) and its own ids.
   */
  readonly inputs: readonly Uint32Array[];
  readonly outputs: readonly OutputRecord[];
  /** Messages of the objects its build printed (replayed when it is not rebuilt). */
  readonly reports: readonly ObjectReport[];
  readonly references: readonly string[];
}

/**
 * A profile as stored: message texts are indices into the state's text table
 * (every profile prints the same warnings); its inputs are the index of a
 * shared input set and its own ids (profiles of a kind share all but their
 * object and hardware templates: stored in full, the input ids were half of
 * the file).
 */
interface StoredProfile extends Omit<ProfileRecord, 'reports' | 'inputs'> {
  readonly reports: readonly { readonly object: string; readonly warnings: readonly number[]; readonly debug: readonly number[] }[];
  readonly inputSet: number;
  readonly ownInputs: Uint32Array;
}

/**
 * An entry as stored: each directory probed in vain is an index into the
 * state's directory table, followed by the names probed there (`absent` is
 * flat: index, names, index, names...). Thousands of entries probe the same
 * few hundred directories; written out in full, they made most of the file
 * and of its loading time.
 */
interface StoredEntry extends Omit<InputEntry, 'absent'> {
  readonly absent: readonly (number | string)[];
}

type StoredDir = Omit<AbsentDir, 'names'>;

interface StateFile {
  readonly format: number;
  readonly fingerprint: string;
  readonly dirs: StoredDir[];
  readonly entries: (StoredEntry | null)[];
  readonly texts: string[];
  readonly inputSets: Uint32Array[];
  readonly profiles: StoredProfile[];
}

function storeEntries(entries: readonly (InputEntry | null)[]): { dirs: StoredDir[]; entries: (StoredEntry | null)[] } {
  const dirs = new IndexTable<StoredDir>();
  const stored = entries.map((e): StoredEntry | null => {
    if (e === null) return null;
    const absent: (number | string)[] = [];
    for (const a of e.absent) {
      const id = dirs.id(`${a.dir}\u0000${a.stamp}\u0000${a.mtimeMs}`, () => ({ dir: a.dir, stamp: a.stamp, mtimeMs: a.mtimeMs }));
      absent.push(id, a.names);
    }
    return { ...e, absent };
  });
  return { dirs: dirs.items, entries: stored };
}

function loadEntries(dirs: readonly StoredDir[], entries: readonly (StoredEntry | null)[]): (InputEntry | null)[] {
  return entries.map((e): InputEntry | null => {
    if (e === null) return null;
    const absent: AbsentDir[] = [];
    for (let i = 0; i < e.absent.length; i += 2) {
      const d = dirs[e.absent[i] as number] as StoredDir;
      absent.push({ dir: d.dir, stamp: d.stamp, mtimeMs: d.mtimeMs, names: e.absent[i + 1] as string });
    }
    return { ...e, absent };
  });
}

/**
 * Each input part of the profiles, with the number of profiles that have
 * it: the profiles of a kind share one part object (a few hundred ids), so
 * walking parts once instead of once per profile took 85 ms off saving the
 * state of a 10,000-node site.
 */
function partUses(profiles: Iterable<ProfileRecord>): Map<Uint32Array, number> {
  const uses = new Map<Uint32Array, number>();
  for (const p of profiles) for (const part of p.inputs) uses.set(part, (uses.get(part) ?? 0) + 1);
  return uses;
}

/**
 * Splits profiles' inputs into those other profiles have too (sorted: the
 * profiles of a kind get the same set, stored once) and their own. A profile
 * already in that form (loaded, or split by an earlier save of a compile
 * server) keeps its parts when they still are what they were: the shared set
 * is then looked at once, not once per profile.
 */
class InputSplitter {
  readonly sets = new IndexTable<Uint32Array>();
  private readonly uses: Uint32Array;
  /** Per part object: whether all its ids are shared. */
  private readonly allShared = new Map<Uint32Array, boolean>();
  /** Per shared set object: its key in the table. */
  private readonly keys = new Map<Uint32Array, string>();

  constructor(profiles: readonly ProfileRecord[], entries: number) {
    this.uses = new Uint32Array(entries);
    for (const [part, n] of partUses(profiles)) for (const id of part) this.uses[id] = (this.uses[id] as number) + n;
  }

  private shared(id: number): boolean {
    return (this.uses[id] ?? 0) > 1;
  }

  split(inputs: readonly Uint32Array[]): { set: number; shared: Uint32Array; own: Uint32Array } {
    const [first, second] = inputs;
    if (inputs.length === 2 && first !== undefined && second !== undefined && this.isAllShared(first) && second.every((id) => !this.shared(id))) {
      return { set: this.setOf(first), shared: first, own: second };
    }
    const shared: number[] = [];
    const own: number[] = [];
    for (const part of inputs) for (const id of part) (this.shared(id) ? shared : own).push(id);
    const sorted = Uint32Array.from(shared).sort();
    const set = this.setOf(sorted);
    return { set, shared: this.sets.items[set] as Uint32Array, own: Uint32Array.from(own) };
  }

  private isAllShared(part: Uint32Array): boolean {
    let all = this.allShared.get(part);
    if (all === undefined) {
      all = part.every((id) => this.shared(id));
      this.allShared.set(part, all);
    }
    return all;
  }

  private setOf(sorted: Uint32Array): number {
    let key = this.keys.get(sorted);
    if (key === undefined) {
      key = contentHash(new Uint8Array(sorted.buffer, sorted.byteOffset, sorted.byteLength));
      this.keys.set(sorted, key);
    }
    return this.sets.id(key, () => sorted);
  }
}

/**
 * The profiles as stored, and as records whose inputs are in stored form
 * (what a compile server keeps: checked a part at a time next build).
 */
function storeProfiles(profiles: readonly ProfileRecord[], entries: number): { texts: string[]; inputSets: Uint32Array[]; profiles: StoredProfile[]; records: ProfileRecord[] } {
  const texts = new IndexTable<string>();
  const text = (t: string): number => texts.id(t, () => t);
  const splitter = new InputSplitter(profiles, entries);
  const records: ProfileRecord[] = [];
  const stored = profiles.map((rec): StoredProfile => {
    const { inputs, ...p } = rec;
    const { set, shared, own } = splitter.split(inputs);
    records.push({ ...rec, inputs: [shared, own] });
    return {
      ...p,
      inputSet: set,
      ownInputs: own,
      reports: p.reports.map((r) => ({ object: r.object, warnings: r.warnings.map(text), debug: r.debug.map(text) })),
    };
  });
  return { texts: texts.items, inputSets: splitter.sets.items, profiles: stored, records };
}

function loadProfiles(texts: readonly string[], sets: readonly Uint32Array[], profiles: readonly StoredProfile[]): ProfileRecord[] {
  const text = (i: number): string => texts[i] as string;
  return profiles.map(({ inputSet, ownInputs, ...p }) => ({
    ...p,
    inputs: [sets[inputSet] as Uint32Array, ownInputs],
    reports: p.reports.map((r) => ({ object: r.object, warnings: r.warnings.map(text), debug: r.debug.map(text) })),
  }));
}

export class BuildState {
  readonly entries: (InputEntry | null)[];
  readonly profiles = new Map<string, ProfileRecord>();
  /** Entry ids by content, built when the first entry is added. */
  private byKey: Map<string, number> | undefined;
  /** Whether anything changed since the state was loaded (else it need not be saved). */
  changed = false;

  constructor(entries: (InputEntry | null)[] = [], profiles: readonly ProfileRecord[] = []) {
    this.entries = entries;
    for (const p of profiles) this.profiles.set(p.file, p);
  }

  /** Id of an entry, equal entries sharing one. */
  intern(entry: InputEntry): number {
    if (this.byKey === undefined) {
      this.byKey = new Map();
      this.entries.forEach((e, id) => { if (e !== null) this.byKey?.set(entryKey(e), id); });
    }
    const key = entryKey(entry);
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.entries.length;
      this.entries.push(entry);
      this.byKey.set(key, id);
      this.changed = true;
    }
    return id;
  }

  setProfile(rec: ProfileRecord): void {
    this.profiles.set(rec.file, rec);
    this.changed = true;
  }

  deleteProfile(file: string): void {
    if (this.profiles.delete(file)) this.changed = true;
  }

  /** Content hashes of the files the recorded profiles were built from (what the parse cache must keep). */
  sourceHashes(): Set<string> {
    const hashes = new Set<string>();
    const seen = new Uint8Array(this.entries.length);
    for (const part of partUses(this.profiles.values()).keys()) {
      for (const id of part) {
        if (seen[id] === 1) continue;
        seen[id] = 1;
        for (const f of this.entries[id]?.found ?? []) hashes.add(f.hash);
      }
    }
    return hashes;
  }

  /**
   * Entries still used by some profile, renumbered (the profiles' ids with
   * them); `dropped`: whether any entry was unused. When none was, the
   * profile records are the state's own (nothing to renumber). The entries
   * array is always a new one (a packed array: v8.serialize writes it the
   * same whichever way the state's own array came to be).
   */
  compacted(): { entries: (InputEntry | null)[]; profiles: ProfileRecord[]; dropped: boolean } {
    const remap = new Int32Array(this.entries.length).fill(-1);
    let used = 0;
    let outside = false;
    for (const part of partUses(this.profiles.values()).keys()) {
      for (const id of part) {
        if (id >= remap.length) outside = true;
        else if (remap[id] === -1) {
          remap[id] = 0;
          used++;
        }
      }
    }
    const entries: (InputEntry | null)[] = [];
    if (used === this.entries.length && !outside) {
      for (const e of this.entries) entries.push(e ?? null);
      return { entries, profiles: [...this.profiles.values()], dropped: false };
    }
    remap.forEach((mark, id) => {
      if (mark === 0) {
        remap[id] = entries.length;
        entries.push(this.entries[id] ?? null);
      }
    });
    // A part shared by several profiles is renumbered once, and stays shared.
    const renumbered = new Map<Uint32Array, Uint32Array>();
    const renumber = (part: Uint32Array): Uint32Array => {
      let r = renumbered.get(part);
      if (r === undefined) {
        r = part.map((id) => remap[id] as number);
        renumbered.set(part, r);
      }
      return r;
    };
    const profiles = [...this.profiles.values()].map((p) => ({ ...p, inputs: p.inputs.map(renumber) }));
    return { entries, profiles, dropped: true };
  }
}

const enum Check { Same = 0, SameSlow = 1, Changed = 2 }

/** States kept in memory by a long-lived process (the compile server), with the stamp of the file they match. */
const kept = new Map<string, { stamp: string; state: BuildState }>();

function fileStampKey(path: string): string | undefined {
  return stampKey(fileStamp(path)) ?? undefined;
}

/** A state file and its lock, for one option set. */
export class BuildCache {
  /** Keep states in memory between builds (while their file is unchanged): for the compile server. */
  static keepInMemory = false;

  private readonly statePath: string;
  private readonly lockPath: string;
  /** What this option set's last build left in its output directory's index (index-record.ts). */
  readonly indexRecordPath: string;
  private held: Lock | undefined;

  /** `compiler`: compilerFingerprint(), also part of `fingerprint`; it names the file, so that pruneOtherCompilers() finds old ones. */
  constructor(readonly dir: string, readonly fingerprint: string, compiler: string) {
    const id = `${compilerId(compiler)}-${contentHash(fingerprint).slice(0, 16)}`;
    this.statePath = join(dir, `build-state-${id}.v8`);
    this.lockPath = join(dir, `build-state-${id}.lock`);
    this.indexRecordPath = join(dir, `build-state-${id}.index.json`);
  }

  /** Take the lock; false when a live process holds it. */
  lock(): boolean {
    const got = tryLock(this.lockPath);
    if (!(got instanceof Lock)) return false;
    this.held = got;
    return true;
  }

  unlock(): void {
    this.held?.release();
    this.held = undefined;
  }

  load(): BuildState {
    const memory = kept.get(this.statePath);
    if (memory !== undefined && memory.stamp === fileStampKey(this.statePath)) return memory.state;
    let raw: StateFile;
    try {
      raw = deserialize(readFileSync(this.statePath)) as StateFile;
    } catch {
      return new BuildState(); // none yet, or unreadable: start afresh
    }
    if (raw?.format !== STATE_FORMAT || raw.fingerprint !== this.fingerprint) return new BuildState();
    const state = new BuildState(loadEntries(raw.dirs, raw.entries), loadProfiles(raw.texts, raw.inputSets, raw.profiles));
    const stamp = BuildCache.keepInMemory ? fileStampKey(this.statePath) : undefined;
    if (stamp !== undefined) kept.set(this.statePath, { stamp, state });
    return state;
  }

  /** Write the state if it changed. */
  save(state: BuildState): void {
    if (!state.changed) return;
    const { entries, profiles, dropped } = state.compacted();
    const { records, ...stored } = storeProfiles(profiles, entries.length);
    const file: StateFile = { format: STATE_FORMAT, fingerprint: this.fingerprint, ...storeEntries(entries), ...stored };
    atomicWriteFileSync(this.statePath, serialize(file));
    const stamp = BuildCache.keepInMemory ? fileStampKey(this.statePath) : undefined;
    if (stamp === undefined) return;
    if (dropped) {
      kept.set(this.statePath, { stamp, state: new BuildState(entries, records) });
    } else {
      // Nothing was dropped: the state is what was saved, its inputs now in parts.
      for (const r of records) state.profiles.set(r.file, r);
      state.changed = false;
      kept.set(this.statePath, { stamp, state });
    }
  }
}

/**
 * Checks recorded input states against the file system, each path looked at
 * once. Valid entries get fresh stamps (a stamp too recent to be trusted when
 * recorded usually is trustworthy now), so that later checks stay cheap.
 */
export class InputValidator {
  private readonly files: Map<string, FileStamp | null>;
  private readonly hashes: Map<string, string>;
  private readonly dirs: Map<string, DirStamp>;
  private readonly verdicts: Uint8Array;
  private readonly parts = new WeakMap<Uint32Array, boolean>();
  /** Entries found invalid (for --verbose and the parser decision). */
  readonly invalid: number[] = [];
  /** Template files whose text changed since recorded, by path (candidates for syntax-cutoff.ts). */
  readonly changedTexts = new Map<string, ChangedText>();
  /** Template files whose text changed but not their syntax tree (see `sameSyntax`). */
  readonly relaid = new Set<string>();

  /**
   * `sameSyntax`: keys (syntaxKey) of template files whose text changed from
   * the recorded one to the current one in comments and layout only: entries
   * holding them stay valid. `seen`: the stamps and hashes another validator
   * of this build took (each path is looked at once).
   */
  constructor(
    private readonly state: BuildState, private readonly now: number,
    private readonly sameSyntax: ReadonlySet<string> = new Set(), seen?: InputValidator,
  ) {
    this.verdicts = new Uint8Array(state.entries.length);
    this.files = seen?.files ?? new Map();
    this.hashes = seen?.hashes ?? new Map();
    this.dirs = seen?.dirs ?? new Map();
  }

  private fileStamp(path: string): FileStamp | null {
    let s = this.files.get(path);
    if (s === undefined) {
      s = fileStamp(path);
      this.files.set(path, s);
    }
    return s;
  }

  /** Current content hash of a file ('' when unreadable). */
  hashOf(path: string): string {
    let h = this.hashes.get(path);
    if (h === undefined) {
      try {
        h = contentHash(readFileSync(path));
      } catch {
        h = '';
      }
      this.hashes.set(path, h);
    }
    return h;
  }

  private dirStamp(dir: string): DirStamp {
    let s = this.dirs.get(dir);
    if (s === undefined) {
      s = dirStamp(dir);
      this.dirs.set(dir, s);
    }
    return s;
  }

  /** Valid, valid but proven the slow way (its stamps are worth refreshing), or changed. */
  private foundState(f: FoundInput, seenAt: number, template: boolean): Check {
    const now = this.fileStamp(f.path);
    if (now === null) return Check.Changed;
    if (stampKey(now) === f.stamp && trustworthy(now, seenAt)) return Check.Same;
    const hash = this.hashOf(f.path);
    if (hash === f.hash) return Check.SameSlow;
    if (!template || hash === '') return Check.Changed;
    if (this.sameSyntax.has(syntaxKey(f.path, f.hash, hash))) {
      this.relaid.add(f.path);
      return Check.SameSlow;
    }
    this.changedTexts.set(f.path, { path: f.path, recorded: f.hash, now: hash });
    return Check.Changed;
  }

  private absentState(a: AbsentDir, seenAt: number): Check {
    const now = this.dirStamp(a.dir);
    if (stampKey(now) === a.stamp && trustworthy(now, seenAt)) return Check.Same;
    if (now === null) return a.stamp === null ? Check.Same : Check.SameSlow; // no directory, no file in it
    return absentNames(a).every((n) => this.fileStamp(join(a.dir, n)) === null) ? Check.SameSlow : Check.Changed;
  }

  /** Whether all entries of a profile's inputs are valid (a part shared by profiles is checked once). */
  inputsValid(inputs: readonly Uint32Array[]): boolean {
    return inputs.every((part) => {
      let ok = this.parts.get(part);
      if (ok === undefined) {
        ok = part.every((id) => this.entryValid(id));
        this.parts.set(part, ok);
      }
      return ok;
    });
  }

  entryValid(id: number): boolean {
    const v = this.verdicts[id];
    if (v !== 0) return v === 1;
    const e = this.state.entries[id];
    let worst = e === null || e === undefined ? Check.Changed : Check.Same;
    if (e !== null && e !== undefined) {
      const template = e.kind !== 'f';
      for (const f of e.found) if (worst !== Check.Changed) worst = Math.max(worst, this.foundState(f, e.seenAt, template));
      for (const a of e.absent) if (worst !== Check.Changed) worst = Math.max(worst, this.absentState(a, e.seenAt));
    }
    const ok = worst !== Check.Changed;
    this.verdicts[id] = ok ? 1 : 2;
    if (worst === Check.SameSlow) this.refresh(id, e as InputEntry);
    if (!ok) this.invalid.push(id);
    return ok;
  }

  /**
   * Same entry with the stamps seen now (directories were stamped before
   * their files were looked at), and the hash of a template whose text
   * changed in comments and layout only.
   */
  private refresh(id: number, e: InputEntry): void {
    this.state.changed = true;
    this.state.entries[id] = {
      ...e,
      seenAt: this.now,
      found: e.found.map((f) => {
        const s = this.fileStamp(f.path) as FileStamp;
        const hash = this.relaid.has(f.path) ? (this.hashes.get(f.path) as string) : f.hash;
        return { ...f, hash, stamp: stampKey(s), mtimeMs: s.mtimeMs };
      }),
      absent: e.absent.map((a) => {
        const s = this.dirStamp(a.dir);
        return { ...a, stamp: stampKey(s), mtimeMs: s?.mtimeMs ?? 0 };
      }),
    };
  }

  /** Whether the outputs recorded for a profile are still on disk as written. */
  outputsValid(outputDir: string | undefined, outputs: readonly OutputRecord[]): boolean {
    if (outputDir === undefined) return true;
    return outputs.every((o) => unchangedOnDisk(join(outputDir, o.file), o.size, o.mtimeMs));
  }
}

/** A template file whose text is not the one recorded: its recorded and current content hashes. */
export interface ChangedText {
  readonly path: string;
  readonly recorded: string;
  readonly now: string;
}

/** Identity of one change of a file's text (InputValidator's `sameSyntax`). */
export function syntaxKey(path: string, recorded: string, now: string): string {
  return `${path}\u0000${recorded}\u0000${now}`;
}

/** The part of a compiler fingerprint naming its parse cache and state files. */
export function compilerId(compiler: string): string {
  return compiler.slice(0, 16);
}

/**
 * Remove the parse caches and state files of other compiler versions (each
 * upgrade would otherwise leave its own behind); other option sets of this
 * compiler keep theirs.
 */
export function pruneOtherCompilers(cacheDir: string, compiler: string): void {
  for (const n of otherCompilersFiles(cacheDir, compiler)) rmSync(join(cacheDir, n), { recursive: true, force: true });
}

/**
 * Whether the cache holds the build state of another compiler (another
 * panfab, or the same on another Node.js version): why a build with a cache
 * compiled everything (--verbose says so).
 */
export function otherCompilersBuilt(cacheDir: string, compiler: string): boolean {
  return otherCompilersFiles(cacheDir, compiler).some((n) => n.endsWith('.v8'));
}

/** Names of the parse caches and state files of other compilers in `cacheDir`. */
function otherCompilersFiles(cacheDir: string, compiler: string): string[] {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return [];
  }
  const id = compilerId(compiler);
  return names.filter((n) => {
    // Lock files are left alone: one may be held by a build running now (released, it is removed).
    const m = /^(?:ast-([0-9a-f]+)|build-state-([0-9a-f]+)-[0-9a-f]+\.(?:v8|index\.json))$/.exec(n);
    const owner = m?.[1] ?? m?.[2];
    return owner !== undefined && owner !== id;
  });
}

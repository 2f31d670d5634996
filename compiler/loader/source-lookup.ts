/**
 * Source lookup, as panc does it: for each include directory in order, for
 * each LOADPATH entry (the empty prefix first), try NAME.pan then NAME.tpl.
 * Existence checks and file contents are cached for the whole session (a
 * site build asks the same questions for every profile).
 *
 * The lookup also keeps a probe log for the build cache: for every name
 * looked up, the files found and the paths probed in vain (a template later
 * added at one of those paths changes the result), with the state of each
 * file and directory as it was seen (file-state.ts), and the content hash
 * of every file read.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { TemplateAst } from '../ast.js';
import { javaDirectoryUri, type Dependency } from '../output/dep.js';
import { contentHash, dirStamp, fileStamp, stampKey, trustworthy, type DirStamp, type FileStamp } from './file-state.js';
import { parseTemplateSource } from './template-parser.js';

export interface FoundSource {
  /** Template name (`a/b`) or file name as asked. */
  readonly name: string;
  /** Absolute file path. */
  readonly file: string;
  /** Directory it was found in (include dir + LOADPATH entry), as panc's dep writes it: `file:/abs/dir/`. */
  readonly location: string;
  readonly type: 'PAN' | 'TEXT';
  /**
   * The dependency an object records for it: one object per lookup result,
   * the same in every profile that finds it (the build keeps its bookkeeping
   * per dependency object, compiler/build/job-runner.ts).
   */
  readonly dependency: Readonly<Dependency>;
}

const TEMPLATE_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_.+-]*(\/[a-zA-Z0-9_.+-]+)*$/;

/** File name suffixes tried for a name, in order. */
const TEMPLATE_SUFFIXES = ['.pan', '.tpl'];
const FILE_SUFFIXES = [''];

export function isValidTemplateName(name: string): boolean {
  return TEMPLATE_NAME.test(name);
}

/** What looking up one name (under any LOADPATH) touched: files found and paths probed in vain. */
export class ProbeSet {
  readonly found = new Set<string>();
  readonly absent = new Set<string>();
  /** Bumped whenever the set grows (a later lookup under another LOADPATH probed more paths). */
  version = 0;

  /** `t`: a template (include, if_exists, object reference); `f`: a data file (file_contents, file_exists). */
  constructor(readonly kind: 't' | 'f', readonly name: string) {}

  note(path: string, exists: boolean): void {
    const set = exists ? this.found : this.absent;
    if (!set.has(path)) {
      set.add(path);
      this.version++;
    }
  }
}

export class SourceLookup {
  readonly includeDirs: readonly string[];
  private readonly stamps = new Map<string, FileStamp | null>();
  private readonly dirStamps = new Map<string, DirStamp>();
  /** Lookups by LOADPATH (the same list object for as long as LOADPATH is unchanged), then by name. */
  private readonly templateCache = new Map<string, Map<string, FoundSource | null>>();
  private readonly fileCache = new Map<string, Map<string, FoundSource | null>>();
  /** LOADPATH lists as cache keys, per list object (run-template.ts keeps one per LOADPATH value). */
  private readonly loadpathKeys = new WeakMap<readonly string[], string>();
  private readonly textCache = new Map<string, string>();
  private readonly absentDependencies = new Map<string, Readonly<Dependency>>();
  private readonly hashes = new Map<string, string>();
  readonly templateProbes = new Map<string, ProbeSet>();
  readonly fileProbes = new Map<string, ProbeSet>();
  /** Probe sets used since the last takeTouched() (what one object looked up). */
  private touched = new Set<ProbeSet>();

  /** When this lookup started looking (its stamps are not trusted when modified shortly before). */
  private readonly since = Date.now();

  constructor(includePath: readonly string[]) {
    this.includeDirs = includePath.map((d) => resolve(d));
  }

  isFile(path: string): boolean {
    return this.stampOf(path) !== null;
  }

  /** State of a file as first seen in this session (null: not a regular file). */
  stampOf(path: string): FileStamp | null {
    let s = this.stamps.get(path);
    if (s === undefined) {
      // The directory is looked at first: a file added after this point changes its stamp.
      // Not there, it holds no file (most probes of a per-host name are in such directories).
      s = this.dirStampOf(dirname(path)) === null ? null : fileStamp(path);
      this.stamps.set(path, s);
    }
    return s;
  }

  dirStampOf(dir: string): DirStamp {
    let s = this.dirStamps.get(dir);
    if (s === undefined) {
      s = dirStamp(dir);
      this.dirStamps.set(dir, s);
    }
    return s;
  }

  /** Candidate directories: include dirs times LOADPATH entries, in panc's order. */
  private *dirs(loadpath: readonly string[]): Generator<string> {
    for (const inc of this.includeDirs) {
      yield inc;
      for (const lp of loadpath) if (lp !== '') yield join(inc, lp);
    }
  }

  private probeSet(map: Map<string, ProbeSet>, kind: 't' | 'f', name: string): ProbeSet {
    let set = map.get(name);
    if (set === undefined) {
      set = new ProbeSet(kind, name);
      map.set(name, set);
    }
    this.touched.add(set);
    return set;
  }

  /** Find a template by name; null when absent. */
  findTemplate(name: string, loadpath: readonly string[]): FoundSource | null {
    return this.find('t', name, loadpath);
  }

  /** Find a data file (file_contents, file_exists) relative to the include path. */
  findFile(name: string, loadpath: readonly string[]): FoundSource | null {
    if (isAbsolute(name)) return null;
    return this.find('f', name, loadpath);
  }

  /** The first of NAME.pan, NAME.tpl (a template) or NAME (a data file) in the candidate directories. */
  private find(kind: 't' | 'f', name: string, loadpath: readonly string[]): FoundSource | null {
    const template = kind === 't';
    const probes = this.probeSet(template ? this.templateProbes : this.fileProbes, kind, name);
    const caches = template ? this.templateCache : this.fileCache;
    const lpKey = this.loadpathKey(loadpath);
    let cache = caches.get(lpKey);
    if (cache === undefined) {
      cache = new Map();
      caches.set(lpKey, cache);
    }
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    let found: FoundSource | null = null;
    search: for (const dir of this.dirs(loadpath)) {
      for (const suffix of template ? TEMPLATE_SUFFIXES : FILE_SUFFIXES) {
        const file = join(dir, name + suffix);
        const exists = this.isFile(file);
        probes.note(file, exists);
        if (exists) {
          const location = javaDirectoryUri(dir);
          const type = template ? 'PAN' : 'TEXT';
          found = { name, file, location, type, dependency: { name, type, location } };
          break search;
        }
      }
    }
    cache.set(name, found);
    return found;
  }

  /** The ABSENT_SOURCE dependency on a template name (one object per name, like FoundSource.dependency). */
  absentDependency(name: string): Readonly<Dependency> {
    let dep = this.absentDependencies.get(name);
    if (dep === undefined) {
      dep = { name, type: 'ABSENT_SOURCE', location: '' };
      this.absentDependencies.set(name, dep);
    }
    return dep;
  }

  private loadpathKey(loadpath: readonly string[]): string {
    if (loadpath.length === 0) return '';
    let key = this.loadpathKeys.get(loadpath);
    if (key === undefined) {
      key = loadpath.join('\u0000');
      this.loadpathKeys.set(loadpath, key);
    }
    return key;
  }

  /** The probe sets looked up since the last call (cached lookups included). */
  takeTouched(): ProbeSet[] {
    const list = [...this.touched];
    this.touched = new Set();
    return list;
  }

  private readRaw(file: string): Buffer {
    const bytes = readFileSync(file);
    this.hashes.set(file, contentHash(bytes));
    return bytes;
  }

  readText(file: string): string {
    let t = this.textCache.get(file);
    if (t === undefined) {
      t = this.readRaw(file).toString('utf8');
      this.textCache.set(file, t);
    }
    return t;
  }

  readBytes(file: string): Buffer {
    return this.readRaw(file);
  }

  /**
   * The syntax tree of a template file (from the parse cache when it has this
   * content). Its text is not kept: the session keeps the compiled template,
   * and a profile's own templates would otherwise stay in memory for the run.
   */
  readAst(file: string): TemplateAst {
    const text = this.textCache.get(file) ?? this.readRaw(file).toString('utf8');
    return parseTemplateSource(text, this.hashOf(file), file);
  }

  /** Content hash of a file as this session read it (read now when it was only probed). */
  hashOf(file: string): string {
    let h = this.hashes.get(file);
    if (h === undefined) {
      try {
        this.readRaw(file);
        h = this.hashes.get(file) as string;
      } catch {
        h = 'unreadable'; // never equal to a real hash: whoever depends on it is rebuilt
        this.hashes.set(file, h);
      }
    }
    return h;
  }

  /**
   * Paths whose state changed since this lookup saw them: files read or found
   * that were edited or removed, and paths probed in vain that now exist
   * (directories first: unchanged, no file was added to them). For a session
   * kept between builds (the compile server).
   */
  changedPaths(): string[] {
    const changed: string[] = [];
    const dirs = new Map<string, boolean>();
    const dirSame = (dir: string): boolean => {
      let same = dirs.get(dir);
      if (same === undefined) {
        const then = this.dirStamps.get(dir) ?? null;
        const now = dirStamp(dir);
        same = stampKey(then) === stampKey(now) && trustworthy(now, this.since);
        dirs.set(dir, same);
      }
      return same;
    };
    for (const [path, then] of this.stamps) {
      if (then === null) {
        if (!dirSame(dirname(path)) && fileStamp(path) !== null) changed.push(path);
        continue;
      }
      const now = fileStamp(path);
      if (now === null) changed.push(path);
      else if (stampKey(now) !== stampKey(then) || !trustworthy(now, this.since)) {
        const hash = this.hashes.get(path);
        if (hash !== undefined && hash !== this.currentHash(path)) changed.push(path);
      }
    }
    return changed;
  }

  private currentHash(path: string): string {
    try {
      return contentHash(readFileSync(path));
    } catch {
      return 'unreadable';
    }
  }

  /** Forget what was read of a file (it changed): read and hashed again when next needed. */
  forgetFile(file: string): void {
    this.textCache.delete(file);
    this.hashes.delete(file);
    this.stamps.delete(file);
  }
}

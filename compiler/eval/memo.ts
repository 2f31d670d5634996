/**
 * Memoised template execution.
 *
 * Most templates do the same thing in every profile of a site. While a
 * template runs, a Recorder notes every piece of object state it reads (a
 * global variable, an element of the tree, a function, a type...) with the
 * value seen, and every change it makes. When another object later includes
 * the same template and every recorded read gives the same value (frozen
 * values compare by identity, falling back to structural equality), the
 * recorded changes are replayed instead of running the template again.
 *
 * Reads of state the template itself wrote before are not inputs and are not
 * recorded. Recordings nest: when an included template finishes, its reads
 * and writes are folded into the recording of the template that included it.
 */
import type { Term } from '../model/path.js';
import { PanDict, PanDouble, PanList, type PanResource, type PanValue } from '../model/values.js';
import type { Dependency } from '../output/dep.js';
import type { FullType } from '../types/type-model.js';
import type { Bind, GlobalVariable, UserFunction, ValidStatement } from './object-context.js';

/** `key`: filled in by the Recorder (keyOf). */
export type ReadEntry =
  | { readonly k: 'global'; readonly name: string; readonly slot: number; readonly value: PanValue | undefined; readonly final: boolean }
  /**
   * An element read. When the recording had already written below it, the
   * value read includes those writes: `mask` lists them, and the check
   * compares everything else (sameOutsideMask).
   */
  | { readonly k: 'tree'; readonly terms: readonly Term[]; readonly value: PanValue | undefined; readonly mask?: WrittenNode; key?: string }
  | { readonly k: 'shape'; readonly terms: readonly Term[]; readonly value: PanValue; readonly sig: string; key?: string }
  | { readonly k: 'has'; readonly terms: readonly Term[]; readonly definedOnly: boolean; readonly value: boolean; key?: string }
  | { readonly k: 'function'; readonly name: string; readonly slot: number; readonly value: UserFunction | undefined }
  | { readonly k: 'type'; readonly name: string; readonly slot: number; readonly value: FullType | undefined }
  | { readonly k: 'once'; readonly name: string; readonly value: boolean; key?: string }
  | { readonly k: 'finals'; readonly sig: string; key?: string }
  | { readonly k: 'object'; readonly name: string; key?: string }
  /**
   * Global variables seen only through a pure operation (`match(FULL_HOSTNAME, re)`,
   * `HOST == 'x'`, `index(HOST, CE_HOSTS)`): what matters is the operation's
   * result, recomputed from the variables' current values when checking.
   * `seen` holds each variable as it was read (undefined: absent, allowed
   * for the first one when `firstMayBeAbsent`): when the recording itself
   * wrote some of them, the result depends on the others only.
   */
  | {
    readonly k: 'derived'; readonly names: readonly string[]; readonly seen: readonly (GlobalVariable | undefined)[];
    readonly firstMayBeAbsent: boolean;
    readonly compute: (values: readonly (PanValue | undefined)[]) => PanValue; readonly result: PanValue;
  };

export type WriteEntry =
  | { readonly k: 'global'; readonly name: string; readonly slot: number; readonly value: PanValue; readonly final: boolean }
  | { readonly k: 'tree'; readonly terms: readonly Term[]; readonly value: PanValue }
  | { readonly k: 'function'; readonly slot: number; readonly value: UserFunction }
  | { readonly k: 'type'; readonly name: string; readonly slot: number; readonly value: FullType }
  | { readonly k: 'bind'; readonly value: Bind }
  | { readonly k: 'valid'; readonly value: ValidStatement }
  | { readonly k: 'once'; readonly name: string }
  | { readonly k: 'dep'; readonly value: Dependency }
  | { readonly k: 'final'; readonly terms: readonly Term[] }
  | { readonly k: 'warn'; readonly text: string }
  | { readonly k: 'debug'; readonly text: string }
  | { readonly k: 'reference'; readonly name: string };

/** A global variable written: also the variable itself in the object's table (ObjectContext.globals). */
export type GlobalWrite = Extract<WriteEntry, { k: 'global' }>;

/** Paths written so far, as a trie: a read at or below one of them is not an input. */
class WrittenPaths {
  private readonly root = new Map<Term, WrittenNode>();
  private any = false;

  add(terms: readonly Term[]): void {
    this.any = true;
    let level = this.root;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i] as Term;
      let node = level.get(t);
      if (node === undefined) {
        node = { written: false, children: new Map() };
        level.set(t, node);
      }
      if (i === terms.length - 1) node.written = true;
      level = node.children;
    }
    if (terms.length === 0) this.rootWritten = true;
  }

  private rootWritten = false;

  /** Paths written strictly below `terms`, as a trie node, or undefined when there are none. */
  below(terms: readonly Term[]): WrittenNode | undefined {
    if (!this.any) return undefined;
    let level = this.root;
    let node: WrittenNode | undefined;
    for (const t of terms) {
      node = level.get(t);
      if (node === undefined) return undefined;
      level = node.children;
    }
    // A copy: later writes must not widen the mask of a read made before them.
    return level.size > 0 ? { written: false, children: copyLevel(level) } : undefined;
  }

  covers(terms: readonly Term[]): boolean {
    if (!this.any) return false;
    if (this.rootWritten) return true;
    let level = this.root;
    for (const t of terms) {
      const node = level.get(t);
      if (node === undefined) return false;
      if (node.written) return true;
      level = node.children;
    }
    return false;
  }
}

function copyLevel(level: Map<Term, WrittenNode>): Map<Term, WrittenNode> {
  const out = new Map<Term, WrittenNode>();
  for (const [t, n] of level) out.set(t, { written: n.written, children: n.written ? new Map() : copyLevel(n.children) });
  return out;
}

export interface WrittenNode {
  written: boolean;
  children: Map<Term, WrittenNode>;
}

/** Reads told apart by a key string; variables, types and functions by their numbers (name-slots.ts). */
type KeyedRead = Exclude<ReadEntry, { k: 'derived' | 'global' | 'type' | 'function' }>;

/**
 * What a read is of, as a string (`t:` element, `o:` unique template...),
 * kept on the entry: a read is noted again by every enclosing recording.
 */
function keyOf(r: KeyedRead): string {
  if (r.key !== undefined) return r.key;
  let key: string;
  switch (r.k) {
    case 'tree': key = 't:' + r.terms.join('/'); break;
    case 'shape': key = 's:' + r.terms.join('/'); break;
    case 'has': key = (r.definedOnly ? 'H:' : 'h:') + r.terms.join('/'); break;
    case 'once': key = 'o:' + r.name; break;
    case 'finals': key = 'F'; break;
    case 'object': key = 'N'; break;
  }
  r.key = key;
  return key;
}

export class Recorder {
  readonly reads: ReadEntry[] = [];
  readonly writes: WriteEntry[] = [];
  /** False once something untrackable happened: the recording must not be replayed. */
  valid = true;
  // Allocated on first use: many recordings (e.g. of validations) read little and write nothing.
  private seenKeys: Set<string> | null = null;
  private globalsWritten: Set<string> | null = null;
  private treeWritten: WrittenPaths | null = null;
  private namesWritten: Set<string> | null = null;
  private wroteFinals = false;
  // Variables, types and functions by number: no key string to build for the commonest reads.
  private seenGlobals: Set<number> | null = null;
  private seenTypes: Set<number> | null = null;
  private seenFunctions: Set<number> | null = null;
  private typesWritten: Set<number> | null = null;
  private functionsWritten: Set<number> | null = null;

  private get seen(): Set<string> {
    return (this.seenKeys ??= new Set());
  }

  private get wroteGlobals(): Set<string> {
    return (this.globalsWritten ??= new Set());
  }

  private get wroteTree(): WrittenPaths {
    return (this.treeWritten ??= new WrittenPaths());
  }

  private get wroteNames(): Set<string> {
    return (this.namesWritten ??= new Set());
  }

  constructor(readonly parent: Recorder | null) {}

  /** Note a read unless it is of something this recording wrote, or already noted. */
  read(r: ReadEntry): void {
    // The written-sets are tested through their nullable fields: most recordings write nothing.
    if (r.k === 'derived') {
      const written = this.globalsWritten;
      if (written === null || !r.names.some((n) => written.has(n))) {
        this.reads.push(r);
        return;
      }
      // Our own writes settle some of the variables: the result depends on the others only.
      const free: number[] = [];
      for (let i = 0; i < r.names.length; i++) if (!written.has(r.names[i] as string)) free.push(i);
      if (free.length > 0) this.reads.push(narrowDerived(r, free));
      return;
    }
    switch (r.k) {
      case 'global':
        this.noteNumbered(r, this.globalsWritten?.has(r.name) === true, (this.seenGlobals ??= new Set()));
        return;
      case 'type':
        this.noteNumbered(r, this.typesWritten?.has(r.slot) === true, (this.seenTypes ??= new Set()));
        return;
      case 'function':
        this.noteNumbered(r, this.functionsWritten?.has(r.slot) === true, (this.seenFunctions ??= new Set()));
        return;
      default:
        break;
    }
    const key = keyOf(r);
    switch (r.k) {
      case 'tree':
      case 'shape':
      case 'has': {
        if (this.treeWritten === null) break;
        if (this.treeWritten.covers(r.terms)) return;
        const mask = this.treeWritten.below(r.terms);
        if (mask !== undefined) {
          // Existence and write shape are settled by our own writes below; a value read is masked.
          if (r.k !== 'tree') return;
          r = { ...r, mask };
        }
        break;
      }
      case 'once':
        if (this.namesWritten?.has(key) === true) return;
        break;
      case 'finals':
        if (this.wroteFinals) return;
        break;
      case 'object':
        break;
    }
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.reads.push(r);
  }

  /** A read of a numbered name: noted once, unless this recording wrote the name itself. */
  private noteNumbered(r: ReadEntry & { readonly slot: number }, writtenHere: boolean, seen: Set<number>): void {
    if (writtenHere || seen.has(r.slot)) return;
    seen.add(r.slot);
    this.reads.push(r);
  }

  write(w: WriteEntry): void {
    this.writes.push(w);
    switch (w.k) {
      case 'global': this.wroteGlobals.add(w.name); break;
      case 'tree': this.wroteTree.add(w.terms); break;
      case 'function': (this.functionsWritten ??= new Set()).add(w.slot); break;
      case 'type': (this.typesWritten ??= new Set()).add(w.slot); break;
      case 'once': this.wroteNames.add('o:' + w.name); break;
      case 'final': this.wroteFinals = true; break;
      default: break;
    }
  }

  /** Fold a finished nested recording into this one. */
  absorb(child: Recorder): void {
    if (!child.valid) this.valid = false;
    for (const r of child.reads) this.read(r);
    for (const w of child.writes) this.write(w);
  }
}

/** A derived read over the variables at positions `free` of `r`, the others fixed at the values `r` saw. */
function narrowDerived(r: Extract<ReadEntry, { k: 'derived' }>, free: readonly number[]): ReadEntry {
  const fixed = r.seen.map((g) => g?.value);
  return {
    k: 'derived',
    names: free.map((i) => r.names[i] as string),
    seen: free.map((i) => r.seen[i]),
    firstMayBeAbsent: r.firstMayBeAbsent && free[0] === 0,
    compute: (values) => {
      const all = fixed.slice();
      for (let j = 0; j < free.length; j++) all[free[j] as number] = values[j];
      return r.compute(all);
    },
    result: r.result,
  };
}

export interface MemoVariant {
  readonly reads: readonly ReadEntry[];
  readonly writes: readonly WriteEntry[];
  hits: number;
  /**
   * The read that failed the last check, checked first next time: a variant
   * usually fails on the same per-object input (a hostname, an address), and
   * finding it first spares comparing all the reads before it.
   */
  failAt: number;
}

/** Recordings of one template (a few variants: different OS, machine type...). */
export class TemplateMemo {
  readonly variants: MemoVariant[] = [];
  private misses = 0;
  private hits = 0;

  /**
   * Whether to check this template's recordings, and record it when none
   * holds: always, unless it has never been replayed after many runs (it
   * depends on per-object data).
   */
  get live(): boolean {
    return this.hits > 0 || this.misses < GIVE_UP_AFTER || isRetry(this.misses);
  }

  add(rec: Recorder): void {
    if (this.variants.length >= MAX_VARIANTS) {
      // Replace the least used variant (the oldest among equals).
      let worst = 0;
      for (let i = 1; i < this.variants.length; i++) if ((this.variants[i] as MemoVariant).hits < (this.variants[worst] as MemoVariant).hits) worst = i;
      this.variants.splice(worst, 1);
    }
    this.variants.push({ reads: rec.reads, writes: withoutOverwrittenTreeWrites(rec.writes), hits: 0, failAt: -1 });
  }

  noteHit(v: MemoVariant): void {
    v.hits++;
    this.hits++;
    // Most recently used first: consecutive objects tend to be alike.
    const i = this.variants.indexOf(v);
    if (i > 0) {
      this.variants.splice(i, 1);
      this.variants.unshift(v);
    }
  }

  noteMiss(): void {
    this.misses++;
  }
}

/**
 * The writes of a recording less the element writes a later write of the
 * same recording replaces (at the same path or above it): replaying them
 * would only build what the later one throws away. A recording is replayed
 * only where its reads hold, so none of its writes fails there, and a later
 * write leaves nothing of an earlier one below it. Other writes are kept in
 * order (replay uses no read between them).
 */
export function withoutOverwrittenTreeWrites(writes: WriteEntry[]): WriteEntry[] {
  const later = new WrittenPaths();
  let dropped: Set<number> | undefined;
  for (let i = writes.length - 1; i >= 0; i--) {
    const w = writes[i] as WriteEntry;
    if (w.k !== 'tree') continue;
    if (later.covers(w.terms)) (dropped ??= new Set()).add(i);
    else later.add(w.terms);
  }
  return dropped === undefined ? writes : writes.filter((_, i) => !dropped.has(i));
}

/**
 * Misses before a template that never replayed is given up. Recording the
 * templates that include the rest of a profile costs as much as the rest of
 * the profile, and a worker warming up records each of them this many times:
 * 8 instead of 16 made a cold build at N=1000 3.7% faster (6 A/B pairs).
 */
const GIVE_UP_AFTER = 8;
/**
 * A template that never replayed is still tried now and then, the objects
 * compiled may change kind: after 64 misses, then 128, 256... A retry records
 * the whole run of the template (for the templates that include the rest of
 * a profile, all of it), so each one that fails doubles the wait.
 */
const FIRST_RETRY = 64;

function isRetry(misses: number): boolean {
  return misses >= FIRST_RETRY && (misses & (misses - 1)) === 0;
}

const MAX_VARIANTS = 8;

/**
 * Equality of an element now and as a recording read it, outside the paths
 * the recording itself wrote below it (`mask`): those it sets anyway.
 */
export function sameOutsideMask(now: PanValue | undefined, then: PanValue | undefined, mask: WrittenNode): boolean {
  if (now === then || mask.written) return true;
  if (then instanceof PanDict) {
    if (now !== undefined && !(now instanceof PanDict)) return false;
    let shared = 0;
    for (const k of then.rawKeys()) {
      const b = then.get(k);
      const sub = mask.children.get(k);
      const a = now?.get(k);
      if (sub === undefined ? a !== b && !sameValue(a, b) : !sameOutsideMask(a, b, sub)) return false;
      if (a !== undefined) shared++;
    }
    // Keys the element has now and had not then: only where the recording writes.
    if (now !== undefined && now.size > shared) {
      for (const k of now.rawKeys()) {
        if (then.has(k)) continue;
        const sub = mask.children.get(k);
        if (sub === undefined || !sameOutsideMask(now.get(k), undefined, sub)) return false;
      }
    }
    return true;
  }
  if (then instanceof PanList) {
    if (!(now instanceof PanList) || now.items.length !== then.items.length) return false;
    for (let i = 0; i < then.items.length; i++) {
      const sub = mask.children.get(i);
      const a = now.items[i];
      const b = then.items[i];
      if (sub === undefined ? a !== b && !sameValue(a, b) : !sameOutsideMask(a, b, sub)) return false;
    }
    return true;
  }
  return sameValue(now, then);
}

/** Interned resources (model/intern.ts) whose content hashes differ cannot be equal. */
function differentHashes(a: PanResource, b: PanResource): boolean {
  return a.hash !== 0 && b.hash !== 0 && a.hash !== b.hash;
}

/** Structural equality of two values (used when identities differ). */
export function sameValue(a: PanValue | undefined, b: PanValue | undefined, depth = 0): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || depth > 64) return false;
  if (a instanceof PanDouble) return b instanceof PanDouble && Object.is(a.value, b.value);
  if (a instanceof PanList) {
    if (!(b instanceof PanList) || a.items.length !== b.items.length || differentHashes(a, b)) return false;
    for (let i = 0; i < a.items.length; i++) if (!sameValue(a.items[i], b.items[i], depth + 1)) return false;
    return true;
  }
  if (a instanceof PanDict) {
    if (!(b instanceof PanDict) || a.size !== b.size || differentHashes(a, b)) return false;
    // Keys then get: iterating entries allocates a pair per element.
    for (const k of a.rawKeys()) {
      const y = b.get(k);
      if (y === undefined || !sameValue(a.get(k), y, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

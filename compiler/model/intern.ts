/**
 * Hash-consing of frozen values: equal subtrees become the same object.
 *
 * The profiles of a site share most of their content, but each profile's
 * tree is built by its own writes, so equal subtrees are distinct objects.
 * Interning the tree after execution makes them identical, so that what is
 * cached by identity (validation, defaults, output fragments) is reused
 * across profiles, and memory holds each distinct subtree once.
 *
 * Interning is bottom-up: a resource's children are interned first, then
 * the resource is looked up by its content hash and compared shallowly (its
 * children are canonical, so identity compares them). Replacing a child by
 * an equal canonical one does not change any value, so this may be done
 * even in resources that are already shared.
 */
import { PanDict, PanDouble, PanList, type PanResource, type PanValue } from './values.js';

/**
 * Entries per generation. The table keeps two generations: a subtree met
 * again is moved to the current one, a subtree unique to a few profiles
 * ages out with the previous one, so memory is bounded whatever the number
 * of profiles.
 */
const GENERATION = 8_000;

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1);
  return (h ^ (h >>> 15)) | 0;
}

function stringHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Hash of an (interned) element. */
function elementHash(v: PanValue): number {
  switch (typeof v) {
    case 'string': return mix(1, stringHash(v));
    case 'number': return mix(2, Number.isInteger(v) ? (v | 0) ^ Math.floor(v / 4294967296) : stringHash(String(v)));
    case 'bigint': return mix(3, stringHash(v.toString()));
    case 'boolean': return v ? 4 : 5;
    case 'symbol': return 6;
  }
  if (v === null) return 7;
  if (v instanceof PanDouble) return mix(8, stringHash(String(v.value)));
  return (v as PanResource).hash;
}

function sameElement(a: PanValue, b: PanValue): boolean {
  if (a === b) return true;
  return a instanceof PanDouble && b instanceof PanDouble && Object.is(a.value, b.value);
}

function shallowEqual(a: PanResource, b: PanResource): boolean {
  if (a instanceof PanList) {
    if (!(b instanceof PanList) || a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!sameElement(a.items[i] as PanValue, b.items[i] as PanValue)) return false;
    return true;
  }
  if (!(b instanceof PanDict) || a.size !== (b as PanDict).size) return false;
  for (const k of (a as PanDict).rawKeys()) {
    const y = (b as PanDict).get(k);
    if (y === undefined || !sameElement((a as PanDict).get(k) as PanValue, y)) return false;
  }
  return true;
}

/**
 * Whether a cache has met an interned resource before (and note it now):
 * caches keyed by interned subtrees keep only what recurs, not what is unique
 * to one profile (its host name, its hardware...). Each cache has its own set.
 */
export function seenBefore(seen: WeakSet<object>, r: PanResource): boolean {
  if (seen.has(r)) return true;
  seen.add(r);
  return false;
}

/** What `metBy` keeps for a resource met by more than one object. */
const SHARED = '';

/**
 * Whether an interned resource was met before by another object than
 * `object` (and note it now): a subtree of one profile is often met twice in
 * it (bound to two types), and is still not worth a cache entry.
 */
export function sharedBefore(metBy: WeakMap<object, string>, r: PanResource, object: string): boolean {
  const first = metBy.get(r);
  if (first === SHARED) return true;
  if (first === undefined) {
    metBy.set(r, object);
    return false;
  }
  if (first === object) return false;
  metBy.set(r, SHARED);
  return true;
}

type Bucket = PanResource | PanResource[];

export class InternTable {
  private current = new Map<number, Bucket>();
  private previous = new Map<number, Bucket>();

  /** The canonical (frozen) version of `v`. */
  intern<T extends PanValue>(v: T): T {
    if (v instanceof PanList) return this.internList(v) as T;
    if (v instanceof PanDict) return this.internDict(v) as T;
    return v;
  }

  private internList(l: PanList): PanResource {
    if (l.hash !== 0) return l;
    let h = 0x1234;
    const items = l.items;
    for (let i = 0; i < items.length; i++) {
      const c = items[i] as PanValue;
      const ci = this.intern(c);
      if (ci !== c) items[i] = ci;
      h = mix(h, elementHash(ci));
    }
    return this.canonical(l, h);
  }

  private internDict(d: PanDict): PanResource {
    if (d.hash !== 0) return d;
    let h = 0x5678;
    // Sum of per-entry hashes: independent of insertion order.
    // Keys then get: iterating entries allocates a pair per element.
    for (const k of d.rawKeys()) {
      const c = d.get(k) as PanValue;
      const ci = this.intern(c);
      if (ci !== c) d.set(k, ci);
      h = (h + mix(stringHash(k), elementHash(ci))) | 0;
    }
    return this.canonical(d, h);
  }

  private canonical(r: PanResource, h: number): PanResource {
    if (h === 0) h = 1;
    const hit = find(this.current.get(h), r) ?? find(this.previous.get(h), r);
    if (hit !== undefined) {
      if (!this.current.has(h)) add(this.current, h, hit);
      return hit;
    }
    r.frozen = true;
    r.hash = h;
    if (this.current.size >= GENERATION) {
      this.previous = this.current;
      this.current = new Map();
    }
    add(this.current, h, r);
    return r;
  }
}

function find(bucket: Bucket | undefined, r: PanResource): PanResource | undefined {
  if (bucket === undefined) return undefined;
  if (!Array.isArray(bucket)) return shallowEqual(bucket, r) ? bucket : undefined;
  for (const c of bucket) if (shallowEqual(c, r)) return c;
  return undefined;
}

function add(table: Map<number, Bucket>, h: number, r: PanResource): void {
  const b = table.get(h);
  if (b === undefined) table.set(h, r);
  else if (Array.isArray(b)) b.push(r);
  else table.set(h, [b, r]);
}

/**
 * Pan values: the data model shared by the evaluator, the built-ins, the
 * type checker and the output formatters.
 *
 *   Pan      JavaScript
 *   long     number (a safe integer) or bigint (outside ±2^53, always within 64 bits)
 *   double   PanDouble (a wrapper, so that 1.0 stays a double)
 *   string   string (UTF-16, as Java's)
 *   boolean  boolean
 *   null     null
 *   undef    UNDEF (a singleton; JavaScript `undefined` means "no such element")
 *   list     PanList
 *   dict     PanDict (nlist); keys iterate in Java String order (UTF-16 code units)
 *
 * Resources are shared copy-on-write: a frozen resource is never changed
 * again (it may be referenced from the configuration tree, a global variable
 * and any number of other resources at once); writing "into" it means
 * writing into a shallow unfrozen clone whose children are still frozen.
 * `freeze` is deep and stops at resources that are already frozen, so
 * sharing a mostly-frozen tree costs only its unfrozen part.
 */

export class PanDouble {
  constructor(readonly value: number) {}
}

/** The Pan `undef` value. */
export const UNDEF: unique symbol = Symbol('undef');
export type PanUndef = typeof UNDEF;

export type PanLong = number | bigint;
export type PanProperty = PanLong | PanDouble | string | boolean;
export type PanResource = PanList | PanDict;
export type PanValue = PanProperty | PanResource | null | PanUndef;

export type ValueKind = 'long' | 'double' | 'string' | 'boolean' | 'null' | 'undef' | 'list' | 'dict';

export class PanList {
  frozen = false;
  /** Content hash once interned (intern.ts); 0 before. */
  hash = 0;
  constructor(public items: PanValue[] = []) {}

  get length(): number {
    return this.items.length;
  }

  /** Shallow copy, unfrozen; children are shared (and must be frozen by the caller if needed). */
  clone(): PanList {
    return new PanList(this.items.slice());
  }
}

export class PanDict {
  frozen = false;
  /** Content hash once interned (intern.ts); 0 before. */
  hash = 0;
  private readonly map: Map<string, PanValue>;
  /** Sorted key cache, dropped whenever the key set changes. */
  private sorted: string[] | null = null;

  constructor(map?: Map<string, PanValue>) {
    this.map = map ?? new Map();
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): PanValue | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Caller is responsible for checking `frozen` (see compiler/eval). */
  set(key: string, value: PanValue): void {
    if (this.sorted !== null && !this.map.has(key)) this.sorted = null;
    this.map.set(key, value);
  }

  delete(key: string): boolean {
    const had = this.map.delete(key);
    if (had) this.sorted = null;
    return had;
  }

  /** Keys in Java `String.compareTo` order (UTF-16 code units), as panc iterates and writes them. */
  keys(): readonly string[] {
    if (this.sorted === null) {
      this.sorted = Array.from(this.map.keys()).sort(compareJavaStrings);
    }
    return this.sorted;
  }

  /** Entries in sorted key order. */
  *entries(): IterableIterator<[string, PanValue]> {
    for (const k of this.keys()) yield [k, this.map.get(k) as PanValue];
  }

  /** Keys in insertion order (cheaper; for order-insensitive work). */
  rawKeys(): IterableIterator<string> {
    return this.map.keys();
  }

  /** Values in insertion order (for order-insensitive work; no pair allocated per entry). */
  rawValues(): IterableIterator<PanValue> {
    return this.map.values();
  }

  /** Entries in insertion order (cheaper; for order-insensitive work). */
  rawEntries(): IterableIterator<[string, PanValue]> {
    return this.map.entries();
  }

  clone(): PanDict {
    // forEach: `new Map(map)` goes through the iterator protocol, an object per entry.
    const copy = new Map<string, PanValue>();
    this.map.forEach((v, k) => copy.set(k, v));
    const d = new PanDict(copy);
    d.sorted = this.sorted;
    return d;
  }
}

/** Java's String.compareTo: UTF-16 code unit order, which is what `<` does on JS strings. */
export function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function kindOf(v: PanValue): ValueKind {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'symbol':
      return 'undef';
    default:
      if (v === null) return 'null';
      if (v instanceof PanDouble) return 'double';
      if (v instanceof PanList) return 'list';
      return 'dict';
  }
}

export function isResource(v: PanValue | undefined): v is PanResource {
  return v instanceof PanList || v instanceof PanDict;
}

export function isProperty(v: PanValue | undefined): v is PanProperty {
  const t = typeof v;
  return t === 'number' || t === 'bigint' || t === 'string' || t === 'boolean' || v instanceof PanDouble;
}

export function isLong(v: PanValue | undefined): v is PanLong {
  const t = typeof v;
  return t === 'number' || t === 'bigint';
}

/** Deep freeze, stopping at resources that are already frozen. Returns its argument. */
export function freeze<T extends PanValue>(v: T): T {
  if (v instanceof PanList) {
    if (!v.frozen) {
      v.frozen = true;
      const items = v.items;
      for (let i = 0; i < items.length; i++) freeze(items[i] as PanValue);
    }
  } else if (v instanceof PanDict) {
    if (!v.frozen) {
      v.frozen = true;
      for (const c of v.rawValues()) freeze(c);
    }
  }
  return v;
}

/** A writable version of a resource: itself if unfrozen, else a shallow clone. */
export function writable<T extends PanResource>(r: T): T {
  return (r.frozen ? r.clone() : r) as T;
}

/** Build a dict from JS entries (convenience for built-ins and tests). */
export function dictOf(entries: Iterable<[string, PanValue]>): PanDict {
  const d = new PanDict();
  for (const [k, v] of entries) d.set(k, v);
  return d;
}

export function listOf(items: PanValue[]): PanList {
  return new PanList(items);
}

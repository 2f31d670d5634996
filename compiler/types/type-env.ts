/**
 * Fingerprints of an object's type and function tables, so that work done
 * for one object (validating a shared subtree against a type, filling its
 * defaults) can be reused by another object with the same definitions.
 *
 * Each (name, definition) pair gets a random 32-bit tag; a table's
 * fingerprint is the XOR of its pairs' tags: order-independent and updated
 * in O(1) when a definition is added or replaced.
 */
const tags = new WeakMap<object, Map<string, number>>();

function tagOf(name: string, def: object): number {
  let byName = tags.get(def);
  if (byName === undefined) {
    byName = new Map();
    tags.set(def, byName);
  }
  let t = byName.get(name);
  if (t === undefined) {
    t = (Math.random() * 0x1_0000_0000) >>> 0;
    byName.set(name, t);
  }
  return t;
}

export class DefinitionFingerprint {
  private value = 0;
  private asText: string | null = '0';

  /** Account for `name` now being `def` (and no longer `previous`). */
  update(name: string, def: object, previous: object | undefined): void {
    if (previous !== undefined) this.value ^= tagOf(name, previous);
    this.value ^= tagOf(name, def);
    this.asText = null;
  }

  /** The fingerprint as text, the same string until it changes (for cache keys). */
  text(): string {
    return (this.asText ??= String(this.value));
  }
}

/**
 * Cache keys `<id of a definition>:<environment>`, kept per definition while
 * the environment text is the same: a key built anew for every lookup would
 * be hashed anew too.
 */
export class KeyCache {
  private readonly last = new WeakMap<object, { env: string; key: string }>();

  key(o: object, env: string): string {
    const k = this.last.get(o);
    if (k !== undefined && k.env === env) return k.key;
    const key = `${idOf(o)}:${env}`;
    this.last.set(o, { env, key });
    return key;
  }
}

let nextId = 1;
const ids = new WeakMap<object, number>();

/** A small stable number for an object (type definitions in cache keys). */
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

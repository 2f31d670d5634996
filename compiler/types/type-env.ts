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

  /** Account for `name` now being `def` (and no longer `previous`). */
  update(name: string, def: object, previous: object | undefined): void {
    if (previous !== undefined) this.value ^= tagOf(name, previous);
    this.value ^= tagOf(name, def);
  }

  get(): number {
    return this.value;
  }
}

let nextId = 1;
const ids = new WeakMap<object, number>();

/** A small stable number for an object (type definitions in cache keys). */
export function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

/**
 * Fingerprints of an object's type and function tables, so that work done
 * for one object (validating a shared subtree against a type, filling its
 * defaults) can be reused by another object with the same definitions.
 *
 * Each (name, definition) pair gets a 32-bit tag: the definition's own
 * random tag (made with it, once per template) mixed with the number of its
 * name (eval/name-slots.ts). A table's fingerprint is the XOR of its pairs'
 * tags: order-independent and updated in O(1) when a definition is added or
 * replaced. An object defines some 500 types and functions: the tag is a
 * field of the definition, not looked up.
 */

/** A tag for a new definition (a type or a function). */
export function newDefinitionTag(): number {
  return (Math.random() * 0x1_0000_0000) >>> 0;
}

function pairTag(slot: number, tag: number): number {
  return tag ^ Math.imul(slot + 1, 0x9e3779b1);
}

export class DefinitionFingerprint {
  private value = 0;
  private asText: string | null = '0';

  /** Account for the name numbered `slot` now having the definition tagged `tag` (and no longer `previous`). */
  update(slot: number, tag: number, previous: number | undefined): void {
    if (previous !== undefined) this.value ^= pairTag(slot, previous);
    this.value ^= pairTag(slot, tag);
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

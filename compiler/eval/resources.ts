/**
 * Reading and writing inside resources with Pan's rules, shared by local
 * variables, SELF and the configuration tree:
 *
 * - writing through a missing or undef element creates a list (long index)
 *   or a dict (string key) on the way;
 * - frozen resources are cloned on the way (copy-on-write), so a write never
 *   changes a value that another holder can see;
 * - assigning null deletes the element; a list index beyond the end pads
 *   with undef; negative indices count from the end;
 * - an element may only be replaced by one of a compatible type
 *   (checkReplacement).
 */
import { PanError } from '../errors.js';
import { keyFromString } from '../model/path.js';
import { PanDict, PanList, UNDEF, isResource, kindOf, type PanResource, type PanValue } from '../model/values.js';

function fail(message: string): never {
  throw new PanError('evaluation', message);
}

/** A subscript as a list index or dict key, checked. */
export type Key = number | string;

export function toKey(k: PanValue, what: string): Key {
  if (typeof k === 'string') {
    const key = keyFromString(k);
    if (key === null) fail(`invalid dict key '${k}' in ${what}`);
    return key;
  }
  if (typeof k === 'number') return k;
  if (typeof k === 'bigint') fail(`list index ${k} is out of range in ${what}`);
  return fail(`subscript must be a string or a long, not ${kindOf(k)}, in ${what}`);
}

/** Long index of a list, resolving negative indices; -1 when out of range. */
export function listIndex(list: PanList, i: number): number {
  const n = list.items.length;
  const j = i < 0 ? n + i : i;
  return j >= 0 && j < n ? j : -1;
}

/** Child of a resource, or undefined when absent (or the subscript does not apply). */
export function childOf(container: PanValue | undefined, key: Key): PanValue | undefined {
  if (container instanceof PanDict) return typeof key === 'string' ? container.get(key) : undefined;
  if (container instanceof PanList) {
    if (typeof key !== 'number') return undefined;
    const j = listIndex(container, key);
    return j < 0 ? undefined : container.items[j];
  }
  return undefined;
}

/**
 * Child of a resource for a read that must succeed: undefined when absent,
 * an error when the subscript's type does not fit the resource.
 */
export function childForRead(container: PanValue | undefined, key: Key, describe: () => string): PanValue | undefined {
  if (container instanceof PanDict) {
    if (typeof key !== 'string') fail(`cannot index dict ${describe()} with a long (${key})`);
    return container.get(key);
  }
  if (container instanceof PanList) {
    if (typeof key !== 'number') fail(`cannot index list ${describe()} with a string ('${key}')`);
    const j = listIndex(container, key);
    return j < 0 ? undefined : container.items[j];
  }
  if (container === undefined) return undefined;
  return fail(`cannot take element [${key}] of ${describe()}: it is a ${kindOf(container)}, not a resource`);
}

const PROPERTY_CLASS: Record<string, string> = { long: 'long', double: 'double', string: 'string', boolean: 'boolean' };

/** panc's replacement rule: undef/null on either side are always fine, else the same kind of element. */
export function replaceable(old: PanValue | undefined, next: PanValue): boolean {
  if (old === undefined || old === UNDEF || old === null || next === UNDEF || next === null) return true;
  return kindOf(old) === kindOf(next);
}

/** The replacement rule as a check: an error naming both kinds and `where()`. */
export function checkReplacement(old: PanValue | undefined, next: PanValue, where: () => string): void {
  if (replaceable(old, next)) return;
  const a = kindOf(old as PanValue);
  const b = kindOf(next);
  // Every other kind is a property or a resource: two properties, or a resource on either side.
  if (PROPERTY_CLASS[a] !== undefined && PROPERTY_CLASS[b] !== undefined) fail(`cannot replace ${a} with ${b} at ${where()}`);
  fail(`cannot replace ${describeKind(a)} with ${describeKind(b)} at ${where()}`);
}

function describeKind(k: string): string {
  return k === 'dict' ? 'dict (nlist)' : k;
}

function newContainerFor(key: Key): PanResource {
  return typeof key === 'number' ? new PanList() : new PanDict();
}

/**
 * `container[keys[k]]...[keys[last]] = value` (null: delete). Returns the
 * container to store back in the holder: the same object when it was
 * writable, a clone when it was frozen, a new one when it was missing.
 * `path` collects the containers on the way for the cycle check, which only
 * an unfrozen resource needs (a frozen one holds no writable container).
 */
export function setIn(
  container: PanValue | undefined,
  keys: readonly Key[],
  k: number,
  value: PanValue,
  where: () => string,
  path: PanResource[] | null = isResource(value) && !value.frozen ? [] : null,
): PanResource {
  const key = keys[k] as Key;
  let c: PanResource;
  if (container === undefined || container === UNDEF || container === null) {
    c = newContainerFor(key);
  } else if (container instanceof PanList || container instanceof PanDict) {
    c = container.frozen ? container.clone() : container;
  } else {
    return fail(`cannot set element [${key}] of ${where()}: the parent is a ${kindOf(container)}, not a resource`);
  }
  path?.push(c);
  if (k === keys.length - 1) {
    storeChild(c, key, value, where, path);
    return c;
  }
  const child = childForWrite(c, key, where);
  const next = setIn(child, keys, k + 1, value, where, path);
  if (next !== child) putChild(c, key, next, where);
  return c;
}

function childForWrite(c: PanResource, key: Key, where: () => string): PanValue | undefined {
  if (c instanceof PanDict) {
    if (typeof key !== 'string') fail(`cannot use index ${key} on a dict at ${where()}`);
    return c.get(key);
  }
  if (typeof key !== 'number') fail(`cannot use key '${key}' on a list at ${where()}`);
  const j = key < 0 ? c.items.length + key : key;
  if (j < 0) fail(`list index ${key} is out of range at ${where()}`);
  return c.items[j];
}

function putChild(c: PanResource, key: Key, v: PanValue, where: () => string): void {
  if (c instanceof PanDict) {
    c.set(key as string, v);
    return;
  }
  const items = c.items;
  let j = key as number;
  if (j < 0) {
    j += items.length;
    if (j < 0) fail(`list index ${key} is out of range at ${where()}`);
  }
  while (items.length < j) items.push(UNDEF);
  items[j] = v;
}

function storeChild(c: PanResource, key: Key, value: PanValue, where: () => string, path: PanResource[] | null): void {
  if (c instanceof PanDict) {
    if (typeof key !== 'string') fail(`cannot use index ${key} on a dict at ${where()}`);
    if (value === null) {
      c.delete(key);
      return;
    }
    checkReplacement(c.get(key), value, where);
    checkCycle(value, path);
    c.set(key, value);
    return;
  }
  if (typeof key !== 'number') fail(`cannot use key '${key}' on a list at ${where()}`);
  const items = c.items;
  const j = key < 0 ? items.length + key : key;
  if (j < 0) fail(`list index ${key} is out of range at ${where()}`);
  if (value === null) {
    if (j < items.length) items.splice(j, 1);
    return;
  }
  checkReplacement(items[j], value, where);
  checkCycle(value, path);
  while (items.length < j) items.push(UNDEF);
  items[j] = value;
}

function checkCycle(value: PanValue, path: PanResource[] | null): void {
  if (path !== null && isResource(value) && !value.frozen && path.includes(value)) {
    fail('circular reference: a resource cannot be stored inside itself');
  }
}

/** A frozen copy of a value that shares what is already frozen (for stores that must not alias). */
export function snapshot(v: PanValue): PanValue {
  if (v instanceof PanList) {
    if (v.frozen) return v;
    const c = new PanList(v.items.map(snapshot));
    c.frozen = true;
    return c;
  }
  if (v instanceof PanDict) {
    if (v.frozen) return v;
    const c = new PanDict();
    for (const [k, x] of v.rawEntries()) c.set(k, snapshot(x));
    c.frozen = true;
    return c;
  }
  return v;
}

/** Deep copy as unfrozen resources (Pan's clone()). */
export function deepCopy(v: PanValue): PanValue {
  if (v instanceof PanList) return new PanList(v.items.map(deepCopy));
  if (v instanceof PanDict) {
    const c = new PanDict();
    for (const [k, x] of v.rawEntries()) c.set(k, deepCopy(x));
    return c;
  }
  return v;
}


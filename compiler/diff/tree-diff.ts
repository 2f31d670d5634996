/**
 * Differences between two configuration trees, as changes at paths: a path
 * only in the new tree is `added`, only in the old one `removed`, in both
 * with different values `changed`. Dicts are compared key by key and lists
 * of resources index by index; a list of properties (a package list, a
 * search path) is one value, since an insertion would otherwise show as a
 * change of every later index. Values are compared by type and value: the
 * long 1 and the double 1.0 differ, as they do in a profile.
 */
import type { Term } from '../model/path.js';
import { PanDict, PanDouble, PanList, isProperty, type PanValue } from '../model/values.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface Change {
  readonly kind: ChangeKind;
  readonly path: readonly Term[];
  /** Value before (absent for `added`). */
  readonly old?: PanValue;
  /** Value after (absent for `removed`). */
  readonly new?: PanValue;
}

/** Every change from `before` to `after`, in path order. */
export function diffTrees(before: PanValue, after: PanValue): Change[] {
  const out: Change[] = [];
  diffValue(before, after, [], out);
  return out;
}

function diffValue(a: PanValue, b: PanValue, path: Term[], out: Change[]): void {
  if (a === b) return;
  if (a instanceof PanDict && b instanceof PanDict) {
    diffDicts(a, b, path, out);
  } else if (a instanceof PanList && b instanceof PanList && !(isPropertyList(a) && isPropertyList(b))) {
    diffLists(a, b, path, out);
  } else if (!sameValue(a, b)) {
    out.push({ kind: 'changed', path: path.slice(), old: a, new: b });
  }
}

function diffDicts(a: PanDict, b: PanDict, path: Term[], out: Change[]): void {
  for (const k of unionOfKeys(a, b)) {
    const x = a.get(k);
    const y = b.get(k);
    path.push(k);
    if (x === undefined) out.push({ kind: 'added', path: path.slice(), new: y as PanValue });
    else if (y === undefined) out.push({ kind: 'removed', path: path.slice(), old: x });
    else diffValue(x, y, path, out);
    path.pop();
  }
}

function diffLists(a: PanList, b: PanList, path: Term[], out: Change[]): void {
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    path.push(i);
    if (i >= a.items.length) out.push({ kind: 'added', path: path.slice(), new: b.items[i] as PanValue });
    else if (i >= b.items.length) out.push({ kind: 'removed', path: path.slice(), old: a.items[i] as PanValue });
    else diffValue(a.items[i] as PanValue, b.items[i] as PanValue, path, out);
    path.pop();
  }
}

/** Keys of both dicts, sorted (usually the same keys: then no merge is needed). */
function unionOfKeys(a: PanDict, b: PanDict): readonly string[] {
  const ka = a.keys();
  if (a.size === b.size && ka.every((k) => b.has(k))) return ka;
  return [...new Set([...ka, ...b.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

function isPropertyList(l: PanList): boolean {
  return l.items.every((x) => isProperty(x));
}

/** Deep equality of two values, types included. */
export function sameValue(a: PanValue, b: PanValue): boolean {
  if (a === b) return true;
  if (a instanceof PanDouble) return b instanceof PanDouble && Object.is(a.value, b.value);
  if (a instanceof PanList) {
    if (!(b instanceof PanList) || a.items.length !== b.items.length) return false;
    return a.items.every((x, i) => sameValue(x, b.items[i] as PanValue));
  }
  if (a instanceof PanDict) {
    if (!(b instanceof PanDict) || a.size !== b.size) return false;
    for (const [k, x] of a.rawEntries()) {
      const y = b.get(k);
      if (y === undefined || !sameValue(x, y)) return false;
    }
    return true;
  }
  return false;
}

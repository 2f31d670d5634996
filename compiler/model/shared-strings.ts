/**
 * One copy of each string of the syntax trees: names, path terms, string
 * literals. The parser and the parse cache give a new copy of a name at each
 * occurrence, and a Map keyed by strings (variables, types, functions, dict
 * keys, memo reads) compares two different copies character by character;
 * with one copy, it compares them by identity. That made the steady state of
 * the 1000-node benchmark site 6-8% faster per profile.
 */

/**
 * Strings seen lately, and before that. Per-host templates bring new
 * literals (addresses, serial numbers) with every profile, and memory must
 * not grow with the number of profiles: when the young table is full it
 * becomes the old one and the previous old one is dropped. A string found
 * in the old table moves to the young one, so the names every profile uses
 * keep their one copy (1000 nodes: 16,000 strings; 5000: 48,000).
 */
let young = new Map<string, string>();
let old = new Map<string, string>();
const GENERATION = 100_000;

/** The one copy of `s`. */
export function sharedString(s: string): string {
  const seen = young.get(s);
  if (seen !== undefined) return seen;
  const copy = old.get(s) ?? s;
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(copy, copy);
  return copy;
}

/** Whether a field holds a SourceRange (numbers only): not walked, they are half the nodes. */
function isLocation(key: string): boolean {
  return key === 'loc' || key === 'nameLoc' || key === 'headerLoc';
}

/**
 * Replace, in place, every string in a tree of plain objects and arrays by
 * its one copy (the trees of the parse cache; the parser shares as it reads).
 */
export function shareStrings(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const v: unknown = node[i];
      if (typeof v === 'string') node[i] = sharedString(v);
      else if (typeof v === 'object' && v !== null) shareStrings(v);
    }
    return;
  }
  const o = node as Record<string, unknown>;
  // for-in, not Object.keys(): no array of keys made for every node.
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'string') {
      // Node kinds are literals of the parser's code: one copy already.
      if (k !== 'kind') o[k] = sharedString(v);
    } else if (typeof v === 'object' && v !== null && !isLocation(k)) {
      shareStrings(v);
    }
  }
}

/** Strings in the tables (for tests and measurements). */
export function sharedStringCount(): number {
  return young.size + old.size;
}

/**
 * The configuration tree of an object: reads (which share, i.e. freeze, what
 * they return), writes with final-path checks and copy-on-write, deletes.
 */
import { PanError } from '../errors.js';
import { formatTerms, type Term } from '../model/path.js';
import { PanDict, PanList, UNDEF, freeze, kindOf, type PanValue } from '../model/values.js';
import type { ObjectContext } from './object-context.js';
import { setIn } from './resources.js';

/** Element at `terms` without sharing it (undefined when absent). */
export function peek(root: PanValue, terms: readonly Term[]): PanValue | undefined {
  let cur: PanValue | undefined = root;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as Term;
    if (cur instanceof PanDict) {
      if (typeof t !== 'string') return undefined;
      cur = cur.get(t);
    } else if (cur instanceof PanList) {
      if (typeof t !== 'number') return undefined;
      cur = cur.items[t < 0 ? cur.items.length + t : t];
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Element at `terms`, frozen so that the caller may keep it (value(), SELF). */
export function readTree(ctx: ObjectContext, terms: readonly Term[]): PanValue | undefined {
  const v = peek(ctx.root, terms);
  return v === undefined ? undefined : freeze(v);
}

/** Whether the path goes through a property (then it cannot exist and cannot be written). */
export function blockingProperty(root: PanValue, terms: readonly Term[]): string | null {
  let cur: PanValue | undefined = root;
  for (let i = 0; i < terms.length; i++) {
    if (cur === undefined || cur === UNDEF) return null;
    if (!(cur instanceof PanDict) && !(cur instanceof PanList)) return formatTerms(terms.slice(0, i));
    cur = cur instanceof PanDict ? cur.get(terms[i] as string) : cur.items[terms[i] as number];
  }
  return null;
}

/** Write `value` (frozen; null deletes) at `terms`. */
export function writeTree(ctx: ObjectContext, terms: readonly Term[], value: PanValue): void {
  const conflict = ctx.finals.conflict(terms);
  if (conflict !== null) {
    throw new PanError('evaluation', `cannot modify ${formatTerms(terms)}: ${conflict} is final`);
  }
  if (terms.length === 0) {
    if (value instanceof PanDict) {
      ctx.root = value;
      return;
    }
    if (value === null) throw new PanError('evaluation', 'the root element cannot be deleted');
    throw new PanError('evaluation', `root element cannot be replaced by element of type ${value === UNDEF ? 'undef' : kindOf(value)}`);
  }
  const blocked = blockingProperty(ctx.root, terms);
  if (blocked !== null) {
    throw new PanError('evaluation', `cannot set ${formatTerms(terms)}: ${blocked} is a property, not a resource`);
  }
  // Assigning null where nothing exists still creates the parents (as panc does).
  ctx.root = setIn(ctx.root, terms, 0, value, () => formatTerms(terms)) as PanDict;
}

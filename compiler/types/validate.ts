/**
 * Validation: check values against types (binds, is_valid()), run `with`
 * and `valid` code. The first failure is reported as a validation error
 * naming the element path and the type it is bound to.
 */
import { PanError, formatLocation } from '../errors.js';
import { Frame, SelfHolder } from '../eval/frame.js';
import type { ObjectContext } from '../eval/object-context.js';
import type { CompiledBody } from '../eval/compiled.js';
import { formatTerms, parsePath, type Term } from '../model/path.js';
import { longCompare } from '../model/numbers.js';
import { PanDict, PanDouble, PanList, UNDEF, kindOf, type PanLong, type PanValue } from '../model/values.js';
import { KeyCache } from './type-env.js';
import { sharedBefore } from '../model/intern.js';
import type { MemoVariant } from '../eval/memo.js';
import {
  formatRange, typeName, type BaseType, type FullType, type Range, type RecordField, type RecordType,
} from './type-model.js';

/** A failed check: message plus the path where it failed (turned into a PanError by the caller). */
export class TypeMismatch extends Error {
  constructor(message: string, readonly path: readonly Term[]) {
    super(message);
  }
}

export function resolveType(ctx: ObjectContext, name: string): FullType | undefined {
  return ctx.getType(name);
}

/** Per record, its fields as last resolved, with the type table they were resolved in (by fingerprint: objects with the same definitions share it). */
const recordFieldCache = new WeakMap<RecordType, { types: string; fields: Map<string, RecordField> }>();

/** All fields of a record, included records first, resolved in this object's type table. */
export function recordFields(ctx: ObjectContext, r: RecordType): Map<string, RecordField> {
  const cached = recordFieldCache.get(r);
  const types = ctx.typesFingerprint.text();
  if (cached !== undefined && cached.types === types) {
    // A memo recording in progress must still note the included types it depends on.
    if (ctx.tracker !== null) for (const inc of r.includes) recordFields(ctx, includedRecord(ctx, inc.name));
    return cached.fields;
  }
  const fields = new Map<string, RecordField>();
  for (const inc of r.includes) {
    for (const [k, f] of recordFields(ctx, includedRecord(ctx, inc.name))) fields.set(k, f);
  }
  for (const f of r.fields) fields.set(f.name, f);
  recordFieldCache.set(r, { types, fields });
  return fields;
}

function includedRecord(ctx: ObjectContext, name: string): RecordType {
  const t = resolveType(ctx, name);
  const base = t ? underlyingRecord(ctx, t) : undefined;
  if (base === undefined) throw new PanError('evaluation', `included type '${name}' is not a record type`);
  return base;
}

/** The record behind a type, following named references. */
export function underlyingRecord(ctx: ObjectContext, t: FullType, depth = 0): RecordType | undefined {
  if (depth > 100) return undefined;
  const b = t.base;
  if (b.kind === 'record') return b;
  if (b.kind === 'ref') {
    const r = resolveType(ctx, b.name);
    return r ? underlyingRecord(ctx, r, depth + 1) : undefined;
  }
  return undefined;
}

/** Whether a long (or a double, for double ranges) lies within inclusive bounds. */
function inRange(n: PanLong, r: Range | undefined): boolean {
  if (r === undefined) return true;
  if (typeof n === 'number' && !Number.isInteger(n)) {
    return (r.min === undefined || n >= Number(r.min)) && (r.max === undefined || n <= Number(r.max));
  }
  return (r.min === undefined || longCompare(n, r.min) >= 0) && (r.max === undefined || longCompare(n, r.max) <= 0);
}

function describeValue(v: PanValue): string {
  return kindOf(v);
}

function checkRange(what: string, n: PanLong, r: Range | undefined, path: readonly Term[]): void {
  if (!inRange(n, r)) throw new TypeMismatch(`${what} (${n}) is outside range ${formatRange(r as Range)}`, path);
}

/** Range check for a named type used with a range suffix (`mychoice(3)`): applies to the value's kind. */
function checkRangeByKind(v: PanValue, r: Range, path: readonly Term[]): void {
  if (typeof v === 'string') checkRange('string size', v.length, r, path);
  else if (typeof v === 'number' || typeof v === 'bigint') checkRange('long value', v, r, path);
  else if (v instanceof PanDouble) checkRange('double value', v.value, r, path);
  else if (v instanceof PanList) checkRange('list size', v.items.length, r, path);
  else if (v instanceof PanDict) checkRange('dict size', v.size, r, path);
}

export interface Validator {
  readonly ctx: ObjectContext;
  /** Root of the tree links are resolved in. */
  readonly root: PanDict;
}

/**
 * Frozen subtrees already found valid, per type and definition environment
 * (type-env.ts), with what the validation read of the object's other state
 * (as memo.ts records it): the profiles of a site share most of their
 * subtrees (model/intern.ts), so most of the tree is validated once per
 * worker, not once per profile.
 */
const validated = new WeakMap<object, Map<string, MemoVariant>>();
/** Subtrees met, by the object that first met them (model/intern.ts sharedBefore). */
const metBy = new WeakMap<object, string>();

const keys = new KeyCache();

function envKey(ctx: ObjectContext, t: FullType): string {
  return keys.key(t, ctx.definitionsText());
}

export function validateValue(val: Validator, v: PanValue | undefined, t: FullType, path: Term[], depth = 0): void {
  if (depth > 200) throw new TypeMismatch(`type '${typeName(t)}' is recursive without end`, path);
  if (v === undefined) throw new TypeMismatch('element does not exist', path);
  if (v === UNDEF) throw new TypeMismatch('element has an undefined value (undef)', path);
  if (!((v instanceof PanDict || v instanceof PanList) && v.frozen)) {
    validateOnce(val, v, t, path, depth);
    return;
  }
  // A subtree no other object has met is validated plainly: most are unique to one profile, recording them is waste.
  if (!sharedBefore(metBy, v, val.ctx.name)) {
    validateOnce(val, v, t, path, depth);
    return;
  }
  const ctx = val.ctx;
  const key = envKey(ctx, t);
  let known = validated.get(v);
  const hit = known?.get(key);
  if (hit !== undefined && ctx.stillHolds(hit)) {
    ctx.replay(hit);
    return;
  }
  const rec = ctx.beginRecording();
  try {
    validateOnce(val, v, t, path, depth);
  } catch (e) {
    ctx.abandonRecording(rec);
    throw e;
  }
  ctx.endRecording(rec);
  if (rec.valid) {
    if (known === undefined) {
      known = new Map();
      validated.set(v, known);
    }
    known.set(key, { reads: rec.reads, writes: rec.writes, hits: 0, failAt: -1 });
  }
}

/** The value against the type's base and its `with` validation, without caching. */
function validateOnce(val: Validator, v: PanValue, t: FullType, path: Term[], depth: number): void {
  validateBase(val, v, t.base, path, depth);
  if (t.validation) runWith(val, v, t.validation, path, typeName(t));
}

function expect(ok: boolean, v: PanValue, expected: string, path: readonly Term[]): void {
  if (!ok) throw new TypeMismatch(`wrong type: ${describeValue(v)} found where ${expected} is expected`, path);
}

function validateBase(val: Validator, v: PanValue, b: BaseType, path: Term[], depth: number): void {
  switch (b.kind) {
    case 'builtin': return validateBuiltin(v, b.name, b.range, path);
    case 'ref': {
      const t = resolveType(val.ctx, b.name);
      if (t === undefined) throw new TypeMismatch(`type '${b.name}' is not defined`, path);
      validateValue(val, v, t, path, depth + 1);
      if (b.range) checkRangeByKind(v, b.range, path);
      return;
    }
    case 'choice':
      expect(typeof v === 'string', v, 'string', path);
      if (!b.values.has(v as string)) {
        throw new TypeMismatch(`'${v as string}' is not one of the allowed choices: ${[...b.values].join(', ')}`, path);
      }
      if (b.range) checkRange('string size', (v as string).length, b.range, path);
      return;
    case 'list': {
      expect(v instanceof PanList, v, 'list', path);
      const items = (v as PanList).items;
      if (b.range) checkRange('list size', items.length, b.range, path);
      for (let i = 0; i < items.length; i++) {
        path.push(i);
        validateValue(val, items[i], b.element, path, depth + 1);
        path.pop();
      }
      return;
    }
    case 'dict': {
      expect(v instanceof PanDict, v, 'dict', path);
      const d = v as PanDict;
      if (b.range) checkRange('dict size', d.size, b.range, path);
      for (const k of d.keys()) {
        path.push(k);
        validateValue(val, d.get(k), b.element, path, depth + 1);
        path.pop();
      }
      return;
    }
    case 'link': {
      expect(typeof v === 'string', v, 'string (a link)', path);
      validateLink(val, v as string, b.element, path, depth);
      return;
    }
    case 'record':
      validateRecord(val, v, b, path, depth);
      return;
  }
}

function validateBuiltin(v: PanValue, name: string, r: Range | undefined, path: readonly Term[]): void {
  switch (name) {
    case 'element': return;
    case 'property':
      expect(!(v instanceof PanList || v instanceof PanDict || v === null), v, 'property', path);
      return;
    case 'boolean': expect(typeof v === 'boolean', v, 'boolean', path); return;
    case 'long':
      expect(typeof v === 'number' || typeof v === 'bigint', v, 'long', path);
      if (r) checkRange('long value', v as PanLong, r, path);
      return;
    case 'double':
      expect(v instanceof PanDouble, v, 'double', path);
      if (r) checkRange('double value', (v as PanDouble).value, r, path);
      return;
    case 'number':
      expect(typeof v === 'number' || typeof v === 'bigint' || v instanceof PanDouble, v, 'number', path);
      if (r) checkRange('number value', v instanceof PanDouble ? v.value : (v as PanLong), r, path);
      return;
    case 'string':
      expect(typeof v === 'string', v, 'string', path);
      if (r) checkRange('string size', (v as string).length, r, path);
      return;
    case 'resource': expect(v instanceof PanList || v instanceof PanDict, v, 'resource', path); return;
    case 'list':
      expect(v instanceof PanList, v, 'list', path);
      if (r) checkRange('list size', (v as PanList).items.length, r, path);
      return;
    case 'nlist':
    case 'dict':
      expect(v instanceof PanDict, v, 'dict', path);
      if (r) checkRange('dict size', (v as PanDict).size, r, path);
      return;
  }
}

function validateRecord(val: Validator, v: PanValue, r: RecordType, path: Term[], depth: number): void {
  expect(v instanceof PanDict, v, 'record (dict)', path);
  const d = v as PanDict;
  if (r.range) checkRange('dict size', d.size, r.range, path);
  let fields: Map<string, RecordField>;
  try {
    fields = recordFields(val.ctx, r);
  } catch (e) {
    if (e instanceof PanError) throw new TypeMismatch(e.message, path);
    throw e;
  }
  for (const f of fields.values()) {
    const x = d.get(f.name);
    path.push(f.name);
    if (x === undefined) {
      if (f.required) throw new TypeMismatch(`element does not exist: required field '${f.name}' is missing`, path);
    } else {
      validateValue(val, x, f.type, path, depth + 1);
    }
    path.pop();
  }
  if (!r.extensible) {
    for (const k of d.keys()) {
      if (!fields.has(k)) {
        path.push(k);
        throw new TypeMismatch(`field '${k}' is not allowed in this record (not extensible)`, path);
      }
    }
  }
}

function validateLink(val: Validator, target: string, t: FullType, path: Term[], depth: number): void {
  val.ctx.untrackable(); // depends on the rest of the tree
  let terms: readonly Term[];
  try {
    const p = parsePath(target);
    if (p.kind !== 'absolute') throw new Error('not absolute');
    terms = p.terms;
  } catch {
    throw new TypeMismatch(`link '${target}' is not a valid absolute path`, path);
  }
  let cur: PanValue | undefined = val.root;
  for (const term of terms) {
    if (cur instanceof PanDict && typeof term === 'string') cur = cur.get(term);
    else if (cur instanceof PanList && typeof term === 'number') cur = cur.items[term];
    else if (cur !== undefined && !(cur instanceof PanDict) && !(cur instanceof PanList)) {
      throw new TypeMismatch(`link '${target}' goes through a non-resource element`, path);
    } else cur = undefined;
    if (cur === undefined) break;
  }
  if (cur === undefined) throw new TypeMismatch(`link '${target}' points to an element that does not exist`, path);
  try {
    validateValue(val, cur, t, terms.slice(), depth + 1);
  } catch (e) {
    if (e instanceof TypeMismatch) throw new TypeMismatch(`link '${target}': ${e.message}`, path);
    throw e;
  }
}

/** Run a `with` clause or a `valid` statement: SELF is the value, read-only; it must return true. */
export function runWith(val: Validator, v: PanValue, body: CompiledBody, path: readonly Term[], what: string): void {
  const self = new ReadOnlySelf(v);
  const frame = new Frame(val.ctx, self, body.nslots, null, null);
  let r: PanValue;
  try {
    r = body.fn(frame);
  } catch (e) {
    if (e instanceof PanError && e.kind === 'evaluation' && e.message.startsWith('validation code may not modify SELF')) {
      throw new TypeMismatch(e.message, path);
    }
    throw e;
  }
  if (r === true) return;
  if (r === false) throw new TypeMismatch(`user-defined validation failed (${what})`, path);
  throw new TypeMismatch(`validation code must return a boolean, not ${r === UNDEF ? 'undef' : kindOf(r as PanValue)} (${what})`, path);
}

class ReadOnlySelf extends SelfHolder {
  constructor(v: PanValue) {
    super(null, v);
  }

  override set(): void {
    throw new PanError('evaluation', 'validation code may not modify SELF');
  }

  override thaw(): void {
    // Copy-on-write bookkeeping: SELF stays the frozen value.
  }
}

/** Turn a mismatch into panc's validation error for object `ctx`. */
export function validationFailure(ctx: ObjectContext, m: TypeMismatch, context: string): PanError {
  return new PanError('validation', m.message, ctx.file, undefined, [`element path: '${formatTerms(m.path)}'`, context]);
}

export function bindContext(t: FullType, file: string, loc: import('../ast.js').SourceRange): string {
  return `bound to type '${typeName(t)}' at ${formatLocation(file, loc)}`;
}

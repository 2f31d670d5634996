/**
 * The last two build phases of an object, in panc's order: apply the
 * defaults of bound types, then validate (no undef left anywhere, every bind,
 * every `valid` statement).
 */
import { PanError } from '../errors.js';
import type { ObjectContext } from '../eval/object-context.js';
import { peek } from '../eval/object-context.js';
import { PanDict, PanList, UNDEF, freeze, type PanValue } from '../model/values.js';
import { formatTerms, type Term } from '../model/path.js';
import type { Bind } from '../eval/object-context.js';
import { withDefaults } from './defaults.js';
import { typeName, type FullType } from './type-model.js';
import { TypeMismatch, bindContext, runWith, validateValue, validationFailure } from './validate.js';

/**
 * After execution: defaults, then validation. The tree is interned before
 * each (model/intern.ts): sharing equal subtrees with earlier objects lets
 * both reuse work done for them.
 */
export function completeObject(ctx: ObjectContext): void {
  const interned = ctx.session.interned;
  ctx.root = interned.intern(ctx.root);
  applyDefaults(ctx);
  ctx.root = interned.intern(ctx.root);
  validateObject(ctx);
}

export function applyDefaults(ctx: ObjectContext): void {
  ctx.statementSite = null; // defaults are logged by onDefault below, not as assignments
  const log = ctx.provenance;
  for (const b of ctx.binds) {
    const cur = peek(ctx.root, b.path);
    const onDefault = log === null ? undefined : (rel: readonly Term[], t: FullType, value: PanValue): void => {
      log.add({
        path: [...b.path, ...rel], action: 'default', value, type: typeName(t),
        site: { file: t.file, loc: t.loc, template: t.name ?? typeName(t) },
        includes: [{ file: b.file, loc: b.loc, template: 'bind' }],
      });
    };
    const next = withDefaults(ctx, cur, b.type, 0, onDefault);
    if (next !== cur && next !== undefined) writeTreeIgnoringFinal(ctx, b.path, freeze(next));
  }
}

function writeTreeIgnoringFinal(ctx: ObjectContext, path: readonly Term[], v: PanValue): void {
  try {
    ctx.writeTree(path, v);
  } catch (e) {
    if (e instanceof PanError) throw new PanError('evaluation', `cannot apply type default at /${path.join('/')}: ${e.message}`, ctx.file);
    throw e;
  }
}

/**
 * An evaluation error raised by validation code (error() in a `with` clause
 * or a `valid` statement: the way templates explain a failed check) is a
 * validation failure: reported as a validation error, keeping error()'s
 * message, location and trace, plus the element path.
 */
function failedValidationCode(e: unknown, path: readonly Term[]): unknown {
  if (!(e instanceof PanError) || e.kind !== 'evaluation') return e;
  return new PanError('validation', e.message, e.file, e.range, [...e.details, `element path: '${formatTerms(path)}'`]);
}

export function validateObject(ctx: ObjectContext): void {
  const root = freeze(ctx.root);
  const val = { ctx, root };
  const undef = findUndef(root, []);
  if (undef !== null) {
    throw new PanError('validation', 'element has an undefined value (undef) and no type default', ctx.file, undefined, [`element path: '/${undef.join('/')}'`]);
  }
  for (const b of bindsInPathOrder(ctx)) {
    const v = peek(root, b.path);
    if (v === undefined) continue;
    try {
      validateValue(val, v, b.type, b.path.slice());
    } catch (e) {
      if (e instanceof TypeMismatch) throw validationFailure(ctx, e, bindContext(b.type, b.file, b.loc));
      throw failedValidationCode(e, b.path);
    }
  }
  for (const s of ctx.valids) {
    const v = peek(root, s.path);
    if (v === undefined) continue;
    try {
      runWith(val, v, s.body, s.path, 'valid statement');
    } catch (e) {
      if (e instanceof TypeMismatch) throw validationFailure(ctx, e, `valid statement at ${s.file}`);
      throw failedValidationCode(e, s.path);
    }
  }
}

/** Frozen resources known to hold no undef anywhere below. */
const undefFree = new WeakSet<object>();

function findUndef(v: PanValue, path: Term[]): Term[] | null {
  if (v === UNDEF) return path;
  if ((v instanceof PanDict || v instanceof PanList) && undefFree.has(v)) return null;
  const r = findUndefBelow(v, path);
  if (r === null && (v instanceof PanDict || v instanceof PanList) && v.frozen) undefFree.add(v);
  return r;
}

/** Binds sorted by path, as panc validates them (its bindings are a sorted map); stable for equal paths. */
function bindsInPathOrder(ctx: ObjectContext): Bind[] {
  const keyed = ctx.binds.map((b, i) => ({ b, i, key: formatTerms(b.path) }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.i - y.i));
  return keyed.map((k) => k.b);
}

function findUndefBelow(v: PanValue, path: Term[]): Term[] | null {
  if (v instanceof PanDict) {
    for (const k of v.keys()) {
      const x = v.get(k) as PanValue;
      if (x === UNDEF || x instanceof PanDict || x instanceof PanList) {
        path.push(k);
        const r = findUndef(x, path);
        if (r) return r;
        path.pop();
      }
    }
  } else if (v instanceof PanList) {
    for (let i = 0; i < v.items.length; i++) {
      const x = v.items[i] as PanValue;
      if (x === UNDEF || x instanceof PanDict || x instanceof PanList) {
        path.push(i);
        const r = findUndef(x, path);
        if (r) return r;
        path.pop();
      }
    }
  }
  return null;
}

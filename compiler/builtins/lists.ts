/**
 * Resource built-ins: list, dict (nlist, hash), merge, splice, index,
 * length, key, clone, and the special forms that change a variable in place:
 * append, prepend, delete, first, next.
 */
import type { Expr, VariableRef } from '../ast.js';
import { PanError } from '../errors.js';
import { compiledFrom, type DmlCompiler, type LValue } from '../eval/compile-dml.js';
import type { Frame } from '../eval/frame.js';
import { deepCopy } from '../eval/resources.js';
import { keyFromString } from '../model/path.js';
import { longCompare } from '../model/numbers.js';
import {
  PanDict, PanDouble, PanList, UNDEF, freeze, type PanLong, type PanResource, type PanValue,
} from '../model/values.js';
import { argDict, argInt, argString, describe, fail } from './args.js';
import { spliceString } from './strings.js';
import type { BuiltinSpec, CallSite } from './registry.js';

function makeDict(fn: string, args: PanValue[]): PanDict {
  if (args.length % 2 !== 0) fail(`${fn}() requires an even number of arguments (key, value pairs)`);
  const d = new PanDict();
  for (let i = 0; i < args.length; i += 2) {
    const raw = args[i];
    if (typeof raw !== 'string') fail(`${fn}() keys must be strings, not ${describe(raw)}`);
    const k = keyFromString(raw);
    if (k === null) fail(`${fn}(): invalid dict key '${raw}'`);
    const v = args[i + 1] as PanValue;
    if (v === null) d.delete(k);
    else d.set(k, freeze(v));
  }
  return d;
}

function merge(args: PanValue[]): PanResource {
  const first = args.find((a) => a !== UNDEF && a !== null);
  if (first instanceof PanList || first === undefined) {
    const items: PanValue[] = [];
    for (const a of args) {
      if (a === UNDEF || a === null) continue;
      if (!(a instanceof PanList)) fail(`merge() arguments must all be lists or all be dicts; got ${describe(a)}`);
      for (const x of a.items) items.push(freeze(x));
    }
    return new PanList(items);
  }
  if (!(first instanceof PanDict)) return fail(`merge() arguments must be lists or dicts, not ${describe(first)}`);
  const d = new PanDict();
  for (const a of args) {
    if (a === UNDEF || a === null) continue;
    if (!(a instanceof PanDict)) fail(`merge() arguments must all be lists or all be dicts; got ${describe(a)}`);
    for (const [k, v] of a.rawEntries()) {
      if (d.has(k)) fail(`merge(): duplicate key '${k}'`);
      d.set(k, freeze(v));
    }
  }
  return d;
}

function spliceList(args: PanValue[]): PanList {
  const l = args[0] as PanList;
  let start = argInt('splice', args, 1);
  const len = argInt('splice', args, 2);
  let repl: PanValue[] = [];
  if (args.length > 3) {
    const r = args[3];
    if (!(r instanceof PanList)) fail(`splice(): the replacement for a list must be a list, not ${describe(r)}`);
    repl = r.items.map((x) => freeze(x));
  }
  const n = l.items.length;
  if (start < 0) start += n;
  if (start < 0 || start > n) fail(`splice(): start index ${String(args[1])} is out of range`);
  if (len < 0) fail('splice(): length must not be negative');
  const items = l.items.slice();
  items.splice(start, len, ...repl);
  return new PanList(items);
}

/** Deep equality with panc's index() rules: properties by kind and value; a dict needle matches a dict containing its entries. */
function matchesNeedle(needle: PanValue, v: PanValue | undefined): boolean {
  if (needle instanceof PanDict) {
    if (!(v instanceof PanDict)) return false;
    for (const [k, x] of needle.rawEntries()) if (!equal(x, v.get(k))) return false;
    return true;
  }
  return equal(needle, v);
}

function equal(a: PanValue, b: PanValue | undefined): boolean {
  if (a === b) return true;
  if (b === undefined) return false;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return longCompare(a as PanLong, b as PanLong) === 0;
  }
  if (a instanceof PanDouble && b instanceof PanDouble) return a.value === b.value;
  if (a instanceof PanList && b instanceof PanList) {
    return a.items.length === b.items.length && a.items.every((x, i) => equal(x, b.items[i]));
  }
  if (a instanceof PanDict && b instanceof PanDict) {
    if (a.size !== b.size) return false;
    for (const [k, x] of a.rawEntries()) if (!equal(x, b.get(k))) return false;
    return true;
  }
  return false;
}

function index(args: PanValue[]): PanValue {
  const needle = args[0] as PanValue;
  const hay = args[1];
  const start = args.length > 2 ? argInt('index', args, 2) : 0;
  if (typeof hay === 'string') {
    const s = argString('index', args, 0);
    return hay.indexOf(s, Math.max(0, start));
  }
  if (hay instanceof PanList) {
    for (let i = Math.max(0, start); i < hay.items.length; i++) if (matchesNeedle(needle, hay.items[i])) return i;
    return -1;
  }
  if (hay instanceof PanDict) {
    let skip = start;
    for (const [k, v] of hay.entries()) {
      if (matchesNeedle(needle, v)) {
        if (skip === 0) return k;
        skip--;
      }
    }
    return '';
  }
  return fail(`index(): second argument must be a string, list or dict, not ${describe(hay)}`);
}

function length(args: PanValue[]): number {
  const v = args[0];
  if (v === UNDEF) return 0; // SELF of an element that does not exist yet
  if (typeof v === 'string') return v.length;
  if (v instanceof PanList) return v.items.length;
  if (v instanceof PanDict) return v.size;
  return fail(`length() requires a string, list or dict, not ${describe(v)}`);
}

function key(args: PanValue[]): string {
  const d = argDict('key', args, 0);
  const i = argInt('key', args, 1);
  const keys = d.keys();
  if (i < 0 || i >= keys.length) fail(`key(): index ${i} is out of range for a dict of ${keys.length} entries`);
  return keys[i] as string;
}

// ------------------------------------------------------------ append, prepend

function addTo(fn: 'append' | 'prepend', target: PanValue | undefined, value: PanValue): PanList {
  let list: PanList;
  if (target === undefined || target === UNDEF) list = new PanList();
  else if (target instanceof PanList) list = target.frozen ? target.clone() : target;
  else return fail(`${fn}(): the target must be a list, not ${describe(target)}`);
  const v = freeze(value);
  if (fn === 'append') list.items.push(v);
  else list.items.unshift(v);
  return list;
}

function checkNotNull(fn: string, v: PanValue): void {
  if (v === null) throw new PanError('evaluation', `${fn}(): cannot add null to a list`);
}

function compileAddTo(fn: 'append' | 'prepend', args: readonly Expr[], c: DmlCompiler, site: CallSite) {
  const valueExpr = args[args.length - 1] as Expr;
  const value = c.compileArg(valueExpr);
  if (value.isConst && value.value === null) throw c.error(`${fn}(): cannot add null to a list`, valueExpr.loc);
  const file = c.file;
  const targetExpr: VariableRef | undefined = args.length === 1
    ? { kind: 'var', name: 'SELF', indices: [], loc: site.loc }
    : args[0]?.kind === 'var' ? (args[0] as VariableRef) : undefined;
  if (targetExpr !== undefined) {
    const lv: LValue = c.lvalue(targetExpr, false);
    const writer = lv.local ? c.lvalue(targetExpr, true) : undefined;
    return compiledFrom(args[0] ?? valueExpr, (f: Frame) => {
      const v = value.fn(f);
      try {
        checkNotNull(fn, v);
        const keys = lv.keys(f);
        const list = addTo(fn, lv.get(f, keys), v);
        if (writer?.set) writer.set(f, list, keys);
        return list;
      } catch (err) {
        throw err instanceof PanError ? err.locate(file, site.loc) : err;
      }
    });
  }
  const target = c.compileArg(args[0] as Expr);
  return compiledFrom(args[0] as Expr, (f: Frame) => {
    const t = target.fn(f);
    const v = value.fn(f);
    try {
      checkNotNull(fn, v);
      return addTo(fn, t instanceof PanList ? t.clone() : t, v);
    } catch (err) {
      throw err instanceof PanError ? err.locate(file, site.loc) : err;
    }
  });
}

// ------------------------------------------------------------ delete

function compileDelete(args: readonly Expr[], c: DmlCompiler) {
  const arg = args[0] as Expr;
  if (arg.kind !== 'var' || arg.indices.length === 0) {
    throw c.error('delete() requires a variable element, such as x[1] or SELF[\'a\']', arg.loc);
  }
  const lv = c.lvalue(arg, true);
  const set = lv.set as NonNullable<LValue['set']>;
  return compiledFrom(arg, (f: Frame) => {
    const keys = lv.keys(f);
    if (lv.get(f, keys) !== undefined) set(f, null, keys);
    return UNDEF;
  });
}

// ------------------------------------------------------------ first, next

interface IterState {
  keys: readonly (string | number)[];
  pos: number;
}

const iterators = new WeakMap<object, IterState>();

function compileIteration(which: 'first' | 'next', args: readonly Expr[], c: DmlCompiler, site: CallSite) {
  const coll = c.compileArg(args[0] as Expr);
  const targets = args.slice(1).map((a) => {
    if (a.kind === 'undef') return undefined;
    if (a.kind !== 'var') throw c.error(`${which}(): the key and value arguments must be variables or undef`, a.loc);
    return c.lvalue(a, true);
  });
  const file = c.file;
  return compiledFrom(args[0] as Expr, (f: Frame) => {
    const r = coll.fn(f);
    const keys = targets.map((t) => (t ? t.keys(f) : undefined));
    if (!(r instanceof PanList) && !(r instanceof PanDict)) {
      throw new PanError('evaluation', `${which}() requires a list or a dict, not ${describe(r)}`, file, site.loc);
    }
    let state: IterState | undefined;
    if (which === 'first') {
      state = { keys: r instanceof PanList ? r.items.map((_, i) => i) : r.keys().slice(), pos: 0 };
      iterators.set(r, state);
    } else {
      state = iterators.get(r);
      if (state === undefined) throw new PanError('evaluation', 'next() called without first() on this resource', file, site.loc);
      state.pos++;
    }
    if (state.pos >= state.keys.length) return false;
    const k = state.keys[state.pos] as string | number;
    const v = r instanceof PanList ? r.items[k as number] : r.get(k as string);
    const [kt, vt] = targets;
    if (kt?.set) kt.set(f, k, keys[0]);
    if (vt?.set) vt.set(f, v as PanValue, keys[1]);
    return true;
  });
}

export const listBuiltins: BuiltinSpec[] = [
  { name: 'list', minArgs: 0, maxArgs: Infinity, pure: true, call: (a) => new PanList(a.map((x) => freeze(x))) },
  { name: 'nlist', minArgs: 0, maxArgs: Infinity, pure: true, call: (a) => makeDict('nlist', a) },
  { name: 'dict', minArgs: 0, maxArgs: Infinity, pure: true, call: (a) => makeDict('dict', a) },
  { name: 'hash', minArgs: 0, maxArgs: Infinity, pure: true, call: (a) => makeDict('hash', a) },
  { name: 'merge', minArgs: 1, maxArgs: Infinity, pure: true, call: merge },
  {
    name: 'splice', minArgs: 3, maxArgs: 4, pure: true,
    call: (a) => (a[0] instanceof PanList ? spliceList(a) : spliceString(a)),
  },
  { name: 'index', minArgs: 2, maxArgs: 3, pure: true, call: index },
  { name: 'length', minArgs: 1, maxArgs: 1, pure: true, call: length },
  { name: 'key', minArgs: 2, maxArgs: 2, pure: true, call: key },
  { name: 'clone', minArgs: 1, maxArgs: 1, pure: true, call: (a) => deepCopy(a[0] as PanValue) },
  { name: 'append', minArgs: 1, maxArgs: 2, compile: (a, c, s) => compileAddTo('append', a, c, s) },
  { name: 'prepend', minArgs: 1, maxArgs: 2, compile: (a, c, s) => compileAddTo('prepend', a, c, s) },
  { name: 'delete', minArgs: 1, maxArgs: 1, compile: compileDelete },
  { name: 'first', minArgs: 3, maxArgs: 3, compile: (a, c, s) => compileIteration('first', a, c, s) },
  { name: 'next', minArgs: 3, maxArgs: 3, compile: (a, c, s) => compileIteration('next', a, c, s) },
];

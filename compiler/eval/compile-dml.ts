/**
 * DML compiler: turns an expression tree into closures, once per template,
 * folding constant sub-expressions on the way (as panc does: a constant
 * call that fails is a *syntax* error) and checking the static rules (SELF is
 * not a function, FUNCTION cannot be assigned, where return() may appear).
 *
 * Local variables get numbered slots. A name is local in a body when the
 * body assigns it somewhere; reading it falls back to the global variable of
 * that name until the body assigns it.
 */
import { subExpressions } from '../analysis/sub-expressions.js';
import type {
  AssignExpr, BinaryExpr, BlockExpr, CallExpr, Expr, ForExpr, ForeachExpr, IfExpr, SourceRange,
  UnaryExpr, VariableRef, WhileExpr,
} from '../ast.js';
import { PanError, syntaxError } from '../errors.js';
import { longFromBigInt } from '../model/numbers.js';
import { PanDict, PanDouble, PanList, UNDEF, freeze, isResource, type PanValue } from '../model/values.js';
import { builtin, type BuiltinSpec, type CallSite } from '../builtins/registry.js';
import { binaryOp, requireBoolean, unaryOp } from './operators.js';
import { Frame, NoSelf } from './frame.js';
import type { CompiledBody, Fn } from './compiled.js';
import { checkReplacement, childForRead, childOf, setIn, snapshot, toKey, type Key } from './resources.js';
import { callUserFunction } from './calls.js';
import { readGlobal } from './globals.js';
import { NameRef } from './name-slots.js';
import { iterationLimitError } from './limits.js';

/** Where a DML body runs: decides what SELF, ARGV, ARGC and FUNCTION mean. */
export type DmlKind = 'statement' | 'variable' | 'function' | 'include' | 'type-default' | 'validation';

export interface Compiled {
  readonly fn: Fn;
  readonly node: Expr;
  /** Folded at compile time; `value` holds the (frozen) result. */
  readonly isConst: boolean;
  readonly value: PanValue;
  /** Contains a return() that may unwind through it. */
  readonly mayReturn: boolean;
  /** The value may be an unfrozen resource also held by a local variable or SELF. */
  readonly aliasable: boolean;
  /** For references to locals/SELF: get the element, made writable in its holder (for aliasing binds). */
  readonly ref: Fn | undefined;
}

/** Access to an assignable variable: a local slot, SELF or ARGV. */
export interface Holder {
  readonly get: (f: Frame) => PanValue | undefined;
  readonly set: (f: Frame, v: PanValue) => void;
  /** Store an equal, writable copy (copy-on-write), allowed even where writes are not. */
  readonly thaw: (f: Frame, v: PanValue) => void;
}

/** See DmlCompiler.lvalue. */
export interface LValue {
  readonly get: (f: Frame, keys?: readonly Key[]) => PanValue | undefined;
  readonly set?: (f: Frame, v: PanValue, keys?: readonly Key[]) => void;
  readonly keys: (f: Frame) => Key[];
  /** A local variable, SELF or ARGV (writable in place). */
  readonly local: boolean;
  readonly name: string;
}

export interface DmlLimits {
  readonly maxIteration: number;
  readonly maxRecursion: number;
}

const SPECIAL_NAMES = new Set(['SELF', 'ARGV', 'ARGC', 'FUNCTION', 'TEMPLATE', 'OBJECT']);

/** Whether a variable name not bound locally reads a global variable (OBJECT is one, set for each object). */
function isGlobalName(name: string): boolean {
  return name === 'OBJECT' || !SPECIAL_NAMES.has(name);
}
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

export class DmlCompiler {
  readonly slots = new Map<string, number>();

  constructor(
    readonly file: string,
    readonly kind: DmlKind,
    readonly limits: DmlLimits,
  ) {}

  /** Compile a whole body (statement DML, function body): slots are allocated first. */
  compileBody(e: Expr): CompiledBody {
    collectLocals(e, this.slots);
    const c = this.compile(e, true);
    return c.isConst ? { fn: c.fn, nslots: this.slots.size, constant: c.value } : { fn: c.fn, nslots: this.slots.size };
  }

  get selfAvailable(): boolean {
    return this.kind !== 'include' && this.kind !== 'type-default';
  }

  site(name: string, loc: SourceRange): CallSite {
    return { name, file: this.file, loc };
  }

  error(message: string, loc: SourceRange): PanError {
    return syntaxError(message, this.file, loc);
  }

  /** Compile an expression; `returnOk` tells whether a return() may appear here. */
  compile(e: Expr, returnOk: boolean): Compiled {
    switch (e.kind) {
      case 'long': return constant(e, longFromBigInt(e.value));
      case 'double': return constant(e, new PanDouble(e.value));
      case 'string': return constant(e, e.value);
      case 'boolean': return constant(e, e.value);
      case 'null': return constant(e, null);
      case 'undef': return constant(e, UNDEF);
      case 'var': return this.compileRead(e);
      case 'assign': return this.compileAssign(e);
      case 'call': return this.compileCall(e, returnOk);
      case 'unary': return this.compileUnary(e);
      case 'binary': return this.compileBinary(e, returnOk);
      case 'if': return this.compileIf(e, returnOk);
      case 'while': return this.compileWhile(e, returnOk);
      case 'for': return this.compileFor(e, returnOk);
      case 'foreach': return this.compileForeach(e, returnOk);
      case 'block': return this.compileBlock(e, returnOk);
    }
  }

  // ------------------------------------------------------------ variables

  /** Closure reading the variable itself (no subscripts); undefined result when it does not exist. */
  baseReader(name: string, loc: SourceRange): (f: Frame) => PanValue | undefined {
    switch (name) {
      case 'SELF':
        if (!this.selfAvailable) throw this.error('SELF cannot be used here', loc);
        return (f) => {
          const v = f.self.get();
          return v === undefined && f.self.available ? UNDEF : v;
        };
      case 'TEMPLATE':
        return (f) => f.ctx.currentTemplate()?.name;
      case 'FUNCTION':
        return (f) => f.fnName ?? undefined;
      case 'ARGV':
        if (this.kind === 'function') return (f) => f.argv ?? undefined;
        break;
      case 'ARGC':
        if (this.kind === 'function') return (f) => (f.argv ? f.argv.items.length : undefined);
        break;
    }
    const slot = this.slots.get(name);
    const nameRef = new NameRef(name);
    if (slot !== undefined) {
      return (f) => {
        const v = f.slots[slot];
        return v !== undefined ? v : readGlobal(f.ctx, name, nameRef);
      };
    }
    return (f) => readGlobal(f.ctx, name, nameRef);
  }

  private compileRead(e: VariableRef): Compiled {
    const fn = this.readFn(e);
    // In validation code SELF is read-only: no aliasing through it.
    const isLocal = this.slots.has(e.name) || (e.name === 'SELF' && this.kind !== 'validation') || (e.name === 'ARGV' && this.kind === 'function');
    const ref = isLocal ? this.refFn(e, fn) : undefined;
    return { fn, node: e, isConst: false, value: UNDEF, mayReturn: false, aliasable: isLocal, ref };
  }

  /** Closure reading a variable with its subscripts; an absent element is an error. */
  readFn(e: VariableRef): Fn {
    const base = this.baseReader(e.name, e.loc);
    const idxFns = e.indices.map((i) => this.compileIndex(i, e.name).fn);
    const file = this.file;
    const name = e.name;
    if (idxFns.length === 0) {
      return (f) => {
        const v = base(f);
        if (v === undefined) throw undefinedVariable(name, [], file, e.loc);
        return v;
      };
    }
    return (f) => {
      let v = base(f);
      if (v === undefined) throw undefinedVariable(name, [], file, e.loc);
      // The subscripts read so far, for messages only: kept from the second one on (most reads have one).
      let before: Key[] | null = null;
      for (let i = 0; i < idxFns.length; i++) {
        let key: Key;
        try {
          key = toKey((idxFns[i] as Fn)(f), `variable ${name}`);
          // The common case inline: no closure for an error message that is not needed.
          v = v instanceof PanDict && typeof key === 'string' ? v.get(key) : childForRead(v, key, () => describeVar(name, before ?? []));
        } catch (err) {
          throw locate(err, file, e.loc);
        }
        if (v === undefined) throw undefinedVariable(name, [...(before ?? []), key], file, e.loc);
        if (i + 1 < idxFns.length) (before ??= []).push(key);
      }
      return v as PanValue;
    };
  }

  /**
   * `exists(DICT[HOST])`, `is_defined(DICT[HOST])`: a test of an element of a
   * global variable chosen by other globals. For memoisation the read is the
   * test's result (see compileDerivedCall), so that
   * `exists(WORKER_NODES[FULL_HOSTNAME])` is the same input on every worker
   * node. Undefined when `e` is not such an element (a local variable, or a
   * subscript that is neither a constant nor a global); `slow` runs whenever
   * a variable is missing or a key is invalid, with plain reads and errors.
   */
  derivedElementTest(e: VariableRef, test: (v: PanValue | undefined) => boolean, slow: Fn): Compiled | undefined {
    if (e.indices.length === 0 || this.slots.has(e.name) || !isGlobalName(e.name)) return undefined;
    const subs = e.indices.map((i) => (this.isGlobalRef(i) ? i.name : this.compileArg(i)));
    if (!subs.some((x) => typeof x === 'string') || subs.some((x) => typeof x !== 'string' && !x.isConst)) return undefined;
    const names = [e.name, ...subs.filter((x): x is string => typeof x === 'string')];
    const what = `variable ${e.name}`;
    const evaluate = (values: readonly (PanValue | undefined)[]): boolean => {
      let g = 1;
      let v: PanValue | undefined = values[0];
      // All keys first (an invalid one is an error even below a missing element), as lvalue() does.
      const keys = subs.map((x) => toKey(typeof x === 'string' ? (values[g++] as PanValue) : x.value, what));
      for (const k of keys) {
        if (v === undefined) break;
        v = childOf(v, k);
      }
      return test(v);
    };
    const fn: Fn = (f) => {
      // The variable may be missing (then no element exists); a missing subscript variable is an error.
      const values = new Array<PanValue | undefined>(names.length);
      for (let i = 0; i < names.length; i++) {
        const g = f.ctx.peekGlobal(names[i] as string);
        if (g === undefined && i > 0) return slow(f);
        values[i] = g?.value;
      }
      let result: boolean;
      try {
        result = evaluate(values);
      } catch {
        return slow(f);
      }
      f.ctx.readDerived(names, evaluate, result, true);
      return result;
    };
    return dynamic(e, fn, false);
  }

  /** Getter that makes the referenced element writable in its holder and returns it. */
  private refFn(e: VariableRef, read: Fn): Fn {
    const holder = this.holder(e.name, e.loc);
    const idxFns = e.indices.map((i) => this.compileArg(i).fn);
    const file = this.file;
    return (f) => {
      const v = read(f);
      if (!isResource(v) || !v.frozen) return v;
      // Replace the frozen element by a writable clone in its holder, so that
      // the new binding and the holder keep sharing it.
      const clone = v.clone();
      try {
        if (idxFns.length === 0) {
          holder.thaw(f, clone);
        } else {
          const keys = idxFns.map((k) => toKey(k(f), e.name));
          holder.thaw(f, setIn(holder.get(f), keys, 0, clone, () => describeVar(e.name, keys), []));
        }
      } catch (err) {
        throw locate(err, file, e.loc);
      }
      return clone;
    };
  }

  /**
   * Access to a variable element for special forms (exists, delete, first,
   * append...): `get` is tolerant (undefined when anything on the way is
   * absent or of another kind; an invalid key is still an error); `set`
   * writes through the holder (null deletes) and exists only for locals,
   * SELF and ARGV.
   */
  lvalue(e: VariableRef, writable: boolean): LValue {
    const base = this.baseReader(e.name, e.loc);
    const idxFns = e.indices.map((i) => this.compileArg(i).fn);
    const name = e.name;
    const file = this.file;
    const keysOf = (f: Frame): Key[] => {
      const keys = new Array<Key>(idxFns.length);
      try {
        for (let i = 0; i < idxFns.length; i++) keys[i] = toKey((idxFns[i] as Fn)(f), `variable ${name}`);
      } catch (err) {
        throw locate(err, file, e.loc);
      }
      return keys;
    };
    const get = (f: Frame, keys: readonly Key[] = keysOf(f)): PanValue | undefined => {
      let v = base(f);
      for (const k of keys) {
        if (v === undefined) return undefined;
        v = childOf(v, k);
      }
      return v;
    };
    const local = this.slots.has(name) || name === 'SELF' || (name === 'ARGV' && this.kind === 'function');
    let set: LValue['set'] | undefined;
    if (writable && local) {
      const holder = this.holder(name, e.loc);
      set = (f, v, keys = keysOf(f)) => {
        try {
          if (keys.length === 0) {
            if (v === null) throw new PanError('evaluation', `cannot delete variable ${name}`);
            holder.set(f, v);
          } else {
            holder.set(f, setIn(holder.get(f), keys, 0, v, () => describeVar(name, keys)));
          }
        } catch (err) {
          throw locate(err, file, e.loc);
        }
      };
    } else if (writable && !SPECIAL_NAMES.has(name)) {
      set = () => {
        throw new PanError('evaluation', `cannot modify global variable '${name}' from DML`, file, e.loc);
      };
    } else if (writable) {
      throw this.error(`cannot assign to the automatic variable ${name}`, e.loc);
    }
    return { get, set, keys: keysOf, local, name };
  }

  /** Get/set access to an assignable variable: a local slot, SELF or ARGV. */
  holder(name: string, loc: SourceRange): Holder {
    if (name === 'SELF') {
      if (!this.selfAvailable) throw this.error('SELF cannot be used here', loc);
      return { get: (f) => f.self.get(), set: (f, v) => f.self.set(v), thaw: (f, v) => f.self.thaw(v) };
    }
    if (name === 'ARGV' && this.kind === 'function') {
      const set = (f: Frame, v: PanValue): void => {
        if (!(v instanceof PanList)) throw new PanError('evaluation', 'ARGV must remain a list');
        f.argv = v;
      };
      return { get: (f) => f.argv ?? undefined, set, thaw: set };
    }
    if (SPECIAL_NAMES.has(name)) throw this.error(`cannot assign to the automatic variable ${name}`, loc);
    const slot = this.slots.get(name) as number;
    const file = this.file;
    const nameRef = new NameRef(name);
    const set = (f: Frame, v: PanValue): void => {
      if (f.slots[slot] === undefined && f.ctx.globalNameTaken(name, nameRef)) {
        throw new PanError('evaluation', `cannot modify global variable '${name}' from DML`, file, loc);
      }
      f.slots[slot] = v;
    };
    return { get: (f) => f.slots[slot], set, thaw: set };
  }

  private compileAssign(e: AssignExpr): Compiled {
    if (e.indices.length === 0 && SPECIAL_NAMES.has(e.name)) {
      throw this.error(`cannot assign to the automatic variable ${e.name}`, e.loc);
    }
    const rhs = this.compileArg(e.value);
    const holder = this.holder(e.name, e.loc);
    const file = this.file;
    const name = e.name;
    const rhsFn = rhs.fn;
    if (e.indices.length === 0) {
      const get = rhs.ref ?? rhsFn;
      const where = (): string => `variable ${name}`;
      const fn: Fn = (f) => {
        const v = get(f);
        try {
          checkReplacement(holder.get(f), v, where);
          holder.set(f, v);
        } catch (err) {
          throw locate(err, file, e.loc);
        }
        return v;
      };
      return dynamic(e, fn, false);
    }
    const idxFns = e.indices.map((i) => this.compileIndex(i, e.name).fn);
    const aliasable = rhs.aliasable;
    const fn: Fn = (f) => {
      let v = rhsFn(f);
      if (aliasable) v = snapshot(v);
      try {
        const keys: Key[] = new Array(idxFns.length);
        for (let i = 0; i < idxFns.length; i++) keys[i] = toKey((idxFns[i] as Fn)(f), `variable ${name}`);
        const current = holder.get(f);
        if (current === undefined && name !== 'SELF' && name !== 'ARGV' && f.ctx.globalNameTaken(name)) {
          throw new PanError('evaluation', `cannot modify global variable '${name}' from DML`);
        }
        holder.set(f, setIn(current, keys, 0, v, () => describeVar(name, keys)));
      } catch (err) {
        throw locate(err, file, e.loc);
      }
      return v;
    };
    return dynamic(e, fn, false);
  }

  // ------------------------------------------------------------ calls

  /** An argument position: return() is not allowed there. */
  compileArg(e: Expr): Compiled {
    return this.compile(e, false);
  }

  /** A subscript: a constant one must be a valid key or index (panc: syntax error). */
  compileIndex(e: Expr, name: string): Compiled {
    const c = this.compileArg(e);
    if (c.isConst && typeof c.value === 'string') {
      try {
        toKey(c.value, `variable ${name}`);
      } catch (err) {
        throw asSyntax(err, this.file, e.loc);
      }
    }
    return c;
  }

  private compileCall(e: CallExpr, returnOk: boolean): Compiled {
    if (e.name === 'return') return this.compileReturn(e, returnOk);
    if (SPECIAL_NAMES.has(e.name)) throw this.error(`${e.name} is a variable and cannot be called as a function`, e.nameLoc);
    const spec = builtin(e.name);
    const site = this.site(e.name, e.loc);
    if (spec === undefined) return this.compileUserCall(e, site);
    const n = e.args.length;
    if (n < spec.minArgs || n > spec.maxArgs) {
      throw this.error(spec.arityMessage ?? arityMessage(e.name, spec.minArgs, spec.maxArgs, n), e.loc);
    }
    if (spec.compile) return spec.compile(e.args, this, site);
    const args = e.args.map((a) => this.compileArg(a));
    const call = spec.call as NonNullable<typeof spec.call>;
    if (spec.check) {
      const consts = args.map((a) => (a.isConst ? a.value : undefined));
      try {
        spec.check(consts, site);
      } catch (err) {
        throw asSyntax(err, this.file, e.loc);
      }
    }
    if (spec.pure && args.every((a) => a.isConst)) {
      const folded = this.tryFold(e, () => call(args.map((a) => a.value), foldFrame(), site));
      if (folded) return folded;
    }
    const globalArgs = spec.pure ? e.args.flatMap((a, i) => (this.isGlobalRef(a) ? [i] : [])) : [];
    if (globalArgs.length > 0) return this.compileDerivedCall(e, args, globalArgs, call, site);
    const fns = args.map((a) => a.fn);
    const file = this.file;
    let fn: Fn;
    switch (fns.length) {
      case 0:
        fn = (f) => {
          try { return call([], f, site); } catch (err) { throw locate(err, file, e.loc); }
        };
        break;
      case 1: {
        const a0 = fns[0] as Fn;
        fn = (f) => {
          const v = a0(f);
          try { return call([v], f, site); } catch (err) { throw locate(err, file, e.loc); }
        };
        break;
      }
      case 2: {
        const a0 = fns[0] as Fn;
        const a1 = fns[1] as Fn;
        fn = (f) => {
          const v0 = a0(f);
          const v1 = a1(f);
          try { return call([v0, v1], f, site); } catch (err) { throw locate(err, file, e.loc); }
        };
        break;
      }
      default:
        fn = (f) => {
          const vs = new Array<PanValue>(fns.length);
          for (let i = 0; i < fns.length; i++) vs[i] = (fns[i] as Fn)(f);
          try { return call(vs, f, site); } catch (err) { throw locate(err, file, e.loc); }
        };
    }
    return dynamic(e, fn, false);
  }

  /** A bare reference to a global variable (not assigned in this body, no subscripts). */
  isGlobalRef(e: Expr): e is VariableRef {
    return e.kind === 'var' && e.indices.length === 0 && !this.slots.has(e.name) && isGlobalName(e.name);
  }

  /** Closure reading a global variable without recording the read (see derived reads in memo.ts). */
  private rawGlobal(e: VariableRef): Fn {
    const file = this.file;
    return (f) => {
      const g = f.ctx.peekGlobal(e.name);
      if (g === undefined) {
        f.ctx.getGlobal(e.name); // record the absence
        throw undefinedVariable(e.name, [], file, e.loc);
      }
      return g.value;
    };
  }

  /**
   * A pure built-in called with global variables among its arguments: for
   * memoisation, the read is the call's result, not the variables
   * (`match(FULL_HOSTNAME, re)` and `index(FULL_HOSTNAME, CE_HOSTS)` give the
   * same on every worker node of a site).
   */
  private compileDerivedCall(e: CallExpr, args: Compiled[], at: readonly number[], call: NonNullable<BuiltinSpec['call']>, site: CallSite): Compiled {
    const names = at.map((i) => (e.args[i] as VariableRef).name);
    const fns = args.map((a, i) => (at.includes(i) ? this.rawGlobal(e.args[i] as VariableRef) : a.fn));
    const file = this.file;
    const fn: Fn = (f) => {
      const vs = new Array<PanValue>(fns.length);
      for (let i = 0; i < fns.length; i++) vs[i] = (fns[i] as Fn)(f);
      let result: PanValue;
      try {
        result = call(vs, f, site);
      } catch (err) {
        for (const n of names) f.ctx.getGlobal(n);
        throw locate(err, file, e.loc);
      }
      if (f.ctx.tracker !== null) {
        const frozen = vs.map((v) => freeze(v));
        f.ctx.readDerived(names, (globals) => {
          const again = frozen.slice();
          for (let j = 0; j < at.length; j++) again[at[j] as number] = globals[j] as PanValue;
          return call(again, foldFrame(), site);
        }, freeze(result));
      }
      return result;
    };
    return dynamic(e, fn, false);
  }

  /**
   * Evaluate a constant expression at compile time. A failure is not reported
   * now (the code may never run): undefined is returned and the caller
   * compiles the expression normally, so the error comes at run time.
   */
  tryFold(e: Expr, compute: () => PanValue): Compiled | undefined {
    try {
      return constant(e, compute());
    } catch (err) {
      if (err instanceof PanError) return undefined;
      throw err;
    }
  }

  private compileUserCall(e: CallExpr, site: CallSite): Compiled {
    const fns = e.args.map((a) => this.compileArg(a).fn);
    const limits = this.limits;
    const fn: Fn = (f) => {
      const args = new Array<PanValue>(fns.length);
      for (let i = 0; i < fns.length; i++) args[i] = freeze((fns[i] as Fn)(f));
      return callUserFunction(f, e.name, args, site, limits);
    };
    return dynamic(e, fn, false);
  }

  private compileReturn(e: CallExpr, returnOk: boolean): Compiled {
    if (!returnOk) throw this.error('return() may only be used as a statement, not inside an expression', e.loc);
    if (e.args.length !== 1) throw this.error('return() requires exactly one argument', e.loc);
    const arg = this.compileArg(e.args[0] as Expr);
    const a = arg.fn;
    const fn: Fn = (f) => {
      const v = a(f);
      f.ret = true;
      return v;
    };
    return { fn, node: e, isConst: false, value: UNDEF, mayReturn: true, aliasable: arg.aliasable, ref: undefined };
  }

  // ------------------------------------------------------------ operators

  private compileUnary(e: UnaryExpr): Compiled {
    const x = this.compileArg(e.operand);
    if (x.isConst) {
      const folded = this.tryFold(e, () => unaryOp(e.op, x.value));
      if (folded) return folded;
    }
    const a = x.fn;
    const file = this.file;
    const op = e.op;
    const fn: Fn = op === '!'
      ? (f) => {
        const v = a(f);
        if (typeof v === 'boolean') return !v;
        try { return unaryOp(op, v); } catch (err) { throw locate(err, file, e.loc); }
      }
      : (f) => {
        const v = a(f);
        try { return unaryOp(op, v); } catch (err) { throw locate(err, file, e.loc); }
      };
    return dynamic(e, fn, false);
  }

  private compileBinary(e: BinaryExpr, returnOk: boolean): Compiled {
    const l = this.compile(e.left, returnOk);
    const r = this.compile(e.right, returnOk);
    const file = this.file;
    if (e.op === '&&' || e.op === '||') return this.compileLogical(e, l, r);
    if (l.isConst && r.isConst) {
      const folded = this.tryFold(e, () => binaryOp(e.op, l.value, r.value));
      if (folded) return folded;
    }
    if (COMPARISONS.has(e.op) && !l.mayReturn && !r.mayReturn && (this.isGlobalRef(e.left) || this.isGlobalRef(e.right))) {
      return this.compileDerivedComparison(e, l, r);
    }
    const a = l.fn;
    const b = r.fn;
    const op = e.op;
    const mayReturn = l.mayReturn || r.mayReturn;
    const fn: Fn = mayReturn
      ? (f) => {
        const x = a(f);
        if (f.ret) return x;
        const y = b(f);
        if (f.ret) return y;
        try { return binaryOp(op, x, y); } catch (err) { throw locate(err, file, e.loc); }
      }
      : (f) => {
        const x = a(f);
        const y = b(f);
        try { return binaryOp(op, x, y); } catch (err) { throw locate(err, file, e.loc); }
      };
    return dynamic(e, fn, mayReturn);
  }

  /** `GLOBAL == x`, `A != B`: for memoisation the read is the comparison's result (see compileDerivedCall). */
  private compileDerivedComparison(e: BinaryExpr, l: Compiled, r: Compiled): Compiled {
    const leftGlobal = this.isGlobalRef(e.left) ? e.left : undefined;
    const rightGlobal = this.isGlobalRef(e.right) ? e.right : undefined;
    const a = leftGlobal ? this.rawGlobal(leftGlobal) : l.fn;
    const b = rightGlobal ? this.rawGlobal(rightGlobal) : r.fn;
    const names = [leftGlobal, rightGlobal].flatMap((g) => (g ? [g.name] : []));
    const op = e.op;
    const file = this.file;
    const fn: Fn = (f) => {
      const x = a(f);
      const y = b(f);
      let result: PanValue;
      try {
        result = binaryOp(op, x, y);
      } catch (err) {
        for (const n of names) f.ctx.getGlobal(n);
        throw locate(err, file, e.loc);
      }
      if (f.ctx.tracker !== null) {
        // The globals come in `names` order (left first); a side that is not a global keeps its value.
        const fx = freeze(x);
        const fy = freeze(y);
        f.ctx.readDerived(names, (g) => binaryOp(op, (leftGlobal ? g[0] : fx) as PanValue, (rightGlobal ? g[names.length - 1] : fy) as PanValue), result);
      }
      return result;
    };
    return dynamic(e, fn, false);
  }

  private compileLogical(e: BinaryExpr, l: Compiled, r: Compiled): Compiled {
    const op = e.op as '&&' | '||';
    const file = this.file;
    if (l.isConst && r.isConst) {
      const folded = this.tryFold(e, () => binaryOp(op, l.value, r.value));
      if (folded) return folded;
    }
    const a = l.fn;
    const b = r.fn;
    const check = (v: PanValue): boolean => {
      try { return requireBoolean(op, v); } catch (err) { throw locate(err, file, e.loc); }
    };
    const fn: Fn = op === '&&'
      ? (f) => {
        const x = a(f);
        if (f.ret) return x;
        if (!check(x)) return false;
        const y = b(f);
        if (f.ret) return y;
        return check(y);
      }
      : (f) => {
        const x = a(f);
        if (f.ret) return x;
        if (check(x)) return true;
        const y = b(f);
        if (f.ret) return y;
        return check(y);
      };
    return dynamic(e, fn, l.mayReturn || r.mayReturn);
  }

  // ------------------------------------------------------------ control flow

  private condition(c: Compiled, what: string, loc: SourceRange): (f: Frame) => boolean {
    const a = c.fn;
    const file = this.file;
    return (f) => {
      const v = a(f);
      if (typeof v !== 'boolean') throw new PanError('evaluation', `${what} condition must be a boolean, not ${describeKindOf(v)}`, file, loc);
      return v;
    };
  }

  private compileIf(e: IfExpr, returnOk: boolean): Compiled {
    const c = this.compileArg(e.cond);
    const t = this.compile(e.then, returnOk);
    const el = e.else ? this.compile(e.else, returnOk) : undefined;
    if (c.isConst && typeof c.value === 'boolean') {
      if (c.value) return t;
      if (el) return el;
      return constant(e, UNDEF);
    }
    const cond = this.condition(c, 'if', e.cond.loc);
    const tf = t.fn;
    const ef = el?.fn;
    const fn: Fn = ef ? (f) => (cond(f) ? tf(f) : ef(f)) : (f) => (cond(f) ? tf(f) : UNDEF);
    return { fn, node: e, isConst: false, value: UNDEF, mayReturn: t.mayReturn || !!el?.mayReturn, aliasable: t.aliasable || !!el?.aliasable, ref: undefined };
  }

  private compileWhile(e: WhileExpr, returnOk: boolean): Compiled {
    const cond = this.condition(this.compileArg(e.cond), 'while', e.cond.loc);
    const body = this.compile(e.body, returnOk).fn;
    const max = this.limits.maxIteration;
    const file = this.file;
    const fn: Fn = (f) => {
      let v: PanValue = UNDEF;
      let n = 0;
      while (cond(f)) {
        if (++n > max) throw iterationLimitError(max, file, e.loc);
        v = body(f);
        if (f.ret) return v;
      }
      return v;
    };
    return dynamic(e, fn, true);
  }

  private compileFor(e: ForExpr, returnOk: boolean): Compiled {
    const init = this.compileArg(e.init).fn;
    const cond = this.condition(this.compileArg(e.cond), 'for', e.cond.loc);
    const step = this.compileArg(e.step).fn;
    const body = this.compile(e.body, returnOk).fn;
    const max = this.limits.maxIteration;
    const file = this.file;
    const fn: Fn = (f) => {
      let v = init(f);
      let n = 0;
      while (cond(f)) {
        if (++n > max) throw iterationLimitError(max, file, e.loc);
        v = body(f);
        if (f.ret) return v;
        step(f);
      }
      return v;
    };
    return dynamic(e, fn, true);
  }

  private compileForeach(e: ForeachExpr, returnOk: boolean): Compiled {
    const collC = this.compileArg(e.collection);
    const coll = collC.fn;
    const body = this.compile(e.body, returnOk).fn;
    const kh = this.holder(e.key, e.loc);
    const vh = this.holder(e.value, e.loc);
    const max = this.limits.maxIteration;
    const file = this.file;
    // Over a local variable, the value variable aliases each element (as
    // panc's does): changing `v['x']` in the body changes the collection.
    const collRef = collC.ref;
    const fn: Fn = (f) => {
      const c = collRef ? collRef(f) : coll(f);
      let v: PanValue = UNDEF;
      let n = 0;
      if (c instanceof PanList) {
        const items = c.frozen ? c.items : c.items.slice();
        for (let i = 0; i < items.length; i++) {
          if (++n > max) throw iterationLimitError(max, file, e.loc);
          kh.set(f, i);
          let item = items[i] as PanValue;
          if (collRef && !c.frozen && isResource(item) && item.frozen && c.items[i] === item) {
            item = item.clone();
            c.items[i] = item;
          }
          vh.set(f, item);
          v = body(f);
          if (f.ret) return v;
        }
      } else if (c instanceof PanDict) {
        const keys = c.keys().slice();
        for (const k of keys) {
          if (++n > max) throw iterationLimitError(max, file, e.loc);
          kh.set(f, k);
          let item = c.get(k) as PanValue;
          if (collRef && !c.frozen && isResource(item) && item.frozen) {
            item = item.clone();
            c.set(k, item);
          }
          vh.set(f, item);
          v = body(f);
          if (f.ret) return v;
        }
      } else {
        throw new PanError('evaluation', `foreach requires a list or a dict, not ${describeKindOf(c)}`, file, e.collection.loc);
      }
      return v;
    };
    return dynamic(e, fn, true);
  }

  private compileBlock(e: BlockExpr, returnOk: boolean): Compiled {
    const parts = e.body.map((s) => this.compile(s, returnOk));
    if (parts.length === 0) return constant(e, UNDEF);
    if (parts.every((p) => p.isConst)) return constant(e, (parts[parts.length - 1] as Compiled).value);
    const last = parts[parts.length - 1] as Compiled;
    if (parts.length === 1) return last;
    const fns = parts.map((p) => p.fn);
    const mayReturn = parts.some((p) => p.mayReturn);
    let fn: Fn;
    if (fns.length === 2) {
      const a = fns[0] as Fn;
      const b = fns[1] as Fn;
      fn = (f) => {
        const v = a(f);
        if (f.ret) return v;
        return b(f);
      };
    } else {
      fn = (f) => {
        let v: PanValue = UNDEF;
        for (let i = 0; i < fns.length; i++) {
          v = (fns[i] as Fn)(f);
          if (f.ret) return v;
        }
        return v;
      };
    }
    return { fn, node: e, isConst: false, value: UNDEF, mayReturn, aliasable: last.aliasable, ref: undefined };
  }
}

// ------------------------------------------------------------ helpers

function constant(node: Expr, value: PanValue): Compiled {
  const v = freeze(value);
  return { fn: () => v, node, isConst: true, value: v, mayReturn: false, aliasable: false, ref: undefined };
}

function dynamic(node: Expr, fn: Fn, mayReturn: boolean): Compiled {
  return { fn, node, isConst: false, value: UNDEF, mayReturn, aliasable: false, ref: undefined };
}

/** Make a Compiled for a special form's closure. */
export function compiledFrom(node: Expr, fn: Fn): Compiled {
  return dynamic(node, fn, false);
}

let foldFrameInstance: Frame | undefined;

/** Frame used when folding constants: no object, no SELF, no locals. */
function foldFrame(): Frame {
  if (foldFrameInstance === undefined) {
    foldFrameInstance = new Frame(undefined as never, new NoSelf(), 0, null, null);
  }
  return foldFrameInstance;
}

/** Attach a location to an error thrown below this point (first location wins). */
export function locate(err: unknown, file: string, loc: SourceRange): unknown {
  if (err instanceof PanError) return err.locate(file, loc);
  if (err instanceof RangeError) {
    return new PanError('evaluation', 'maximum recursion depth exceeded (stack overflow)', file, loc);
  }
  return err;
}

function asSyntax(err: unknown, file: string, loc: SourceRange): unknown {
  if (err instanceof PanError && (err.kind === 'evaluation' || err.kind === 'syntax')) {
    const e = new PanError('syntax', err.message, err.file ?? file, err.range ?? loc, err.details);
    return e;
  }
  return err;
}

export function describeVar(name: string, keys: readonly Key[]): string {
  return name + keys.map((k) => `[${k}]`).join('');
}

function undefinedVariable(name: string, keys: readonly Key[], file: string, loc: SourceRange): PanError {
  return new PanError('evaluation', `variable named '${describeVar(name, keys)}' is undefined`, file, loc);
}

function describeKindOf(v: PanValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === UNDEF) return 'undef';
  if (v === null) return 'null';
  if (v instanceof PanList) return 'a list';
  if (v instanceof PanDict) return 'a dict';
  if (v instanceof PanDouble) return 'a double';
  return `a ${typeof v === 'number' || typeof v === 'bigint' ? 'long' : typeof v}`;
}

function arityMessage(name: string, min: number, max: number, n: number): string {
  if (min === max) return `${name}() requires exactly ${min} argument${min === 1 ? '' : 's'}; got ${n}`;
  if (max === Infinity) return `${name}() requires at least ${min} argument${min === 1 ? '' : 's'}; got ${n}`;
  return `${name}() requires between ${min} and ${max} arguments; got ${n}`;
}

/** Names assigned in a body (assignments, foreach variables, first/next targets): its locals. */
function collectLocals(e: Expr, slots: Map<string, number>): void {
  const add = (name: string): void => {
    if (!slots.has(name) && !SPECIAL_NAMES.has(name)) slots.set(name, slots.size);
  };
  const walk = (x: Expr): void => {
    switch (x.kind) {
      case 'assign':
        add(x.name);
        break;
      case 'foreach':
        add(x.key);
        add(x.value);
        break;
      case 'call':
        if ((x.name === 'first' || x.name === 'next') && x.args.length === 3) {
          for (const a of x.args.slice(1)) if (a.kind === 'var') add(a.name);
        }
        break;
      default:
        break;
    }
    subExpressions(x).forEach(walk);
  };
  walk(e);
}

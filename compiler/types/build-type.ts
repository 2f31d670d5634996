/**
 * From a type specification in the AST to a FullType, once per template.
 * Defaults are evaluated here: they must be constants (panc reports a
 * default that reads the configuration, a file or a variable as a syntax
 * error), but may be any DML that computes a constant (`{x = 2; x + 2}`).
 */
import type { BaseTypeSpec, RangeSpec, TypeSpec } from '../ast.js';
import { PanError, syntaxError } from '../errors.js';
import { DmlCompiler, type DmlLimits } from '../eval/compile-dml.js';
import { Frame, NoSelf } from '../eval/frame.js';
import type { ObjectContext } from '../eval/object-context.js';
import { keyFromString } from '../model/path.js';
import { newDefinitionTag } from './type-env.js';
import { freeze, type PanValue } from '../model/values.js';
import { BUILTIN_TYPES, type BaseType, type BuiltinTypeName, type FullType, type Range, type RecordField } from './type-model.js';

class NonConstant extends Error {}

/**
 * An object context that refuses every access but the (empty) global
 * variable table, which local assignments consult: evaluating a default
 * must not need an object.
 */
const ALLOWED: Record<string, unknown> = { tracker: null, getGlobal: () => undefined, globalNameTaken: () => false };
const NO_CONTEXT = new Proxy(ALLOWED, {
  get(target, prop) {
    if (typeof prop === 'string' && prop in target) return target[prop];
    throw new NonConstant();
  },
}) as unknown as ObjectContext;

export function buildType(spec: TypeSpec, file: string, limits: DmlLimits, name?: string): FullType {
  const base = buildBase(spec.base, file, limits);
  let defaultValue: PanValue | undefined;
  if (spec.default) defaultValue = evaluateDefault(spec, file, limits);
  const validation = spec.validation ? new DmlCompiler(file, 'validation', limits).compileBody(spec.validation) : undefined;
  return { base, defaultValue, validation, name, file, loc: spec.loc, tag: newDefinitionTag() };
}

function evaluateDefault(spec: TypeSpec, file: string, limits: DmlLimits): PanValue {
  const expr = spec.default as NonNullable<TypeSpec['default']>;
  const body = new DmlCompiler(file, 'type-default', limits).compileBody(expr);
  if (body.constant !== undefined) return body.constant;
  try {
    return freeze(body.fn(new Frame(NO_CONTEXT, new NoSelf(), body.nslots, null, null)));
  } catch (e) {
    if (e instanceof NonConstant) throw syntaxError('non-constant default value in type definition', file, expr.loc);
    if (e instanceof PanError) throw new PanError('syntax', e.message, file, expr.loc);
    throw e;
  }
}

function range(r: RangeSpec | undefined, file: string): Range | undefined {
  if (r === undefined) return undefined;
  if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
    throw syntaxError(`invalid range: minimum ${r.min} is greater than maximum ${r.max}`, file, r.loc);
  }
  return { min: r.min, max: r.max };
}

function element(spec: BaseTypeSpec, file: string, limits: DmlLimits): FullType {
  return { base: buildBase(spec, file, limits), file, loc: spec.loc, tag: newDefinitionTag() };
}

function buildBase(spec: BaseTypeSpec, file: string, limits: DmlLimits): BaseType {
  switch (spec.kind) {
    case 'ref':
      if (BUILTIN_TYPES.has(spec.name)) return { kind: 'builtin', name: spec.name as BuiltinTypeName, range: range(spec.range, file) };
      return { kind: 'ref', name: spec.name, range: range(spec.range, file), loc: spec.loc };
    case 'list':
      return { kind: 'list', element: element(spec.element, file, limits), range: range(spec.range, file) };
    case 'dict':
      return { kind: 'dict', element: element(spec.element, file, limits), range: range(spec.range, file) };
    case 'link':
      return { kind: 'link', element: element(spec.element, file, limits) };
    case 'choice': {
      const values = new Set<string>();
      const c = new DmlCompiler(file, 'type-default', limits);
      for (const e of spec.choices) {
        const v = c.compile(e, false);
        if (!v.isConst || typeof v.value !== 'string') throw syntaxError('choice() values must be constant strings', file, e.loc);
        values.add(v.value);
      }
      return { kind: 'choice', values, range: range(spec.range, file) };
    }
    case 'record': {
      const fields: RecordField[] = [];
      const includes: { name: string; loc: typeof spec.loc }[] = [];
      for (const m of spec.members) {
        if (m.kind === 'include') {
          includes.push({ name: m.name, loc: m.loc });
          continue;
        }
        const name = keyFromString(m.name); // `'{/dev/log}'` is the escaped key
        if (name === null) throw syntaxError(`invalid record field name '${m.name}'`, file, m.nameLoc);
        fields.push({ name, required: m.required, type: buildType(m.type, file, limits) });
      }
      return { kind: 'record', extensible: spec.extensible, fields, includes, range: range(spec.range, file) };
    }
  }
}

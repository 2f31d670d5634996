/** is_valid(TYPE, value): whether a value passes a type (by name, built-in or user). */
import type { Expr } from '../ast.js';
import { PanError } from '../errors.js';
import { compiledFrom, type DmlCompiler } from '../eval/compile-dml.js';
import type { Frame } from '../eval/frame.js';
import { BUILTIN_TYPES, type BuiltinTypeName, type FullType } from '../types/type-model.js';
import { TypeMismatch, resolveType, validateValue } from '../types/validate.js';
import { newDefinitionTag } from '../types/type-env.js';
import type { BuiltinSpec, CallSite } from './registry.js';

function compileIsValid(args: readonly Expr[], c: DmlCompiler, site: CallSite) {
  const t = args[0] as Expr;
  if (t.kind !== 'var' || t.indices.length > 0) throw c.error('is_valid() requires the first argument to be a type', t.loc);
  const name = t.name;
  const value = c.compileArg(args[1] as Expr);
  const builtinType: FullType | undefined = BUILTIN_TYPES.has(name)
    ? { base: { kind: 'builtin', name: name as BuiltinTypeName }, file: site.file, loc: site.loc, tag: newDefinitionTag() }
    : undefined;
  return compiledFrom(t, (f: Frame) => {
    const type = builtinType ?? resolveType(f.ctx, name);
    if (type === undefined) throw new PanError('evaluation', `is_valid(): type '${name}' is not defined`, site.file, site.loc);
    const v = value.fn(f);
    f.ctx.untrackable(); // validation may follow links anywhere in the tree
    try {
      validateValue({ ctx: f.ctx, root: f.ctx.root }, v, type, []);
      return true;
    } catch (e) {
      if (e instanceof TypeMismatch) return false;
      throw e;
    }
  });
}

export const validationBuiltins: BuiltinSpec[] = [
  {
    name: 'is_valid', minArgs: 2, maxArgs: 2, compile: compileIsValid,
    arityMessage: 'is_valid() requires exactly two arguments',
  },
];

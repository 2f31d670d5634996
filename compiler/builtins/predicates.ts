/**
 * Type predicates: is_long, is_string, is_list... (is_defined and is_valid
 * are elsewhere). Given a variable that does not exist, they answer false
 * instead of failing, as panc does (`is_boolean(SOME_FLAG)` is a common idiom).
 */
import type { Expr } from '../ast.js';
import { compiledFrom, type DmlCompiler } from '../eval/compile-dml.js';
import type { Frame } from '../eval/frame.js';
import { PanDict, PanDouble, PanList, isLong, isProperty, isResource, type PanValue } from '../model/values.js';
import type { BuiltinSpec } from './registry.js';

function pred(name: string, test: (v: PanValue) => boolean): BuiltinSpec {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (a) => test(a[0] as PanValue),
    compile: (args: readonly Expr[], c: DmlCompiler) => {
      const arg = args[0] as Expr;
      if (arg.kind === 'var' && !(arg.name === 'SELF' && !c.selfAvailable)) {
        const lv = c.lvalue(arg, false);
        return compiledFrom(arg, (f: Frame) => {
          const v = lv.get(f);
          return v !== undefined && test(v);
        });
      }
      const a = c.compileArg(arg);
      if (a.isConst) {
        const folded = c.tryFold(arg, () => test(a.value));
        if (folded) return folded;
      }
      return compiledFrom(arg, (f: Frame) => test(a.fn(f)));
    },
  };
}

const isDouble = (v: PanValue): boolean => v instanceof PanDouble;
const isString = (v: PanValue): boolean => typeof v === 'string';
const isBoolean = (v: PanValue): boolean => typeof v === 'boolean';
const isDict = (v: PanValue): boolean => v instanceof PanDict;
const isList = (v: PanValue): boolean => v instanceof PanList;

export const predicateBuiltins: BuiltinSpec[] = [
  pred('is_long', isLong),
  pred('is_double', isDouble),
  pred('is_number', (v) => isLong(v) || isDouble(v)),
  pred('is_string', isString),
  pred('is_boolean', isBoolean),
  pred('is_property', isProperty),
  pred('is_list', isList),
  pred('is_dict', isDict),
  pred('is_nlist', isDict),
  pred('is_hash', isDict),
  pred('is_resource', isResource),
  pred('is_null', (v) => v === null),
];

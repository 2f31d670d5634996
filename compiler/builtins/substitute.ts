/**
 * substitute(TEMPLATE[, DICT]): `${name}` replaced by DICT's entry, or, without
 * a dict, by the local or global variable of that name.
 */
import type { Expr } from '../ast.js';
import { PanError } from '../errors.js';
import { compiledFrom, type DmlCompiler } from '../eval/compile-dml.js';
import type { Frame } from '../eval/frame.js';
import { PanDict, type PanValue } from '../model/values.js';
import { describe, fail } from './args.js';
import { panToString } from './convert.js';
import type { BuiltinSpec, CallSite } from './registry.js';

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function expand(template: string, lookup: (name: string) => PanValue | undefined): string {
  return template.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    if (!NAME.test(name)) fail(`substitute(): invalid variable name '${name}'`);
    const v = lookup(name);
    if (v === undefined) fail(`substitute(): '${name}' is not defined`);
    return panToString(v);
  });
}

function compileSubstitute(args: readonly Expr[], c: DmlCompiler, site: CallSite) {
  const tpl = c.compileArg(args[0] as Expr);
  const dict = args[1] ? c.compileArg(args[1]) : undefined;
  const slots = c.slots;
  return compiledFrom(args[0] as Expr, (f: Frame) => {
    try {
      const t = tpl.fn(f);
      if (typeof t !== 'string') fail(`substitute(): first argument must be a string, not ${describe(t)}`);
      if (dict !== undefined) {
        const d = dict.fn(f);
        if (!(d instanceof PanDict)) fail(`substitute(): second argument must be a dict, not ${describe(d)}`);
        return expand(t, (n) => d.get(n));
      }
      return expand(t, (n) => {
        const slot = slots.get(n);
        const local = slot === undefined ? undefined : f.slots[slot];
        return local !== undefined ? local : f.ctx.getGlobal(n)?.value;
      });
    } catch (err) {
      throw err instanceof PanError ? err.locate(site.file, site.loc) : err;
    }
  });
}

export const substituteBuiltins: BuiltinSpec[] = [
  { name: 'substitute', minArgs: 1, maxArgs: 2, compile: compileSubstitute },
];

/**
 * error(), debug(), traceback(), deprecated(). debug() and traceback() do
 * not even evaluate their arguments unless debugging is on for the current
 * template (--debug, --debug-ns-include/exclude).
 */
import type { Expr } from '../ast.js';
import { PanError, formatLocation } from '../errors.js';
import { compiledFrom, type DmlCompiler } from '../eval/compile-dml.js';
import type { Frame } from '../eval/frame.js';
import type { ObjectContext } from '../eval/object-context.js';
import { UNDEF, type PanValue } from '../model/values.js';
import { argLong } from './args.js';
import { panToString } from './convert.js';
import { panFormat } from './strings.js';
import type { BuiltinSpec, CallSite } from './registry.js';

/** Message of error()/debug(): one string, or format() of the arguments. */
function message(args: PanValue[]): string {
  if (args.length === 1) {
    const v = args[0] as PanValue;
    return typeof v === 'string' ? v : panToString(v);
  }
  try {
    return panFormat(args);
  } catch {
    return args.map((a) => (typeof a === 'string' ? a : panToString(a))).join(' ');
  }
}

function debugOn(ctx: ObjectContext): boolean {
  const o = ctx.session.options;
  if (!o.debug) return false;
  const name = ctx.currentTemplate()?.name ?? ctx.name;
  if (o.debugNsInclude.length > 0 && !o.debugNsInclude.some((r) => r.test(name))) return false;
  return !o.debugNsExclude.some((r) => r.test(name));
}

function compileDebug(kind: 'debug' | 'traceback', args: readonly Expr[], c: DmlCompiler, site: CallSite) {
  const fns = args.map((a) => c.compileArg(a).fn);
  return compiledFrom(args[0] as Expr, (f: Frame) => {
    if (!debugOn(f.ctx)) return UNDEF;
    const text = message(fns.map((fn) => fn(f)));
    const where = formatLocation(site.file, site.loc);
    f.ctx.debug(`[DEBUG] ${where}: ${text}`);
    if (kind === 'traceback') {
      for (const call of [...f.ctx.calls].reverse()) f.ctx.debug(`    at ${formatLocation(call.file, call.loc)} (function ${call.name})`);
      for (const t of [...f.ctx.templates].reverse()) f.ctx.debug(`    in template ${t.name} (${t.file})`);
    }
    return kind === 'debug' ? text : UNDEF;
  });
}

function deprecated(args: PanValue[], f: Frame, site: CallSite): PanValue {
  const level = Number(argLong('deprecated', args, 0));
  const text = message(args.slice(1));
  if (level <= f.ctx.session.options.deprecationLevel) {
    f.ctx.warn(`deprecation warning [${formatLocation(site.file, site.loc)}]: ${text}`);
  }
  return UNDEF;
}

export const controlBuiltins: BuiltinSpec[] = [
  {
    name: 'error', minArgs: 1, maxArgs: Infinity,
    call: (a) => {
      throw new PanError('evaluation', message(a));
    },
  },
  { name: 'debug', minArgs: 1, maxArgs: Infinity, compile: (a, c, s) => compileDebug('debug', a, c, s) },
  { name: 'traceback', minArgs: 1, maxArgs: Infinity, compile: (a, c, s) => compileDebug('traceback', a, c, s) },
  { name: 'deprecated', minArgs: 2, maxArgs: Infinity, call: deprecated },
];


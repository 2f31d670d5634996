/**
 * Calls of user-defined functions: looked up when called (a template may
 * define a function after the code that uses it), arguments frozen (a
 * function never changes its caller's values), SELF shared with the caller.
 */
import { PanError, formatLocation } from '../errors.js';
import { PanList, type PanValue } from '../model/values.js';
import type { CallSite } from '../builtins/registry.js';
import type { DmlLimits } from './compile-dml.js';
import { Frame } from './frame.js';
import { recursionLimitError } from './limits.js';

export function callUserFunction(caller: Frame, name: string, args: PanValue[], site: CallSite, limits: DmlLimits): PanValue {
  const ctx = caller.ctx;
  const def = ctx.getFunction(name);
  if (def === undefined) throw new PanError('evaluation', `function '${name}' is not defined`, site.file, site.loc);
  if (ctx.calls.length >= limits.maxRecursion) throw recursionLimitError(limits.maxRecursion, site.file, site.loc);
  const frame = new Frame(ctx, caller.self, def.body.nslots, new PanList(args), name);
  ctx.calls.push(site);
  try {
    return def.body.fn(frame);
  } catch (err) {
    if (err instanceof PanError && err.kind !== 'parse') {
      err.details.push(`    at ${formatLocation(site.file, site.loc)} (call of function ${name})`);
    }
    throw err;
  } finally {
    ctx.calls.pop();
  }
}

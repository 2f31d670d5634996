/** min() and max() over longs and doubles (a double anywhere makes the result a double). */
import { longCompare } from '../model/numbers.js';
import { PanDouble, type PanLong, type PanValue } from '../model/values.js';
import { describe, fail, isNumber } from './args.js';
import type { BuiltinSpec } from './registry.js';

function extreme(name: string, sign: 1 | -1, args: PanValue[]): PanValue {
  let anyDouble = false;
  for (const a of args) {
    if (!isNumber(a)) fail(`${name}() arguments must be longs or doubles, not ${describe(a)}`);
    if (a instanceof PanDouble) anyDouble = true;
  }
  if (anyDouble) {
    let best = -sign * Infinity;
    for (const a of args) {
      const x = a instanceof PanDouble ? a.value : Number(a as PanLong);
      if (sign * (x - best) > 0) best = x;
    }
    return new PanDouble(best);
  }
  let best = args[0] as PanLong;
  for (const a of args) if (sign * longCompare(a as PanLong, best) > 0) best = a as PanLong;
  return best;
}

export const statisticsBuiltins: BuiltinSpec[] = [
  { name: 'min', minArgs: 2, maxArgs: Infinity, pure: true, call: (a) => extreme('min', -1, a) },
  { name: 'max', minArgs: 2, maxArgs: Infinity, pure: true, call: (a) => extreme('max', 1, a) },
];

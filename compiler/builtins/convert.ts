/** Conversions: to_string, to_long, to_double, to_boolean. */
import { javaDoubleToString, javaParseDouble } from '../java/double.js';
import { javaLongDecode, javaParseLong } from '../java/long.js';
import { doubleToLong, normalize } from '../model/numbers.js';
import { PanDict, PanDouble, PanList, type PanLong, type PanValue } from '../model/values.js';
import { describe, fail } from './args.js';
import type { BuiltinSpec } from './registry.js';

/** Pan's string form of any value (to_string, format's %s, messages). */
export function panToString(v: PanValue): string {
  switch (typeof v) {
    case 'string': return v;
    case 'number':
    case 'bigint': return String(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'symbol': return 'undef';
  }
  if (v === null) return 'null';
  if (v instanceof PanDouble) return javaDoubleToString(v.value);
  if (v instanceof PanList) return v.items.length === 0 ? '[ ]' : `[ ${v.items.map(panToString).join(', ')} ]`;
  const d = v as PanDict;
  if (d.size === 0) return '{ }';
  const parts: string[] = [];
  for (const [k, x] of d.entries()) parts.push(k, panToString(x));
  return `{ ${parts.join(', ')} }`;
}

function toLong(v: PanValue, radix?: PanValue): PanLong {
  if (radix !== undefined) {
    if (typeof v !== 'string') return fail(`to_long() with a radix requires a string, not ${describe(v)}`);
    if (typeof radix !== 'number' || radix < 2 || radix > 36) return fail('to_long(): the radix must be a long between 2 and 36');
    try {
      return normalize(javaParseLong(v, radix));
    } catch {
      return fail(`to_long(): '${v}' is not a valid long in base ${radix}`);
    }
  }
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof PanDouble) return doubleToLong(Math.floor(v.value + 0.5));
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    try {
      return normalize(javaLongDecode(v.trim()));
    } catch {
      return fail(`to_long(): '${v}' is not a valid long`);
    }
  }
  return fail(`to_long() cannot convert ${describe(v)}`);
}

function toDouble(v: PanValue): PanDouble {
  if (v instanceof PanDouble) return v;
  if (typeof v === 'number' || typeof v === 'bigint') return new PanDouble(Number(v));
  if (typeof v === 'boolean') return new PanDouble(v ? 1 : 0);
  if (typeof v === 'string') {
    try {
      return new PanDouble(javaParseDouble(v));
    } catch {
      return fail(`to_double(): '${v}' is not a valid double`);
    }
  }
  return fail(`to_double() cannot convert ${describe(v)}`);
}

function toBoolean(v: PanValue): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return !(v === '' || v.toLowerCase() === 'false');
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof PanDouble) return v.value !== 0;
  return fail(`to_boolean() cannot convert ${describe(v)}`);
}

export const convertBuiltins: BuiltinSpec[] = [
  { name: 'to_string', minArgs: 1, maxArgs: 1, pure: true, call: (a) => panToString(a[0] as PanValue) },
  { name: 'to_long', minArgs: 1, maxArgs: 2, pure: true, call: (a) => toLong(a[0] as PanValue, a[1]) },
  { name: 'to_double', minArgs: 1, maxArgs: 1, pure: true, call: (a) => toDouble(a[0] as PanValue) },
  { name: 'to_boolean', minArgs: 1, maxArgs: 1, pure: true, call: (a) => toBoolean(a[0] as PanValue) },
];


/** Argument checks shared by the built-ins, with uniform error messages. */
import { PanError } from '../errors.js';
import { PanDict, PanDouble, kindOf, type PanLong, type PanValue } from '../model/values.js';

export function fail(message: string): never {
  throw new PanError('evaluation', message);
}

function ordinal(i: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth'][i] ?? `${i + 1}th`;
}

export function describe(v: PanValue | undefined): string {
  if (v === undefined) return 'nothing';
  return kindOf(v);
}

export function argString(fn: string, args: readonly PanValue[], i: number): string {
  const v = args[i];
  if (typeof v !== 'string') fail(`${ordinal(i)} argument of ${fn}() must be a string, not ${describe(v)}`);
  return v;
}

export function argLong(fn: string, args: readonly PanValue[], i: number): PanLong {
  const v = args[i];
  if (typeof v !== 'number' && typeof v !== 'bigint') fail(`${ordinal(i)} argument of ${fn}() must be a long, not ${describe(v)}`);
  return v;
}

/** A long argument that must fit a JS number (indices, counts). */
export function argInt(fn: string, args: readonly PanValue[], i: number): number {
  const v = argLong(fn, args, i);
  if (typeof v === 'bigint') fail(`${ordinal(i)} argument of ${fn}() is out of range: ${v}`);
  return v;
}

export function argDict(fn: string, args: readonly PanValue[], i: number): PanDict {
  const v = args[i];
  if (!(v instanceof PanDict)) fail(`${ordinal(i)} argument of ${fn}() must be a dict, not ${describe(v)}`);
  return v;
}

export function isNumber(v: PanValue | undefined): v is PanLong | PanDouble {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof PanDouble;
}


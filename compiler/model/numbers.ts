/**
 * Pan arithmetic with Java semantics: longs are 64-bit two's complement and
 * wrap on overflow; doubles are IEEE; mixing a long and a double gives a
 * double. Longs are JS numbers while they are safe integers (the fast path)
 * and bigints beyond.
 */
import type { PanLong } from './values.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Bring a 64-bit wrapped bigint back to a number when it fits exactly. */
export function normalize(x: bigint): PanLong {
  return x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x;
}

export function toBigInt(x: PanLong): bigint {
  return typeof x === 'bigint' ? x : BigInt(x);
}

function wrap(x: bigint): PanLong {
  return normalize(BigInt.asIntN(64, x));
}

/** A long from an arbitrary bigint (wrapping like a Java cast to long). */
export function longFromBigInt(x: bigint): PanLong {
  return wrap(x);
}

/** -0 is not a long. */
function fix(r: number): number {
  return r === 0 ? 0 : r;
}

export function longAdd(a: PanLong, b: PanLong): PanLong {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return wrap(toBigInt(a) + toBigInt(b));
}

export function longSub(a: PanLong, b: PanLong): PanLong {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return wrap(toBigInt(a) - toBigInt(b));
}

export function longMul(a: PanLong, b: PanLong): PanLong {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return fix(r);
  }
  return wrap(toBigInt(a) * toBigInt(b));
}

/** Java long division: truncates toward zero; the caller checks for a zero divisor. */
export function longDiv(a: PanLong, b: PanLong): PanLong {
  if (typeof a === 'number' && typeof b === 'number' && Math.abs(a) < 2 ** 31 * 2 ** 20) {
    return fix(Math.trunc(a / b));
  }
  return wrap(toBigInt(a) / toBigInt(b));
}

/** Java long remainder: sign of the dividend; the caller checks for a zero divisor. */
export function longMod(a: PanLong, b: PanLong): PanLong {
  if (typeof a === 'number' && typeof b === 'number') return fix(a % b);
  return wrap(toBigInt(a) % toBigInt(b));
}

export function longNeg(a: PanLong): PanLong {
  return typeof a === 'number' ? fix(-a) : wrap(-a);
}

export function longAnd(a: PanLong, b: PanLong): PanLong {
  return wrap(toBigInt(a) & toBigInt(b));
}

export function longOr(a: PanLong, b: PanLong): PanLong {
  return wrap(toBigInt(a) | toBigInt(b));
}

export function longXor(a: PanLong, b: PanLong): PanLong {
  return wrap(toBigInt(a) ^ toBigInt(b));
}

export function longNot(a: PanLong): PanLong {
  return wrap(~toBigInt(a));
}

export function longCompare(a: PanLong, b: PanLong): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = toBigInt(a);
  const y = toBigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Java's (long) cast of a double: truncation, saturating, NaN -> 0. */
export function doubleToLong(d: number): PanLong {
  if (Number.isNaN(d)) return 0;
  if (d >= 9223372036854775807) return 9223372036854775807n;
  if (d <= -9223372036854775808) return -9223372036854775808n;
  const t = Math.trunc(d);
  return Number.isSafeInteger(t) ? fix(t) : normalize(BigInt(t));
}


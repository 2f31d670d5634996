/**
 * Java `long` semantics: 64-bit two's complement arithmetic, Long.decode,
 * Long.parseLong.
 *
 * The evaluator keeps a long as a JS number while it is a safe integer and
 * as a bigint otherwise (see compiler/model/values.ts); the arithmetic
 * helpers take and return that mixed representation, with a fast path that
 * stays on numbers when the exact result is safe.
 */
import { JavaNumberFormatError, JavaArithmeticError } from './errors.js';

export type JavaLong = number | bigint;

export const LONG_MIN = -(1n << 63n);
export const LONG_MAX = (1n << 63n) - 1n;

/** Reduce to 64-bit two's complement, as Java arithmetic overflow does. */
export function wrap64(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

/** The evaluator's representation: a number when within ±(2^53-1), else a bigint. */
export function normalizeLong(x: bigint): JavaLong {
  return x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x;
}

function big(x: JavaLong): bigint {
  return typeof x === 'bigint' ? x : BigInt(x);
}

/** a + b with Java overflow. */
export function longAdd(a: JavaLong, b: JavaLong): JavaLong {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normalizeLong(wrap64(big(a) + big(b)));
}

/** a - b with Java overflow. */
export function longSub(a: JavaLong, b: JavaLong): JavaLong {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normalizeLong(wrap64(big(a) - big(b)));
}

/** a * b with Java overflow. A double product below 2^53 in magnitude is exact. */
export function longMul(a: JavaLong, b: JavaLong): JavaLong {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r; // no -0
  }
  return normalizeLong(wrap64(big(a) * big(b)));
}

/** -a with Java overflow (-Long.MIN_VALUE is Long.MIN_VALUE). */
export function longNeg(a: JavaLong): JavaLong {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  return normalizeLong(wrap64(-a));
}

/** Java `/`: truncates toward zero; Long.MIN_VALUE / -1 wraps; division by zero throws. */
export function longDiv(a: JavaLong, b: JavaLong): JavaLong {
  if (b === 0 || b === 0n) throw new JavaArithmeticError('/ by zero');
  if (typeof a === 'number' && typeof b === 'number') {
    // a - a % b is exact and a multiple of b, so this division is exact.
    const q = (a - (a % b)) / b;
    return q === 0 ? 0 : q;
  }
  return normalizeLong(wrap64(big(a) / big(b)));
}

/** Java `%`: sign follows the dividend; division by zero throws. */
export function longRem(a: JavaLong, b: JavaLong): JavaLong {
  if (b === 0 || b === 0n) throw new JavaArithmeticError('/ by zero');
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b;
    return r === 0 ? 0 : r; // JS % is exact on safe integers and truncating like Java
  }
  return normalizeLong(big(a) % big(b));
}

/**
 * Character.digit(ch, radix) for UTF-16 code units: ASCII and full-width
 * Latin letters and Unicode decimal digits (category Nd), as Java accepts.
 */
const ND = /\p{Nd}/u;
function javaDigit(code: number, radix: number): number {
  let d = -1;
  if (code >= 48 && code <= 57) d = code - 48;
  else if (code >= 97 && code <= 122) d = code - 87;
  else if (code >= 65 && code <= 90) d = code - 55;
  else if (code >= 0xff21 && code <= 0xff3a) d = code - 0xff21 + 10;
  else if (code >= 0xff41 && code <= 0xff5a) d = code - 0xff41 + 10;
  else if (code > 127 && (code < 0xd800 || code > 0xdfff) && ND.test(String.fromCharCode(code))) d = ndValue(code);
  return d < radix ? d : -1;
}

/** Unicode keeps every run of Nd digits as aligned, contiguous 0..9 sequences. */
function ndValue(code: number): number {
  let start = code;
  while (start > 0 && ND.test(String.fromCharCode(start - 1))) start--;
  return (code - start) % 10;
}

function forInputString(s: string, radix: number): JavaNumberFormatError {
  return new JavaNumberFormatError(`For input string: "${s}"${radix === 10 ? '' : ` under radix ${radix}`}`);
}

/** Long.parseLong(s, radix). */
export function javaParseLong(s: string, radix = 10): bigint {
  if (radix < 2) throw new JavaNumberFormatError(`radix ${radix} less than Character.MIN_RADIX`);
  if (radix > 36) throw new JavaNumberFormatError(`radix ${radix} greater than Character.MAX_RADIX`);
  const len = s.length;
  if (len === 0) throw forInputString(s, radix);
  let i = 0;
  let negative = false;
  const first = s.charCodeAt(0);
  if (first < 48) {
    if (first === 45) negative = true;
    else if (first !== 43) throw forInputString(s, radix);
    if (len === 1) throw forInputString(s, radix);
    i = 1;
  }
  const r = BigInt(radix);
  let result = 0n;
  for (; i < len; i++) {
    const d = javaDigit(s.charCodeAt(i), radix);
    if (d < 0) throw forInputString(s, radix);
    result = result * r + BigInt(d);
    if (result > (negative ? -LONG_MIN : LONG_MAX)) throw forInputString(s, radix);
  }
  return negative ? -result : result;
}

/** Long.decode: optional sign, then `0x`/`0X`/`#` hex, leading `0` octal, else decimal. */
export function javaLongDecode(nm: string): bigint {
  if (nm.length === 0) throw new JavaNumberFormatError('Zero length string');
  let index = 0;
  let negative = false;
  const c0 = nm.charAt(0);
  if (c0 === '-') {
    negative = true;
    index++;
  } else if (c0 === '+') {
    index++;
  }
  let radix = 10;
  if (nm.startsWith('0x', index) || nm.startsWith('0X', index)) {
    index += 2;
    radix = 16;
  } else if (nm.startsWith('#', index)) {
    index++;
    radix = 16;
  } else if (nm.startsWith('0', index) && nm.length > 1 + index) {
    index++;
    radix = 8;
  }
  if (nm.startsWith('-', index) || nm.startsWith('+', index)) {
    throw new JavaNumberFormatError('Sign character in wrong position');
  }
  const digits = nm.substring(index);
  try {
    const v = javaParseLong(digits, radix);
    return negative ? -v : v;
  } catch (e) {
    // Long.MIN_VALUE only parses with its sign attached.
    if (!(e instanceof JavaNumberFormatError)) throw e;
    return javaParseLong(negative ? '-' + digits : digits, radix);
  }
}

/** Long.toString(v, radix) as the JDK prints it (lower-case digits, leading '-'). */
export function javaLongToString(v: JavaLong, radix = 10): string {
  return v.toString(radix);
}

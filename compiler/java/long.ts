/**
 * Java `long` semantics: the 64-bit range, Long.decode, Long.parseLong.
 * (The evaluator's long arithmetic is in compiler/model/numbers.ts.)
 */
import { JavaNumberFormatError } from './errors.js';

export const LONG_MIN = -(1n << 63n);
export const LONG_MAX = (1n << 63n) - 1n;

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


/**
 * Double.toString and Double.parseDouble exactly as OpenJDK 17 does them.
 *
 * JDK 17's FloatingDecimal does not always produce the shortest decimal that
 * rounds back to the double (JDK 19 switched to the Raffaello Giulietti
 * algorithm): it forces a second digit in E-notation, rounds "long" values
 * by insignificant digits and uses a symmetric stopping test at powers of
 * two. `dtoa` below is a line-by-line port of BinaryToASCIIBuffer.dtoa,
 * including its int/long overflow behaviour, so that the digits match the
 * JDK bit for bit (checked against the real JDK in double.test.ts).
 */
import { JavaNumberFormatError } from './errors.js';

/** Decimal digits of a positive finite double: value ≈ 0.d1d2d3... × 10^decExponent. */
export interface DecimalDigits {
  digits: string;
  decExponent: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Raw IEEE bits as [hi, lo] 32-bit words (little-endian host). */
function bitsOf(x: number): [number, number] {
  f64[0] = x;
  return [u32[1], u32[0]];
}

const EXP_SHIFT = 52;
const MAX_SMALL_BIN_EXP = 62;
const MIN_SMALL_BIN_EXP = -21;
const N_5_BITS = [0, 3, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40, 42, 45, 47, 49, 52, 54, 56, 59, 61];
const INSIGNIFICANT_DIGITS_NUMBER = [
  0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 9, 10, 10, 10, 11,
  11, 11, 12, 12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15, 15, 16, 16, 16, 17, 17, 17, 18, 18, 18, 19,
];
const SMALL_5_POW: number[] = [];
const LONG_5_POW: bigint[] = [];
for (let i = 0, p = 1n; i < 27; i++, p *= 5n) {
  LONG_5_POW.push(p);
  if (i < 14) SMALL_5_POW.push(Number(p));
}

function insignificantDigitsForPow2(p2: number): number {
  return p2 > 1 && p2 < INSIGNIFICANT_DIGITS_NUMBER.length ? INSIGNIFICANT_DIGITS_NUMBER[p2] : 0;
}

/** FloatingDecimal.estimateDecExp: floor of a cheap log10 estimate (double arithmetic, as in Java). */
function estimateDecExp(fractBits: bigint, binExp: number): number {
  const d2 = 1 + Number(fractBits & 0xfffffffffffffn) / 4503599627370496;
  const d = (d2 - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981;
  return Math.floor(d);
}

function numberOfTrailingZeros(x: bigint): number {
  let n = 0;
  while ((x & 1n) === 0n) {
    x >>= 1n;
    n++;
  }
  return n;
}

const toLong = (x: bigint): bigint => BigInt.asIntN(64, x);

/**
 * Digits of |x| for a finite non-zero x, as BinaryToASCIIBuffer computes them.
 * `compatible` is true for Double.toString and false for Formatter.
 */
export function dtoa(x: number, compatible: boolean): DecimalDigits {
  const [hi, lo] = bitsOf(x);
  let fractBits = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let binExp = (hi >>> 20) & 0x7ff;
  let nSignificantBits: number;
  if (binExp === 0) {
    // Subnormal: normalise so the high-order bit sits at EXP_SHIFT.
    const leadingZeros = 64 - fractBits.toString(2).length;
    const shift = leadingZeros - (63 - EXP_SHIFT);
    fractBits <<= BigInt(shift);
    binExp = 1 - shift;
    nSignificantBits = 64 - leadingZeros;
  } else {
    fractBits |= 1n << 52n;
    nSignificantBits = EXP_SHIFT + 1;
  }
  binExp -= 1023;
  return dtoaBits(binExp, fractBits, nSignificantBits, compatible);
}

function developLongDigits(decExponent: number, lvalue: bigint, insignificantDigits: number): DecimalDigits {
  if (insignificantDigits !== 0) {
    const pow10 = LONG_5_POW[insignificantDigits] << BigInt(insignificantDigits);
    const residue = lvalue % pow10;
    lvalue /= pow10;
    decExponent += insignificantDigits;
    if (residue >= pow10 >> 1n) lvalue++;
  }
  // Java strips trailing zeros, counting them into the exponent.
  let s = lvalue.toString();
  const stripped = s.replace(/0+$/, '');
  decExponent += s.length - stripped.length;
  s = stripped;
  return { digits: s, decExponent: decExponent + s.length };
}

function dtoaBits(binExp: number, fractBits: bigint, nSignificantBits: number, compatible: boolean): DecimalDigits {
  const tailZeros = numberOfTrailingZeros(fractBits);
  const nFractBits = EXP_SHIFT + 1 - tailZeros;
  const nTinyBits = Math.max(0, nFractBits - binExp - 1);
  if (binExp <= MAX_SMALL_BIN_EXP && binExp >= MIN_SMALL_BIN_EXP) {
    if (nTinyBits < LONG_5_POW.length && nFractBits + N_5_BITS[nTinyBits] < 64 && nTinyBits === 0) {
      const insignificant = binExp > nSignificantBits ? insignificantDigitsForPow2(binExp - nSignificantBits - 1) : 0;
      const lvalue = binExp >= EXP_SHIFT ? fractBits << BigInt(binExp - EXP_SHIFT) : fractBits >> BigInt(EXP_SHIFT - binExp);
      return developLongDigits(0, lvalue, insignificant);
    }
  }
  let decExp = estimateDecExp(fractBits, binExp);
  const B5 = Math.max(0, -decExp);
  let B2 = B5 + nTinyBits + binExp;
  const S5 = Math.max(0, decExp);
  let S2 = S5 + nTinyBits;
  const M5 = B5;
  let M2 = B2 - nSignificantBits;

  fractBits >>= BigInt(tailZeros);
  B2 -= nFractBits - 1;
  const common2factor = Math.min(B2, S2);
  B2 -= common2factor;
  S2 -= common2factor;
  M2 -= common2factor;
  // Powers of two: the next smaller double is only half as far away (Java's "HACK").
  if (nFractBits === 1) M2 -= 1;
  if (M2 < 0) {
    B2 -= M2;
    S2 -= M2;
    M2 = 0;
  }
  const Bbits = nFractBits + B2 + (B5 < N_5_BITS.length ? N_5_BITS[B5] : B5 * 3);
  const tenSbits = S2 + 1 + (S5 + 1 < N_5_BITS.length ? N_5_BITS[S5 + 1] : (S5 + 1) * 3);
  const digits: number[] = [];
  let low: boolean;
  let high: boolean;
  let lowDigitDifference: number;
  let exact: boolean;
  const forceTwoDigits = (e: number): boolean => !compatible || e < -3 || e >= 8;

  if (Bbits < 64 && tenSbits < 64) {
    if (Bbits < 32 && tenSbits < 32) {
      // int arithmetic, wrapping like Java's int.
      let b = (Number(fractBits) * SMALL_5_POW[B5] * 2 ** B2) | 0;
      const s = (SMALL_5_POW[S5] * 2 ** S2) | 0;
      let m = (SMALL_5_POW[M5] * 2 ** M2) | 0;
      const tens = Math.imul(s, 10);
      let q = (b / s) | 0;
      b = Math.imul(10, b % s);
      m = Math.imul(m, 10);
      low = b < m;
      high = ((b + m) | 0) > tens;
      if (q === 0 && !high) decExp--;
      else digits.push(q);
      if (forceTwoDigits(decExp)) high = low = false;
      while (!low && !high) {
        q = (b / s) | 0;
        b = Math.imul(10, b % s);
        m = Math.imul(m, 10);
        if (m > 0) {
          low = b < m;
          high = ((b + m) | 0) > tens;
        } else {
          low = true;
          high = true;
        }
        digits.push(q);
      }
      lowDigitDifference = ((b << 1) | 0) - tens;
      exact = b === 0;
    } else {
      // long arithmetic, wrapping like Java's long.
      let b = toLong((fractBits * LONG_5_POW[B5]) << BigInt(B2));
      const s = toLong(LONG_5_POW[S5] << BigInt(S2));
      let m = toLong(LONG_5_POW[M5] << BigInt(M2));
      const tens = toLong(s * 10n);
      let q = Number(b / s);
      b = toLong(10n * (b % s));
      m = toLong(m * 10n);
      low = b < m;
      high = toLong(b + m) > tens;
      if (q === 0 && !high) decExp--;
      else digits.push(q);
      if (forceTwoDigits(decExp)) high = low = false;
      while (!low && !high) {
        q = Number(b / s);
        b = toLong(10n * (b % s));
        m = toLong(m * 10n);
        if (m > 0n) {
          low = b < m;
          high = toLong(b + m) > tens;
        } else {
          low = true;
          high = true;
        }
        digits.push(q);
      }
      const diff = toLong((b << 1n) - tens);
      lowDigitDifference = diff > 0n ? 1 : diff < 0n ? -1 : 0;
      exact = b === 0n;
    }
  } else {
    // Arbitrary precision (FDBigInteger in Java); the normalisation shift does not change results.
    const S = LONG5(S5) << BigInt(S2);
    let B = (fractBits * LONG5(B5)) << BigInt(B2);
    let M = LONG5(M5 + 1) << BigInt(M2 + 1);
    const tenS = LONG5(S5 + 1) << BigInt(S2 + 1);
    let q = Number(B / S);
    B = 10n * (B % S);
    low = B < M;
    high = B + M >= tenS;
    if (q === 0 && !high) decExp--;
    else digits.push(q);
    if (forceTwoDigits(decExp)) high = low = false;
    while (!low && !high) {
      q = Number(B / S);
      B = 10n * (B % S);
      M *= 10n;
      low = B < M;
      high = B + M >= tenS;
      digits.push(q);
    }
    if (high && low) {
      const twoB = B << 1n;
      lowDigitDifference = twoB > tenS ? 1 : twoB < tenS ? -1 : 0;
    } else {
      lowDigitDifference = 0;
    }
    exact = B === 0n;
  }
  void exact;
  let decExponent = decExp + 1;
  if (high) {
    if (low) {
      if (lowDigitDifference === 0) {
        if ((digits[digits.length - 1] & 1) !== 0) decExponent = roundup(digits, decExponent);
      } else if (lowDigitDifference > 0) {
        decExponent = roundup(digits, decExponent);
      }
    } else {
      decExponent = roundup(digits, decExponent);
    }
  }
  return { digits: digits.join(''), decExponent };
}

const POW5_CACHE: bigint[] = [];
function LONG5(n: number): bigint {
  let p = POW5_CACHE[n];
  if (p === undefined) {
    p = 5n ** BigInt(n);
    POW5_CACHE[n] = p;
  }
  return p;
}

/** Add one to the last digit; a carry out of the first digit yields "1" and a larger exponent. */
function roundup(digits: number[], decExponent: number): number {
  let i = digits.length - 1;
  let q = digits[i];
  if (q === 9) {
    while (q === 9 && i > 0) {
      digits[i] = 0;
      q = digits[--i];
    }
    if (q === 9) {
      digits[0] = 1;
      return decExponent + 1;
    }
  }
  digits[i] = q + 1;
  return decExponent;
}

/** BinaryToASCIIBuffer.getChars: plain notation for 10^-3 <= |x| < 10^7, else computerized E-notation. */
function layout(negative: boolean, digits: string, decExponent: number): string {
  const sign = negative ? '-' : '';
  const nDigits = digits.length;
  if (decExponent > 0 && decExponent < 8) {
    if (nDigits <= decExponent) return `${sign}${digits}${'0'.repeat(decExponent - nDigits)}.0`;
    return `${sign}${digits.slice(0, decExponent)}.${digits.slice(decExponent)}`;
  }
  if (decExponent <= 0 && decExponent > -3) {
    return `${sign}0.${'0'.repeat(-decExponent)}${digits}`;
  }
  const mantissa = nDigits > 1 ? `${digits[0]}.${digits.slice(1)}` : `${digits}.0`;
  return `${sign}${mantissa}E${decExponent - 1}`;
}

/** Double.toString(x) of OpenJDK 17. */
export function javaDoubleToString(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const d = dtoa(x, true);
  return layout(x < 0, d.digits, d.decExponent);
}

// Double.parseDouble ------------------------------------------------------------

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?$/;
const HEX = /^([+-])?0[xX](?:([0-9a-fA-F]+)\.?|([0-9a-fA-F]*)\.([0-9a-fA-F]+))[pP]([+-]?\d+)[fFdD]?$/;
const SPECIAL = /^([+-])?(NaN|Infinity)$/;

/** String.trim(): strips every char <= U+0020 at both ends. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** Double.parseDouble: Java's grammar (hex floats, f/d suffixes, NaN/Infinity), correctly rounded. */
export function javaParseDouble(s: string): number {
  const t = javaTrim(s);
  if (t.length === 0) throw new JavaNumberFormatError('empty String');
  const special = SPECIAL.exec(t);
  if (special) {
    if (special[2] === 'NaN') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (DECIMAL.test(t)) return Number(/[fFdD]$/.test(t) ? t.slice(0, -1) : t);
  const hex = HEX.exec(t);
  if (hex) return parseHexDouble(hex);
  // FloatingDecimal reports a second decimal point specially.
  if (/^[+-]?[0-9]*\.[0-9]*\./.test(t)) throw new JavaNumberFormatError('multiple points');
  throw new JavaNumberFormatError(`For input string: "${t}"`);
}

function parseHexDouble(m: RegExpExecArray): number {
  const intPart = m[2] ?? m[3] ?? '';
  const fracPart = m[4] ?? '';
  const mantissa = BigInt('0x0' + intPart + fracPart);
  const expText = m[5];
  // Exponents beyond any double's range only need their sign.
  const expValue = expText.replace(/^[+-]/, '').length > 7 ? (expText.startsWith('-') ? -1e7 : 1e7) : Number(expText);
  const value = scaleToDouble(mantissa, expValue - 4 * fracPart.length);
  return m[1] === '-' ? -value : value;
}

/** m × 2^e2 rounded to the nearest double, ties to even, subnormals included. */
export function scaleToDouble(m: bigint, e2: number): number {
  if (m === 0n) return 0;
  const bitLength = m.toString(2).length;
  const topExponent = bitLength - 1 + e2;
  if (topExponent > 1023) return Infinity;
  const precisionBits = topExponent >= -1022 ? 53 : topExponent + 1075;
  if (precisionBits < 0) return 0;
  const shift = bitLength - precisionBits;
  if (shift <= 0) return ldexp(Number(m), e2);
  let q = m >> BigInt(shift);
  const r = m - (q << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (r > half || (r === half && (q & 1n) === 1n)) q++;
  return ldexp(Number(q), e2 + shift);
}

/** x × 2^e for an integer x whose result is representable (or overflows to Infinity). */
function ldexp(x: number, e: number): number {
  while (e > 1023) {
    x *= 2 ** 1023;
    e -= 1023;
  }
  while (e < -1022) {
    x *= 2 ** -1022;
    e += 1022;
  }
  return x * 2 ** e;
}

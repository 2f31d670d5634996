/**
 * java.util.Formatter (String.format) for the argument types Pan can pass,
 * in the US locale panc runs with: a port of OpenJDK 17's Formatter parse
 * and print paths, including its exception types and messages, and of
 * FormattedFloatingDecimal (which rounds the Double.toString-style digits
 * HALF_UP: `%.2f` of 1.005 is `1.01`).
 */
import { dtoa, javaDoubleToString } from './double.js';
import { JavaError, JavaFormatError } from './errors.js';

export type JavaArg =
  | { kind: 'long'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  /**
   * Anything else (a Pan resource...): printable through %s/%b/%h only.
   * `text` is its toString(); `className` names its Java class in conversion
   * errors (default java.lang.Object); `hashCode` is needed for %h.
   */
  | { kind: 'object'; text: string; className?: string; hashCode?: number };

// Flags, with Java's bit values (Formatter.Flags).
const LEFT_JUSTIFY = 1 << 0;
const UPPERCASE = 1 << 1;
const ALTERNATE = 1 << 2;
const PLUS = 1 << 3;
const LEADING_SPACE = 1 << 4;
const ZERO_PAD = 1 << 5;
const GROUP = 1 << 6;
const PARENTHESES = 1 << 7;
const PREVIOUS = 1 << 8;

const FLAG_OF: Record<string, number> = {
  '-': LEFT_JUSTIFY,
  '#': ALTERNATE,
  '+': PLUS,
  ' ': LEADING_SPACE,
  '0': ZERO_PAD,
  ',': GROUP,
  '(': PARENTHESES,
  '<': PREVIOUS,
};

function flagsToString(f: number): string {
  let s = '';
  if (f & LEFT_JUSTIFY) s += '-';
  if (f & UPPERCASE) s += '^';
  if (f & ALTERNATE) s += '#';
  if (f & PLUS) s += '+';
  if (f & LEADING_SPACE) s += ' ';
  if (f & ZERO_PAD) s += '0';
  if (f & GROUP) s += ',';
  if (f & PARENTHESES) s += '(';
  if (f & PREVIOUS) s += '<';
  return s;
}

const VALID_CONVERSIONS = new Set('bBsShHcCdoxXeEgGfaAn%'.split(''));
const DATE_TIME_CONVERSIONS = new Set('HIklMSLNpzZsQBbhAaCYyjmdeRTrDFc'.split(''));

/** One parsed `%...` specifier. index: -2 text (%n, %%), -1 previous (`<`), 0 ordinary, > 0 explicit. */
interface Spec {
  index: number;
  flags: number;
  width: number;
  precision: number;
  dateTime: boolean;
  conversion: string;
}

type Piece = string | Spec;

const fail = {
  unknownConversion: (s: string) => new JavaFormatError('UnknownFormatConversionException', `Conversion = '${s}'`),
  mismatch: (flag: number, c: string) =>
    new JavaFormatError('FormatFlagsConversionMismatchException', `Conversion = ${c}, Flags = ${flagsToString(flag)}`),
  illegalFlags: (f: number) => new JavaFormatError('IllegalFormatFlagsException', `Flags = '${flagsToString(f)}'`),
  precision: (p: number) => new JavaFormatError('IllegalFormatPrecisionException', String(p)),
  width: (w: number) => new JavaFormatError('IllegalFormatWidthException', String(w)),
  missingWidth: (spec: Spec) => new JavaFormatError('MissingFormatWidthException', specToString(spec)),
  missingArgument: (spec: Spec) => new JavaFormatError('MissingFormatArgumentException', `Format specifier '${specToString(spec)}'`),
  conversion: (c: string, className: string) =>
    new JavaFormatError('IllegalFormatConversionException', `${c} != ${className}`),
};

/** FormatSpecifier.toString: flags come before the index, as in the JDK. */
function specToString(spec: Spec): string {
  let s = '%' + flagsToString(spec.flags & ~UPPERCASE);
  if (spec.index > 0) s += `${spec.index}$`;
  if (spec.width !== -1) s += spec.width;
  if (spec.precision !== -1) s += `.${spec.precision}`;
  if (spec.dateTime) s += spec.flags & UPPERCASE ? 'T' : 't';
  s += spec.flags & UPPERCASE ? spec.conversion.toUpperCase() : spec.conversion;
  return s;
}

const SPEC_RE = /(\d+\$)?([-#+ 0,(<]*)?(\d+)?(\.\d+)?([tT])?([a-zA-Z%])/y;

/** Integer.parseInt of a digit string: values beyond int range are "not representable". */
function parseIntOrMin(digits: string): number {
  const v = Number(digits);
  return v > 2147483647 ? -2147483648 : v;
}

function parseFormat(s: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  const max = s.length;
  while (i < max) {
    const n = s.indexOf('%', i);
    if (n < 0) {
      pieces.push(s.slice(i));
      break;
    }
    if (i !== n) pieces.push(s.slice(i, n));
    i = n + 1;
    if (i >= max) throw fail.unknownConversion('%');
    const c = s.charAt(i);
    if (VALID_CONVERSIONS.has(c)) {
      pieces.push(simpleSpec(c));
      i++;
      continue;
    }
    SPEC_RE.lastIndex = i;
    const m = SPEC_RE.exec(s);
    if (!m) throw fail.unknownConversion(c);
    pieces.push(fullSpec(m));
    i = SPEC_RE.lastIndex;
  }
  return pieces;
}

/** The JDK's fast path for `%s`, `%d`...: no flags, width or precision. */
function simpleSpec(c: string): Spec {
  const lower = c.toLowerCase();
  return {
    index: c === 'n' || c === '%' ? -2 : 0,
    flags: c !== lower ? UPPERCASE : 0,
    width: -1,
    precision: -1,
    dateTime: false,
    conversion: lower,
  };
}

function fullSpec(m: RegExpExecArray): Spec {
  const spec: Spec = { index: 0, flags: 0, width: -1, precision: -1, dateTime: false, conversion: '' };
  if (m[1] !== undefined) {
    const index = parseIntOrMin(m[1].slice(0, -1));
    if (index === -2147483648) {
      throw new JavaFormatError('IllegalFormatArgumentIndexException', 'Format argument index: (not representable as int)');
    }
    if (index <= 0) throw new JavaFormatError('IllegalFormatArgumentIndexException', `Illegal format argument index = ${index}`);
    spec.index = index;
  }
  for (const ch of m[2] ?? '') {
    const flag = FLAG_OF[ch];
    if (spec.flags & flag) throw new JavaFormatError('DuplicateFormatFlagsException', `Flags = '${ch}'`);
    spec.flags |= flag;
  }
  if (spec.flags & PREVIOUS) spec.index = -1;
  if (m[3] !== undefined) spec.width = parseIntOrMin(m[3]);
  if (spec.width === -2147483648) throw fail.width(spec.width);
  if (m[4] !== undefined) spec.precision = parseIntOrMin(m[4].slice(1));
  if (spec.precision === -2147483648) throw fail.precision(spec.precision);
  let c = m[6];
  if (m[5] !== undefined) {
    spec.dateTime = true;
    if (m[5] === 'T') spec.flags |= UPPERCASE;
  } else {
    if (!VALID_CONVERSIONS.has(c)) throw fail.unknownConversion(c);
    if (c !== c.toLowerCase()) {
      spec.flags |= UPPERCASE;
      c = c.toLowerCase();
    }
    if (c === 'n' || c === '%') spec.index = -2;
  }
  spec.conversion = c;
  checkSpec(spec);
  return spec;
}

function checkBadFlags(spec: Spec, ...bad: number[]): void {
  for (const flag of bad) if (spec.flags & flag) throw fail.mismatch(flag, spec.conversion);
}

function checkSpec(spec: Spec): void {
  const c = spec.conversion;
  if (spec.dateTime) {
    if (spec.precision !== -1) throw fail.precision(spec.precision);
    if (!DATE_TIME_CONVERSIONS.has(c)) throw fail.unknownConversion('t' + c);
    checkBadFlags(spec, ALTERNATE, PLUS, LEADING_SPACE, ZERO_PAD, GROUP, PARENTHESES);
    if (spec.width === -1 && spec.flags & LEFT_JUSTIFY) throw fail.missingWidth(spec);
  } else if ('bsh'.includes(c)) {
    if ((c === 'b' || c === 'h') && spec.flags & ALTERNATE) throw fail.mismatch(ALTERNATE, c);
    if (spec.width === -1 && spec.flags & LEFT_JUSTIFY) throw fail.missingWidth(spec);
    checkBadFlags(spec, PLUS, LEADING_SPACE, ZERO_PAD, GROUP, PARENTHESES);
  } else if (c === 'c') {
    if (spec.precision !== -1) throw fail.precision(spec.precision);
    checkBadFlags(spec, ALTERNATE, PLUS, LEADING_SPACE, ZERO_PAD, GROUP, PARENTHESES);
    if (spec.width === -1 && spec.flags & LEFT_JUSTIFY) throw fail.missingWidth(spec);
  } else if ('dox'.includes(c)) {
    checkNumeric(spec);
    if (spec.precision !== -1) throw fail.precision(spec.precision);
    checkBadFlags(spec, c === 'd' ? ALTERNATE : GROUP);
  } else if ('efga'.includes(c)) {
    checkNumeric(spec);
    if (c === 'a') checkBadFlags(spec, PARENTHESES, GROUP);
    else if (c === 'e') checkBadFlags(spec, GROUP);
    else if (c === 'g') checkBadFlags(spec, ALTERNATE);
  } else {
    checkText(spec);
  }
}

function checkNumeric(spec: Spec): void {
  if (spec.width === -1 && spec.flags & (LEFT_JUSTIFY | ZERO_PAD)) throw fail.missingWidth(spec);
  const f = spec.flags;
  if ((f & PLUS && f & LEADING_SPACE) || (f & LEFT_JUSTIFY && f & ZERO_PAD)) throw fail.illegalFlags(f);
}

function checkText(spec: Spec): void {
  if (spec.precision !== -1) throw fail.precision(spec.precision);
  if (spec.conversion === '%') {
    if (spec.flags !== LEFT_JUSTIFY && spec.flags !== 0) throw fail.illegalFlags(spec.flags);
    if (spec.width === -1 && spec.flags & LEFT_JUSTIFY) throw fail.missingWidth(spec);
  } else {
    if (spec.width !== -1) throw fail.width(spec.width);
    if (spec.flags !== 0) throw fail.illegalFlags(spec.flags);
  }
}

// Parsed formats are reused: Pan templates call format() with the same literal many times.
const PARSE_CACHE = new Map<string, Piece[]>();
const PARSE_CACHE_MAX = 2000;

function cachedParse(fmt: string): Piece[] {
  let pieces = PARSE_CACHE.get(fmt);
  if (pieces === undefined) {
    pieces = parseFormat(fmt);
    if (PARSE_CACHE.size >= PARSE_CACHE_MAX) PARSE_CACHE.clear();
    PARSE_CACHE.set(fmt, pieces);
  }
  return pieces;
}

/** String.format(fmt, args...) with Java's semantics and exceptions (JavaFormatError). */
export function javaFormat(fmt: string, args: readonly JavaArg[]): string {
  const pieces = cachedParse(fmt);
  let out = '';
  let last = -1;
  let lasto = -1;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const index = piece.index;
    let arg: JavaArg | undefined;
    if (index === -1) {
      if (last < 0 || last > args.length - 1) throw fail.missingArgument(piece);
      arg = args[last];
    } else if (index === 0) {
      lasto++;
      last = lasto;
      if (lasto > args.length - 1) throw fail.missingArgument(piece);
      arg = args[lasto];
    } else if (index > 0) {
      last = index - 1;
      if (last > args.length - 1) throw fail.missingArgument(piece);
      arg = args[last];
    }
    out += printSpec(piece, arg);
  }
  return out;
}

function javaClassName(arg: JavaArg): string {
  switch (arg.kind) {
    case 'long':
      return 'java.lang.Long';
    case 'double':
      return 'java.lang.Double';
    case 'string':
      return 'java.lang.String';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'object':
      return arg.className ?? 'java.lang.Object';
    default:
      return 'null';
  }
}

/** What Java's toString() prints for the argument. */
export function javaArgToString(arg: JavaArg): string {
  switch (arg.kind) {
    case 'long':
      return arg.value.toString();
    case 'double':
      return javaDoubleToString(arg.value);
    case 'string':
      return arg.value;
    case 'boolean':
      return String(arg.value);
    case 'object':
      return arg.text;
    default:
      return 'null';
  }
}

function printSpec(spec: Spec, arg: JavaArg | undefined): string {
  if (spec.dateTime) {
    if (arg === undefined || arg.kind === 'null') return printString(spec, 'null');
    if (arg.kind !== 'long') throw fail.conversion(spec.conversion, javaClassName(arg));
    throw new JavaError('java.lang.UnsupportedOperationException', `date/time conversion %${spec.conversion === spec.conversion.toUpperCase() ? 'T' : 't'}${spec.conversion} is not supported`);
  }
  switch (spec.conversion) {
    case 'n':
      return '\n';
    case '%':
      return printString(spec, '%');
    case 'b':
      return printString(spec, arg!.kind === 'null' ? 'false' : arg!.kind === 'boolean' ? String(arg!.value) : 'true');
    case 's':
      if (spec.flags & ALTERNATE) throw fail.mismatch(ALTERNATE, 's');
      return printString(spec, javaArgToString(arg!));
    case 'h':
      return printString(spec, arg!.kind === 'null' ? 'null' : (javaHashCode(arg!) >>> 0).toString(16));
    case 'c':
      if (arg!.kind === 'null') return printString(spec, 'null');
      throw fail.conversion('c', javaClassName(arg!));
    case 'd':
    case 'o':
    case 'x':
      if (arg!.kind === 'null') return printString(spec, 'null');
      if (arg!.kind !== 'long') throw fail.conversion(spec.conversion, javaClassName(arg!));
      return printLong(spec, arg!.value);
    default:
      if (arg!.kind === 'null') return printString(spec, 'null');
      if (arg!.kind !== 'double') throw fail.conversion(spec.conversion, javaClassName(arg!));
      return printDouble(spec, arg!.value);
  }
}

/** Object.hashCode() of the boxed Java value. */
function javaHashCode(arg: JavaArg): number {
  switch (arg.kind) {
    case 'string': {
      let h = 0;
      for (let i = 0; i < arg.value.length; i++) h = (Math.imul(31, h) + arg.value.charCodeAt(i)) | 0;
      return h;
    }
    case 'long':
      return Number(BigInt.asIntN(32, arg.value ^ (BigInt.asUintN(64, arg.value) >> 32n)));
    case 'double': {
      const bits = doubleToLongBits(arg.value);
      return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)));
    }
    case 'boolean':
      return arg.value ? 1231 : 1237;
    case 'object':
      if (arg.hashCode === undefined) {
        throw new JavaError('java.lang.UnsupportedOperationException', `%h of a ${arg.className ?? 'java.lang.Object'} is not supported`);
      }
      return arg.hashCode | 0;
    default:
      return 0;
  }
}

function doubleToLongBits(x: number): bigint {
  if (x !== x) return 0x7ff8000000000000n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

function justify(spec: Spec, s: string): string {
  if (spec.width === -1 || s.length >= spec.width) return s;
  const pad = ' '.repeat(spec.width - s.length);
  return spec.flags & LEFT_JUSTIFY ? s + pad : pad + s;
}

function printString(spec: Spec, s: string): string {
  if (spec.precision !== -1 && spec.precision < s.length) s = s.substring(0, spec.precision);
  if (spec.flags & UPPERCASE) s = s.toUpperCase();
  return justify(spec, s);
}

function leadingSign(flags: number, neg: boolean): string {
  if (!neg) return flags & PLUS ? '+' : flags & LEADING_SPACE ? ' ' : '';
  return flags & PARENTHESES ? '(' : '-';
}

function trailingSign(flags: number, neg: boolean): string {
  return neg && flags & PARENTHESES ? ')' : '';
}

function adjustWidth(width: number, flags: number, neg: boolean): number {
  return width !== -1 && neg && flags & PARENTHESES ? width - 1 : width;
}

/** Digits (from `offset`) with US grouping, then zero padding inserted after `prefix` up to `width`. */
function localizedMagnitude(prefix: string, value: string, offset: number, flags: number, width: number): string {
  const len = value.length;
  let dot = value.indexOf('.', offset);
  if (dot < 0) dot = len;
  let grouping = (flags & GROUP) !== 0;
  let digits = '';
  for (let j = offset; j < len; j++) {
    if (j === dot) {
      digits += '.';
      grouping = false;
      continue;
    }
    digits += value[j];
    if (grouping && j !== dot - 1 && (dot - j) % 3 === 1) digits += ',';
  }
  const total = prefix.length + digits.length;
  if (width > total && flags & ZERO_PAD) digits = '0'.repeat(width - total) + digits;
  return prefix + digits;
}

function printLong(spec: Spec, value: bigint): string {
  const f = spec.flags;
  let sb: string;
  if (spec.conversion === 'd') {
    const neg = value < 0n;
    const s = value.toString();
    sb = localizedMagnitude(leadingSign(f, neg), s, neg ? 1 : 0, f, adjustWidth(spec.width, f, neg)) + trailingSign(f, neg);
  } else {
    checkBadFlags(spec, PARENTHESES, LEADING_SPACE, PLUS);
    const hex = spec.conversion === 'x';
    let s = BigInt.asUintN(64, value).toString(hex ? 16 : 8);
    const radixPrefix = f & ALTERNATE ? (hex ? (f & UPPERCASE ? '0X' : '0x') : '0') : '';
    const zeros = f & ZERO_PAD ? '0'.repeat(Math.max(0, spec.width - s.length - radixPrefix.length)) : '';
    if (f & UPPERCASE) s = s.toUpperCase();
    sb = radixPrefix + zeros + s;
  }
  return justify(spec, sb);
}

function printDouble(spec: Spec, value: number): string {
  const f = spec.flags;
  let sb: string;
  if (value !== value) {
    sb = f & UPPERCASE ? 'NAN' : 'NaN';
  } else {
    const neg = value < 0 || Object.is(value, -0);
    const v = Math.abs(value);
    sb = leadingSign(f, neg);
    if (v === Infinity) sb += f & UPPERCASE ? 'INFINITY' : 'Infinity';
    else sb = printFinite(spec, sb, v, neg);
    sb += trailingSign(f, neg);
  }
  return justify(spec, sb);
}

/** Formatter.print(StringBuilder, double, ...) for %e %f %g %a of a finite |value|. */
function printFinite(spec: Spec, sb: string, value: number, neg: boolean): string {
  const f = spec.flags;
  const width = spec.width;
  const upper = (f & UPPERCASE) !== 0;
  switch (spec.conversion) {
    case 'e': {
      const prec = spec.precision === -1 ? 6 : spec.precision;
      const fd = formatted(value, prec, 'scientific');
      let mant = addZeros(fd.mantissa, prec);
      if (f & ALTERNATE && prec === 0) mant += '.';
      const exp = value === 0 ? '+00' : fd.exponent!;
      const newW = width === -1 ? -1 : adjustWidth(width - exp.length - 1, f, neg);
      return localizedMagnitude(sb, mant, 0, f, newW) + (upper ? 'E' : 'e') + exp;
    }
    case 'f': {
      const prec = spec.precision === -1 ? 6 : spec.precision;
      const fd = formatted(value, prec, 'decimal');
      let mant = addZeros(fd.mantissa, prec);
      if (f & ALTERNATE && prec === 0) mant += '.';
      return localizedMagnitude(sb, mant, 0, f, adjustWidth(width, f, neg));
    }
    case 'g': {
      let prec = spec.precision === -1 ? 6 : spec.precision === 0 ? 1 : spec.precision;
      let exp: string | null = null;
      let mant = '0';
      let expRounded = 0;
      if (value !== 0) {
        const fd = formatted(value, prec, 'general');
        exp = fd.exponent;
        mant = fd.mantissa;
        expRounded = fd.exponentRounded;
      }
      prec -= exp !== null ? 1 : expRounded + 1;
      mant = addZeros(mant, prec);
      if (f & ALTERNATE && prec === 0) mant += '.';
      let newW = width;
      if (width !== -1) newW = adjustWidth(exp !== null ? width - exp.length - 1 : width, f, neg);
      const body = localizedMagnitude(sb, mant, 0, f, newW);
      return exp !== null ? body + (upper ? 'E' : 'e') + exp : body;
    }
    default:
      return sb + printHexFloat(spec, value, neg);
  }
}

function printHexFloat(spec: Spec, value: number, neg: boolean): string {
  const f = spec.flags;
  const prec = spec.precision === -1 ? 0 : spec.precision === 0 ? 1 : spec.precision;
  const s = hexDouble(value, prec);
  const upper = (f & UPPERCASE) !== 0;
  let out = upper ? '0X' : '0x';
  if (f & ZERO_PAD) {
    const leading = f & (LEADING_SPACE | PLUS) || neg ? 3 : 2;
    out += '0'.repeat(Math.max(0, spec.width - s.length - leading));
  }
  const idx = s.indexOf('p');
  let va = upper ? s.slice(0, idx).toUpperCase() : s.slice(0, idx);
  if (prec !== 0) va = addZeros(va, prec);
  return out + va + (upper ? 'P' : 'p') + s.slice(idx + 1);
}

/** Pad the fraction of a mantissa with zeros to `prec` digits (adding the point if needed). */
function addZeros(mant: string, prec: number): string {
  const dot = mant.indexOf('.');
  const outPrec = dot < 0 ? 0 : mant.length - dot - 1;
  if (outPrec >= prec) return mant;
  return (dot < 0 ? mant + '.' : mant) + '0'.repeat(prec - outPrec);
}

// FormattedFloatingDecimal ------------------------------------------------------

interface Formatted {
  mantissa: string;
  exponent: string | null;
  /** Decimal exponent after rounding, minus one (getExponentRounded). */
  exponentRounded: number;
}

function formatted(value: number, precision: number, form: 'scientific' | 'decimal' | 'general'): Formatted {
  let digits: number[];
  let decExp: number;
  if (value === 0) {
    digits = [0];
    decExp = 0;
  } else {
    const d = dtoa(value, false);
    digits = Array.from(d.digits, (ch) => ch.charCodeAt(0) - 48);
    decExp = d.decExponent;
  }
  if (form === 'decimal') {
    const exp = applyPrecision(decExp, digits, decExp + precision);
    return { mantissa: fillDecimal(precision, digits, exp), exponent: null, exponentRounded: exp - 1 };
  }
  if (form === 'scientific') {
    const exp = applyPrecision(decExp, digits, precision + 1);
    return { ...fillScientific(precision, digits, exp), exponentRounded: exp - 1 };
  }
  const exp = applyPrecision(decExp, digits, precision);
  if (exp - 1 < -4 || exp - 1 >= precision) {
    return { ...fillScientific(precision - 1, digits, exp), exponentRounded: exp - 1 };
  }
  return { mantissa: fillDecimal(precision - exp, digits, exp), exponent: null, exponentRounded: exp - 1 };
}

/** Round the digit string HALF_UP to `prec` digits in place; returns the new decimal exponent. */
function applyPrecision(decExp: number, digits: number[], prec: number): number {
  const nDigits = digits.length;
  if (prec >= nDigits || prec < 0) return decExp;
  if (prec === 0) {
    if (digits[0] >= 5) {
      digits[0] = 1;
      digits.fill(0, 1);
      return decExp + 1;
    }
    digits.fill(0);
    return decExp;
  }
  if (digits[prec] >= 5) {
    let i = prec - 1;
    let q = digits[i];
    if (q === 9) {
      while (q === 9 && i > 0) q = digits[--i];
      if (q === 9) {
        digits[0] = 1;
        digits.fill(0, 1);
        return decExp + 1;
      }
    }
    digits[i] = q + 1;
    digits.fill(0, i + 1);
  } else {
    digits.fill(0, prec);
  }
  return decExp;
}

function fillDecimal(precision: number, digits: number[], exp: number): string {
  const nDigits = digits.length;
  const text = digits.join('');
  if (exp > 0) {
    if (nDigits < exp) return text + '0'.repeat(exp - nDigits);
    const t = Math.min(nDigits - exp, precision);
    return t > 0 ? `${text.slice(0, exp)}.${text.slice(exp, exp + t)}` : text.slice(0, exp);
  }
  const zeros = Math.max(0, Math.min(-exp, precision));
  const t = Math.max(0, Math.min(nDigits, precision + exp));
  if (zeros > 0) return `0.${'0'.repeat(zeros)}${text.slice(0, t)}`;
  if (t > 0) return `0.${text.slice(0, t)}`;
  return '0';
}

function fillScientific(precision: number, digits: number[], exp: number): { mantissa: string; exponent: string } {
  const t = Math.max(0, Math.min(digits.length - 1, precision));
  const mantissa = t > 0 ? `${digits[0]}.${digits.slice(1, 1 + t).join('')}` : String(digits[0]);
  const negative = exp <= 0;
  const e = negative ? -exp + 1 : exp - 1;
  return { mantissa, exponent: (negative ? '-' : '+') + (e <= 9 ? '0' + e : String(e)) };
}

// %a ---------------------------------------------------------------------------

/** Double.toHexString(x) for finite x >= 0. */
export function javaDoubleToHexString(x: number): string {
  const bits = doubleToLongBits(x);
  const sign = bits >> 63n ? '-' : '';
  const biased = Number((bits >> 52n) & 0x7ffn);
  const significand = bits & 0xfffffffffffffn;
  if (biased === 0 && significand === 0n) return `${sign}0x0.0p0`;
  const frac = significand.toString(16).padStart(13, '0').replace(/0+$/, '') || '0';
  if (biased === 0) return `${sign}0x0.${frac}p-1022`;
  return `${sign}0x1.${frac}p${biased - 1023}`;
}

/** Formatter.hexDouble: Double.toHexString without "0x", rounded half-even to `prec` hex digits. */
function hexDouble(d: number, prec: number): string {
  if (d === 0 || prec === 0 || prec >= 13) return javaDoubleToHexString(d).slice(2);
  let exponentBias = 0;
  const subnormal = d < 2 ** -1022;
  if (subnormal) {
    d *= 2 ** 54;
    exponentBias = -54;
  }
  const shiftDistance = 53 - (1 + prec * 4);
  const doppel = doubleToLongBits(d);
  let newSignif = (doppel & 0x7fffffffffffffffn) >> BigInt(shiftDistance);
  const roundingBits = doppel & ((1n << BigInt(shiftDistance)) - 1n);
  const leastZero = (newSignif & 1n) === 0n;
  const round = ((1n << BigInt(shiftDistance - 1)) & roundingBits) !== 0n;
  const sticky = shiftDistance > 1 && (~(1n << BigInt(shiftDistance - 1)) & roundingBits) !== 0n;
  if ((leastZero && round && sticky) || (!leastZero && round)) newSignif++;
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, newSignif << BigInt(shiftDistance)));
  const result = view.getFloat64(0);
  if (result === Infinity) return '1.0p1024';
  const res = javaDoubleToHexString(result).slice(2);
  if (!subnormal) return res;
  const idx = res.indexOf('p');
  return `${res.slice(0, idx)}p${Number(res.slice(idx + 1)) + exponentBias}`;
}

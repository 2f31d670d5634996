/**
 * Case-insensitive matching the Java way, expanded into explicit character
 * sets (JavaScript has no scoped `i` flag, and its `i` folds all of Unicode
 * while Java's CASE_INSENSITIVE folds only US-ASCII unless UNICODE_CASE).
 */
import { range, union, type ClassExpr } from './regex-classes.js';

const isAsciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const asciiToLower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 32 : c);
const asciiToUpper = (c: number): number => (c >= 0x61 && c <= 0x7a ? c - 32 : c);

/** Character.toUpperCase(int): the simple mapping, i.e. unchanged when the full mapping is not one code point. */
export function toUpperCp(c: number): number {
  const u = String.fromCodePoint(c).toUpperCase();
  const cp = u.codePointAt(0)!;
  return u.length === (cp > 0xffff ? 2 : 1) ? cp : c;
}

export function toLowerCp(c: number): number {
  const l = String.fromCodePoint(c).toLowerCase();
  const cp = l.codePointAt(0)!;
  return l.length === (cp > 0xffff ? 2 : 1) ? cp : c;
}

interface CaseTable {
  /** Code points whose upper or lower(upper) differ from themselves, with both mappings. */
  cased: Array<[cp: number, upper: number, fold: number]>;
  /** fold value -> code points folding to it. */
  byFold: Map<number, number[]>;
}
let caseTable: CaseTable | null = null;

/** Built once, on the first UNICODE_CASE pattern (a scan of all code points). */
function table(): CaseTable {
  if (caseTable) return caseTable;
  const cased: CaseTable['cased'] = [];
  const byFold = new Map<number, number[]>();
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c === 0xd800) c = 0xe000;
    const upper = toUpperCp(c);
    const fold = toLowerCp(upper);
    if (upper === c && fold === c) continue;
    cased.push([c, upper, fold]);
    const list = byFold.get(fold);
    if (list) list.push(c);
    else byFold.set(fold, [c]);
  }
  caseTable = { cased, byFold };
  return caseTable;
}

function setOf(cps: Iterable<number>): ClassExpr {
  const items = Array.from(new Set(cps)).sort((a, b) => a - b).map((c) => range(c));
  return items.length === 1 ? items[0] : union(...items);
}

/** Pattern.single(ch) under CASE_INSENSITIVE (SingleI for ASCII, SingleU with UNICODE_CASE). */
export function caseInsensitiveChar(ch: number, unicodeCase: boolean): ClassExpr {
  if (unicodeCase) {
    const upper = toUpperCp(ch);
    const lower = toLowerCp(upper);
    if (upper === lower) return range(ch);
    return setOf([lower, ...(table().byFold.get(lower) ?? [])]);
  }
  if (isAsciiLetter(ch)) return setOf([asciiToLower(ch), asciiToUpper(ch)]);
  return range(ch);
}

/** BitClass.add under CASE_INSENSITIVE: both ASCII cases, or Character's cases with UNICODE_CASE. */
export function caseInsensitiveBits(ch: number, unicodeCase: boolean): number[] {
  if (ch < 0x80) return [asciiToUpper(ch), asciiToLower(ch)];
  if (unicodeCase) return [ch, toLowerCp(ch), toUpperCp(ch)];
  return [ch];
}

/** Pattern.CIRange / CIRangeU: the range plus every char whose case mapping lands in it. */
export function caseInsensitiveRange(lo: number, hi: number, unicodeCase: boolean): ClassExpr {
  const extra: number[] = [];
  const inRange = (c: number): boolean => lo <= c && c <= hi;
  if (unicodeCase) {
    for (const [c, upper, fold] of table().cased) if (!inRange(c) && (inRange(upper) || inRange(fold))) extra.push(c);
  } else {
    for (let c = 0x41; c <= 0x7a; c++) {
      if (isAsciiLetter(c) && !inRange(c) && (inRange(asciiToUpper(c)) || inRange(asciiToLower(c)))) extra.push(c);
    }
  }
  return extra.length === 0 ? range(lo, hi) : union(range(lo, hi), setOf(extra));
}

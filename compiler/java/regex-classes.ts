/**
 * Character sets of Java regular expressions, as expressions over code
 * points that print as JavaScript `v`-mode classes (which have nesting,
 * `&&` intersection and complement, like Java's classes).
 */

export type ClassExpr =
  | { t: 'range'; lo: number; hi: number }
  | { t: 'prop'; js: string }
  | { t: 'union'; items: ClassExpr[] }
  | { t: 'and'; a: ClassExpr; b: ClassExpr }
  | { t: 'not'; x: ClassExpr }
  /** Java's BitClass: chars < 256 added while parsing; shared by reference, as in the JDK. */
  | { t: 'bits'; chars: Set<number> };

export const range = (lo: number, hi = lo): ClassExpr => ({ t: 'range', lo, hi });
export const prop = (js: string): ClassExpr => ({ t: 'prop', js });
export const union = (...items: ClassExpr[]): ClassExpr => ({ t: 'union', items });
export const and = (a: ClassExpr, b: ClassExpr): ClassExpr => ({ t: 'and', a, b });
export const not = (x: ClassExpr): ClassExpr => ({ t: 'not', x });

export const ALL = range(0, 0x10ffff);
export const ASCII_DIGIT = range(0x30, 0x39);
export const ASCII_WORD = union(range(0x30, 0x39), range(0x41, 0x5a), range(0x5f), range(0x61, 0x7a));
export const ASCII_SPACE = union(range(0x09, 0x0d), range(0x20));
/** Pattern.DOT: everything but the line terminators. */
export const DOT = not(union(range(0x0a), range(0x0d), range(0x85), range(0x2028, 0x2029)));
export const UNIX_DOT = not(range(0x0a));
export const HORIZ_WS = union(
  range(0x09),
  range(0x20),
  range(0xa0),
  range(0x1680),
  range(0x180e),
  range(0x2000, 0x200a),
  range(0x202f),
  range(0x205f),
  range(0x3000),
);
export const VERT_WS = union(range(0x0a, 0x0d), range(0x85), range(0x2028, 0x2029));

// Java's Character predicates, in terms of JavaScript's Unicode properties.
const ALPHABETIC = prop('\\p{Alphabetic}');
const DIGIT = prop('\\p{Nd}');
const LETTER = prop('\\p{L}');
const LOWERCASE = prop('\\p{Lowercase}');
const UPPERCASE = prop('\\p{Uppercase}');
const TITLECASE = prop('\\p{Lt}');
const CONTROL = prop('\\p{Cc}');
const WHITE_SPACE = union(prop('\\p{Zs}'), prop('\\p{Zl}'), prop('\\p{Zp}'), range(0x09, 0x0d), range(0x85));
const PUNCTUATION = prop('\\p{P}');
const HEX_DIGIT = union(DIGIT, range(0x30, 0x39), range(0x41, 0x46), range(0x61, 0x66), range(0xff10, 0xff19), range(0xff21, 0xff26), range(0xff41, 0xff46));
const JOIN_CONTROL = range(0x200c, 0x200d);
const BLANK = union(prop('\\p{Zs}'), range(0x09));
const GRAPH = not(union(prop('\\p{Zs}'), prop('\\p{Zl}'), prop('\\p{Zp}'), prop('\\p{Cc}'), prop('\\p{Cs}'), prop('\\p{Cn}')));
const PRINT = and(union(GRAPH, BLANK), not(CONTROL));
export const UNICODE_WORD = union(ALPHABETIC, prop('\\p{Mn}'), prop('\\p{Me}'), prop('\\p{Mc}'), DIGIT, prop('\\p{Pc}'), JOIN_CONTROL);
export const UNICODE_DIGIT = DIGIT;
export const UNICODE_SPACE = WHITE_SPACE;
const CASED_ANY = union(LOWERCASE, UPPERCASE, TITLECASE);
const IDENTIFIER_IGNORABLE = union(range(0, 8), range(0x0e, 0x1b), range(0x7f, 0x9f), prop('\\p{Cf}'));

const ASCII_ALPHA = union(range(0x41, 0x5a), range(0x61, 0x7a));
const ASCII_ALNUM = union(range(0x30, 0x39), ASCII_ALPHA);
const ASCII_PUNCT = union(range(0x21, 0x2f), range(0x3a, 0x40), range(0x5b, 0x60), range(0x7b, 0x7e));

/** CharPredicates.forPOSIXName / getPosixPredicate (upper-cased names, Unicode versions). */
export function posixUnicode(name: string, caseIns: boolean): ClassExpr | null {
  switch (name) {
    case 'ALPHA':
      return ALPHABETIC;
    case 'LOWER':
      return caseIns ? CASED_ANY : LOWERCASE;
    case 'UPPER':
      return caseIns ? CASED_ANY : UPPERCASE;
    case 'SPACE':
      return WHITE_SPACE;
    case 'PUNCT':
      return PUNCTUATION;
    case 'XDIGIT':
      return HEX_DIGIT;
    case 'ALNUM':
      return union(ALPHABETIC, DIGIT);
    case 'CNTRL':
      return CONTROL;
    case 'DIGIT':
      return DIGIT;
    case 'BLANK':
      return BLANK;
    case 'GRAPH':
      return GRAPH;
    case 'PRINT':
      return PRINT;
    default:
      return null;
  }
}

/** CharPredicates.forUnicodeProperty: `\p{IsXxx}` binary properties (case-insensitive names). */
export function unicodeProperty(name: string, caseIns: boolean): ClassExpr | null {
  const upper = name.toUpperCase();
  switch (upper) {
    case 'ALPHABETIC':
      return ALPHABETIC;
    case 'ASSIGNED':
      return prop('\\P{Cn}');
    case 'CONTROL':
      return CONTROL;
    case 'HEXDIGIT':
    case 'HEX_DIGIT':
      return HEX_DIGIT;
    case 'IDEOGRAPHIC':
      return prop('\\p{Ideographic}');
    case 'JOINCONTROL':
    case 'JOIN_CONTROL':
      return JOIN_CONTROL;
    case 'LETTER':
      return LETTER;
    case 'LOWERCASE':
      return caseIns ? CASED_ANY : LOWERCASE;
    case 'NONCHARACTERCODEPOINT':
    case 'NONCHARACTER_CODE_POINT':
      return prop('\\p{Noncharacter_Code_Point}');
    case 'TITLECASE':
      return caseIns ? CASED_ANY : TITLECASE;
    case 'PUNCTUATION':
      return PUNCTUATION;
    case 'UPPERCASE':
      return caseIns ? CASED_ANY : UPPERCASE;
    case 'WHITESPACE':
    case 'WHITE_SPACE':
      return WHITE_SPACE;
    case 'WORD':
      return UNICODE_WORD;
    default:
      return posixUnicode(upper, caseIns);
  }
}

const CATEGORIES = new Set('Cn Lu Ll Lt Lm Lo Mn Me Mc Nd Nl No Zs Zl Zp Cc Cf Co Cs Pd Ps Pe Pc Po Sm Sc Sk So Pi Pf L M N Z C P S LC'.split(' '));

/** CharPredicates.forProperty: categories, POSIX (ASCII) classes and java.lang.Character methods. */
export function javaProperty(name: string, caseIns: boolean): ClassExpr | null {
  if (CATEGORIES.has(name)) {
    if (caseIns && (name === 'Lu' || name === 'Ll' || name === 'Lt')) return prop('\\p{LC}');
    return prop(`\\p{${name}}`);
  }
  switch (name) {
    case 'LD':
      return union(LETTER, DIGIT);
    case 'L1':
      return range(0, 0xff);
    case 'all':
      return ALL;
    case 'ASCII':
      return range(0, 0x7f);
    case 'Alnum':
      return ASCII_ALNUM;
    case 'Alpha':
      return ASCII_ALPHA;
    case 'Blank':
      return union(range(0x09), range(0x20));
    case 'Cntrl':
      return union(range(0, 0x1f), range(0x7f));
    case 'Digit':
      return ASCII_DIGIT;
    case 'Graph':
      return range(0x21, 0x7e);
    case 'Lower':
      return caseIns ? ASCII_ALPHA : range(0x61, 0x7a);
    case 'Print':
      return range(0x20, 0x7e);
    case 'Punct':
      return ASCII_PUNCT;
    case 'Space':
      return ASCII_SPACE;
    case 'Upper':
      return caseIns ? ASCII_ALPHA : range(0x41, 0x5a);
    case 'XDigit':
      return union(range(0x30, 0x39), range(0x41, 0x46), range(0x61, 0x66));
    case 'javaLowerCase':
      return caseIns ? CASED_ANY : LOWERCASE;
    case 'javaUpperCase':
      return caseIns ? CASED_ANY : UPPERCASE;
    case 'javaAlphabetic':
      return ALPHABETIC;
    case 'javaIdeographic':
      return prop('\\p{Ideographic}');
    case 'javaTitleCase':
      return caseIns ? CASED_ANY : TITLECASE;
    case 'javaDigit':
      return DIGIT;
    case 'javaDefined':
      return prop('\\P{Cn}');
    case 'javaLetter':
      return LETTER;
    case 'javaLetterOrDigit':
      return union(LETTER, DIGIT);
    case 'javaJavaIdentifierStart':
      return union(LETTER, prop('\\p{Nl}'), prop('\\p{Sc}'), prop('\\p{Pc}'));
    case 'javaJavaIdentifierPart':
      return union(LETTER, prop('\\p{Nl}'), prop('\\p{Sc}'), prop('\\p{Pc}'), DIGIT, prop('\\p{Mc}'), prop('\\p{Mn}'), IDENTIFIER_IGNORABLE);
    case 'javaUnicodeIdentifierStart':
      return union(prop('\\p{ID_Start}'), prop('\\p{Other_ID_Start}'));
    case 'javaUnicodeIdentifierPart':
      return union(prop('\\p{ID_Continue}'), IDENTIFIER_IGNORABLE);
    case 'javaIdentifierIgnorable':
      return IDENTIFIER_IGNORABLE;
    case 'javaSpaceChar':
      return prop('\\p{Z}');
    case 'javaWhitespace':
      return union(and(prop('\\p{Z}'), not(union(range(0xa0), range(0x2007), range(0x202f)))), range(0x09, 0x0d), range(0x1c, 0x1f));
    case 'javaISOControl':
      return union(range(0, 0x1f), range(0x7f, 0x9f));
    case 'javaMirrored':
      return prop('\\p{Bidi_Mirrored}');
    default:
      return null;
  }
}

const SCRIPT_SPECIAL: Record<string, string> = { SIGNWRITING: 'SignWriting' };

/** Character.UnicodeScript.forName (case-insensitive full name or ISO 15924 alias) as `\p{Script=...}`. */
export function unicodeScript(name: string): ClassExpr | null {
  const upper = name.toUpperCase();
  const title = upper
    .split('_')
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join('_');
  for (const candidate of [SCRIPT_SPECIAL[upper], title]) {
    if (candidate === undefined || !/^[A-Za-z_]+$/.test(candidate)) continue;
    try {
      new RegExp(`\\p{Script=${candidate}}`, 'v');
      return prop(`\\p{Script=${candidate}}`);
    } catch {
      // not a script name JavaScript knows
    }
  }
  return null;
}

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;

/** A code point as a pattern character: ASCII letters and digits as themselves, the rest escaped. */
export function escapeCodePoint(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
    return String.fromCharCode(cp);
  }
  return hex(cp);
}

/** Sorted, merged ranges of a set of code points. */
function bitsRanges(chars: Set<number>): ClassExpr[] {
  const sorted = Array.from(chars).sort((a, b) => a - b);
  const out: ClassExpr[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(range(sorted[i], sorted[j]));
    i = j + 1;
  }
  return out;
}

/** The single code point a class denotes, if it is one. */
export function singleCodePoint(e: ClassExpr): number | null {
  if (e.t === 'range' && e.lo === e.hi) return e.lo;
  if (e.t === 'union' && e.items.length === 1) return singleCodePoint(e.items[0]);
  if (e.t === 'bits' && e.chars.size === 1) return e.chars.values().next().value as number;
  return null;
}

/** Print as a JavaScript `v`-mode class (or a bare character when it is a single one). */
export function emitClass(e: ClassExpr): string {
  const single = singleCodePoint(e);
  if (single !== null) return escapeCodePoint(single);
  if (e.t === 'prop') return e.js;
  return nested(e);
}

function nested(e: ClassExpr): string {
  switch (e.t) {
    case 'not':
      return `[^${members(e.x)}]`;
    case 'and':
      return `[${nested(e.a)}&&${nested(e.b)}]`;
    default:
      return `[${members(e)}]`;
  }
}

/** The contents of a class union. */
function members(e: ClassExpr): string {
  switch (e.t) {
    case 'range':
      return e.lo === e.hi ? hex(e.lo) : `${hex(e.lo)}-${hex(e.hi)}`;
    case 'prop':
      return e.js;
    case 'union':
      return e.items.map(members).join('');
    case 'bits':
      return bitsRanges(e.chars).map(members).join('');
    default:
      return nested(e);
  }
}

/**
 * Java regular expressions (java.util.regex.Pattern, OpenJDK 17) translated
 * to JavaScript RegExps, plus Matcher.find / replaceAll and String.split
 * with Java's semantics.
 *
 * The parser is a port of Pattern's recursive descent (same cursor
 * handling, so syntax errors carry Java's message and index); it builds a
 * small tree that is printed as a JavaScript pattern with the `v` flag:
 * Java's class algebra maps onto `v`-mode nested classes, `&&` and `[^...]`.
 * Java-only constructs are emulated: possessive quantifiers and atomic
 * groups as `(?=(X))\N`, inline flags by expanding case-insensitive
 * characters into classes, `$`, `^`, `.`, `\b`, `\Z`, `\R` by the
 * lookarounds that implement Java's line-terminator rules.
 *
 * Known differences (documented in compiler/java/README.md): a back
 * reference to a group that did not participate matches the empty string
 * (Java fails), captures inside a repeated group are reset at each
 * iteration (Java keeps the last value), case-insensitive back references
 * compare exactly, and Unicode tables are those of Node's ICU rather than
 * Java 17's.
 */
import {
  ALL,
  ASCII_DIGIT,
  ASCII_SPACE,
  ASCII_WORD,
  DOT,
  HORIZ_WS,
  UNICODE_DIGIT,
  UNICODE_SPACE,
  UNICODE_WORD,
  UNIX_DOT,
  VERT_WS,
  and,
  emitClass,
  javaProperty,
  not,
  posixUnicode,
  range,
  union,
  unicodeProperty,
  unicodeScript,
  type ClassExpr,
} from './regex-classes.js';
import { caseInsensitiveBits, caseInsensitiveChar, caseInsensitiveRange } from './regex-case.js';
import { unicodeBlock } from './regex-blocks.js';
import { JavaError, JavaIllegalArgumentError, JavaRegexError } from './errors.js';

// Pattern flag bits (java.util.regex.Pattern).
const UNIX_LINES = 0x01;
const CASE_INSENSITIVE = 0x02;
const COMMENTS = 0x04;
const MULTILINE = 0x08;
const LITERAL = 0x10;
const DOTALL = 0x20;
const UNICODE_CASE = 0x40;
const CANON_EQ = 0x80;
const UNICODE_CHARACTER_CLASS = 0x100;

const FLAG_LETTERS: Record<string, number> = {
  d: UNIX_LINES,
  i: CASE_INSENSITIVE,
  x: COMMENTS,
  m: MULTILINE,
  s: DOTALL,
  u: UNICODE_CASE,
  c: CANON_EQ,
  U: UNICODE_CHARACTER_CLASS | UNICODE_CASE,
  L: LITERAL,
};

type Quantifier = 'greedy' | 'lazy' | 'possessive';

type Node =
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'set'; cls: ClassExpr }
  /** A zero- or fixed-width construct printed as is. */
  | { t: 'raw'; js: string; min: number; max: number }
  | { t: 'group'; kind: 'capture' | 'plain' | 'ahead' | 'notahead' | 'behind' | 'notbehind' | 'atomic'; body: Node; javaIndex?: number; jsIndex?: number }
  | { t: 'quant'; body: Node; min: number; max: number; type: Quantifier; braces: boolean; jsIndex?: number }
  | { t: 'backref'; javaIndex: number }
  | { t: 'lastMatch' };

const MAX_REPS = 0x7fffffff;

const isAsciiDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAsciiAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAsciiHex = (c: number): boolean => isAsciiDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const hexValue = (c: number): number => (isAsciiDigit(c) ? c - 0x30 : (c | 0x20) - 0x57);
const isAsciiSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const cp = (s: string): number => s.charCodeAt(0);

// JavaScript renderings of Java's anchors (no `m` flag is used: `^`/`$` are input boundaries).
const ANCHOR = {
  begin: '^',
  end: '$',
  // Dollar(false): end, or before a final line terminator (\r\n counts as one).
  dollar: `(?=(?:\\r\\n|(?<!\\r)\\n|[\\r\\u{85}\\u{2028}\\u{2029}])?$)`,
  dollarMultiline: `(?=$|(?<!\\r)\\n|[\\r\\u{85}\\u{2028}\\u{2029}])`,
  unixDollar: '(?=\\n?$)',
  unixDollarMultiline: '(?=\\n|$)',
  // Caret: never at the very end; after a terminator, but not between \r and \n.
  caret: `(?!$)(?:^|(?<=[\\n\\u{85}\\u{2028}\\u{2029}])|(?<=\\r)(?!\\n))`,
  unixCaret: '(?!$)(?:^|(?<=\\n))',
  lineEnding: `(?:\\r\\n|[\\n\\u{b}\\u{c}\\r\\u{85}\\u{2028}\\u{2029}])`,
};

/** Word boundary bodies: Java 17's \b uses Character.isLetterOrDigit plus non-spacing marks on a base. */
function boundary(negated: boolean, unicodeClass: boolean): string {
  let behind: string;
  let ahead: string;
  if (unicodeClass) {
    behind = ahead = emitClass(UNICODE_WORD);
  } else {
    behind = '[\\p{L}\\p{Nd}_]|[\\p{L}\\p{Nd}]\\p{Mn}+';
    ahead = '[\\p{L}\\p{Nd}_]|\\p{Mn}(?<=[\\p{L}\\p{Nd}]\\p{Mn}+)';
  }
  return negated
    ? `(?:(?<=${behind})(?=${ahead})|(?<!${behind})(?!${ahead}))`
    : `(?:(?<=${behind})(?!${ahead})|(?<!${behind})(?=${ahead}))`;
}

class Parser {
  private temp: number[];
  private cursor = 0;
  private patternLength: number;
  private flags0: number;
  capturingGroupCount = 1;
  readonly namedGroups = new Map<string, number>();
  usesLastMatch = false;
  /** Set by escape() for escapes that are not characters (Java's `root` / `predicate`). */
  private escNode: Node | null = null;
  private escClass: ClassExpr | null = null;

  constructor(
    private readonly pattern: string,
    flags: number,
  ) {
    this.flags0 = flags;
    this.temp = Array.from(pattern, (ch) => ch.codePointAt(0)!);
    this.patternLength = this.temp.length;
  }

  compile(): Node {
    if (this.has(CANON_EQ)) throw new JavaRegexError('CANON_EQ (canonical equivalence) is not supported', this.pattern, -1);
    if (this.has(LITERAL)) {
      return this.literal(this.temp.slice());
    }
    this.removeQEQuoting();
    this.temp.push(0, 0);
    const root = this.expr();
    if (this.patternLength !== this.cursor) {
      if (this.peek() === cp(')')) throw this.error("Unmatched closing ')'");
      throw this.error('Unexpected internal error');
    }
    return root;
  }

  private has(f: number): boolean {
    return (this.flags0 & f) !== 0;
  }

  private error(s: string): JavaRegexError {
    return new JavaRegexError(s, this.pattern, this.cursor - 1);
  }

  /** Pattern.RemoveQEQuoting: rewrite \Q...\E into escaped characters before parsing. */
  private removeQEQuoting(): void {
    const temp = this.temp;
    const pLen = this.patternLength;
    let i = 0;
    while (i < pLen - 1) {
      if (temp[i] !== cp('\\')) i += 1;
      else if (temp[i + 1] !== cp('Q')) i += 2;
      else break;
    }
    if (i >= pLen - 1) return;
    const out = temp.slice(0, i);
    i += 2;
    let inQuote = true;
    let beginQuote = true;
    while (i < pLen) {
      const c = temp[i++];
      if (c >= 0x80 || isAsciiAlpha(c)) {
        out.push(c);
      } else if (isAsciiDigit(c)) {
        // A digit right after \Q would otherwise continue a preceding back reference.
        if (beginQuote) out.push(cp('\\'), cp('x'), cp('3'));
        out.push(c);
      } else if (c !== cp('\\')) {
        if (inQuote) out.push(cp('\\'));
        out.push(c);
      } else if (inQuote) {
        if (temp[i] === cp('E')) {
          i++;
          inQuote = false;
        } else {
          out.push(cp('\\'), cp('\\'));
        }
      } else if (temp[i] === cp('Q')) {
        i++;
        inQuote = true;
        beginQuote = true;
        continue;
      } else {
        out.push(c);
        if (i !== pLen) out.push(temp[i++]);
      }
      beginQuote = false;
    }
    this.patternLength = out.length;
    this.temp = out;
  }

  // Cursor primitives, as in Pattern (COMMENTS mode skips blanks and #-comments).
  private at(i: number): number {
    return this.temp[i] ?? 0;
  }
  private peek(): number {
    let ch = this.at(this.cursor);
    if (this.has(COMMENTS)) ch = this.peekPastWhitespace(ch);
    return ch;
  }
  private read(): number {
    let ch = this.at(this.cursor++);
    if (this.has(COMMENTS)) ch = this.parsePastWhitespace(ch);
    return ch;
  }
  private next(): number {
    let ch = this.at(++this.cursor);
    if (this.has(COMMENTS)) ch = this.peekPastWhitespace(ch);
    return ch;
  }
  private nextEscaped(): number {
    return this.at(++this.cursor);
  }
  private skip(): number {
    const i = this.cursor;
    const ch = this.at(i + 1);
    this.cursor = i + 2;
    return ch;
  }
  private unread(): void {
    this.cursor--;
  }
  private accept(ch: number, s: string): void {
    let testChar = this.at(this.cursor++);
    if (this.has(COMMENTS)) testChar = this.parsePastWhitespace(testChar);
    if (ch !== testChar) throw this.error(s);
  }
  private peekPastWhitespace(ch: number): number {
    while (isAsciiSpace(ch) || ch === cp('#')) {
      while (isAsciiSpace(ch)) ch = this.at(++this.cursor);
      if (ch === cp('#')) ch = this.peekPastLine();
    }
    return ch;
  }
  private parsePastWhitespace(ch: number): number {
    while (isAsciiSpace(ch) || ch === cp('#')) {
      while (isAsciiSpace(ch)) ch = this.at(this.cursor++);
      if (ch === cp('#')) ch = this.parsePastLine();
    }
    return ch;
  }
  private parsePastLine(): number {
    let ch = this.at(this.cursor++);
    while (ch !== 0 && !this.isLineSeparator(ch)) ch = this.at(this.cursor++);
    if (ch === 0 && this.cursor > this.patternLength) {
      this.cursor = this.patternLength;
      ch = this.at(this.cursor++);
    }
    return ch;
  }
  private peekPastLine(): number {
    let ch = this.at(++this.cursor);
    while (ch !== 0 && !this.isLineSeparator(ch)) ch = this.at(++this.cursor);
    if (ch === 0 && this.cursor > this.patternLength) {
      this.cursor = this.patternLength;
      ch = this.at(this.cursor);
    }
    return ch;
  }
  private isLineSeparator(ch: number): boolean {
    if (this.has(UNIX_LINES)) return ch === 0x0a;
    return ch === 0x0a || ch === 0x0d || (ch | 1) === 0x2029 || ch === 0x85;
  }

  private expr(): Node {
    const branches: Node[] = [];
    for (;;) {
      branches.push(this.sequence());
      if (this.peek() !== cp('|')) break;
      this.next();
    }
    return branches.length === 1 ? branches[0] : { t: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (;;) {
      const ch = this.peek();
      let node: Node;
      switch (ch) {
        case cp('('): {
          const group = this.group0();
          if (group !== null) items.push(group);
          continue;
        }
        case cp('['):
          node = { t: 'set', cls: this.clazz(true) };
          break;
        case cp('\\'): {
          const e = this.nextEscaped();
          if (e === cp('p') || e === cp('P')) {
            node = { t: 'set', cls: this.familyAfterP(e) };
          } else {
            this.unread();
            node = this.atom();
          }
          break;
        }
        case cp('^'):
          this.next();
          node = this.has(MULTILINE) ? this.anchor(this.has(UNIX_LINES) ? ANCHOR.unixCaret : ANCHOR.caret) : this.anchor(ANCHOR.begin);
          break;
        case cp('$'):
          this.next();
          node = this.dollar(this.has(MULTILINE));
          break;
        case cp('.'):
          this.next();
          node = { t: 'set', cls: this.has(DOTALL) ? ALL : this.has(UNIX_LINES) ? UNIX_DOT : DOT };
          break;
        case cp('|'):
        case cp(')'):
          return seqOf(items);
        case cp(']'):
        case cp('}'):
          node = this.atom();
          break;
        case cp('?'):
        case cp('*'):
        case cp('+'):
          this.next();
          throw this.error(`Dangling meta character '${String.fromCharCode(ch)}'`);
        case 0:
          if (this.cursor >= this.patternLength) return seqOf(items);
          node = this.atom();
          break;
        default:
          node = this.atom();
          break;
      }
      items.push(this.closure(node));
    }
  }

  private anchor(js: string): Node {
    return { t: 'raw', js, min: 0, max: 0 };
  }

  private dollar(multiline: boolean): Node {
    if (this.has(UNIX_LINES)) return this.anchor(multiline ? ANCHOR.unixDollarMultiline : ANCHOR.unixDollar);
    return this.anchor(multiline ? ANCHOR.dollarMultiline : ANCHOR.dollar);
  }

  /** After `\p` / `\P` (cursor on the letter): optional `{`, then the family. */
  private familyAfterP(letter: number): ClassExpr {
    const comp = letter === cp('P');
    let oneLetter = true;
    const ch = this.next();
    if (ch !== cp('{')) this.unread();
    else oneLetter = false;
    return this.family(oneLetter, comp);
  }

  /** A run of literal characters (Java's Slice), or one non-character escape. */
  private atom(): Node {
    const chars: number[] = [];
    let prev = -1;
    let ch = this.peek();
    for (;;) {
      switch (ch) {
        case cp('*'):
        case cp('+'):
        case cp('?'):
        case cp('{'):
          // The quantifier binds to the last character only.
          if (chars.length > 1) {
            this.cursor = prev;
            chars.pop();
          }
          break;
        case cp('$'):
        case cp('.'):
        case cp('^'):
        case cp('('):
        case cp('['):
        case cp('|'):
        case cp(')'):
          break;
        case cp('\\'): {
          ch = this.nextEscaped();
          if (ch === cp('p') || ch === cp('P')) {
            if (chars.length > 0) {
              this.unread();
              break;
            }
            return { t: 'set', cls: this.familyAfterP(ch) };
          }
          this.unread();
          prev = this.cursor;
          ch = this.escape(false, chars.length === 0, false);
          if (ch >= 0) {
            chars.push(ch);
            ch = this.peek();
            continue;
          }
          if (chars.length === 0) return this.escNode!;
          this.cursor = prev;
          break;
        }
        default:
          // 0 is the end marker, unless it is a NUL character inside the pattern.
          if (ch === 0 && this.cursor >= this.patternLength) break;
          prev = this.cursor;
          chars.push(ch);
          ch = this.next();
          continue;
      }
      break;
    }
    return this.literal(chars);
  }

  private literal(chars: number[]): Node {
    const items = chars.map((c): Node => ({ t: 'set', cls: this.single(c) }));
    return items.length === 1 ? items[0] : { t: 'seq', items };
  }

  /** Pattern.single: one character, case-folded as the flags say. */
  private single(ch: number): ClassExpr {
    if (this.has(CASE_INSENSITIVE)) return caseInsensitiveChar(ch, this.has(UNICODE_CASE));
    return range(ch);
  }

  private ref(refNum: number): Node {
    for (;;) {
      const ch = this.peek();
      if (!isAsciiDigit(ch)) break;
      const newRefNum = refNum * 10 + (ch - 0x30);
      if (this.capturingGroupCount - 1 < newRefNum) break;
      refNum = newRefNum;
      this.read();
    }
    return { t: 'backref', javaIndex: refNum };
  }

  private setPredicate(cls: ClassExpr, inclass: boolean): number {
    this.escClass = cls;
    if (!inclass) this.escNode = { t: 'set', cls };
    return -1;
  }

  /**
   * Pattern.escape: returns the character, or -1 after setting escNode /
   * escClass for classes, anchors and back references.
   */
  private escape(inclass: boolean, create: boolean, isrange: boolean): number {
    const ch = this.skip();
    const unicodeClass = this.has(UNICODE_CHARACTER_CLASS);
    const node = (n: Node): number => {
      if (create) this.escNode = n;
      return -1;
    };
    switch (String.fromCodePoint(ch)) {
      case '0':
        return this.octal();
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        if (inclass) break;
        if (create) this.escNode = this.ref(ch - 0x30);
        return -1;
      case 'A':
        if (inclass) break;
        return node(this.anchor(ANCHOR.begin));
      case 'B':
        if (inclass) break;
        return node(this.anchor(boundary(true, unicodeClass)));
      case 'D':
        return create ? this.setPredicate(not(unicodeClass ? UNICODE_DIGIT : ASCII_DIGIT), inclass) : -1;
      case 'G':
        if (inclass) break;
        if (create) {
          this.usesLastMatch = true;
          this.escNode = { t: 'lastMatch' };
        }
        return -1;
      case 'H':
        return create ? this.setPredicate(not(HORIZ_WS), inclass) : -1;
      case 'N':
        return this.characterName();
      case 'R':
        if (inclass) break;
        return node({ t: 'raw', js: ANCHOR.lineEnding, min: 1, max: 2 });
      case 'S':
        return create ? this.setPredicate(not(unicodeClass ? UNICODE_SPACE : ASCII_SPACE), inclass) : -1;
      case 'V':
        return create ? this.setPredicate(not(VERT_WS), inclass) : -1;
      case 'W':
        return create ? this.setPredicate(not(unicodeClass ? UNICODE_WORD : ASCII_WORD), inclass) : -1;
      case 'X':
        if (inclass) break;
        // Extended grapheme cluster, approximated as a base with its combining marks.
        return node({ t: 'raw', js: '(?:\\r\\n|\\P{M}\\p{M}*|\\p{M}+)', min: 1, max: Infinity });
      case 'Z':
        if (inclass) break;
        return node(this.anchor(this.has(UNIX_LINES) ? ANCHOR.unixDollar : ANCHOR.dollar));
      case 'a':
        return 0x07;
      case 'b':
        if (inclass) break;
        if (create) {
          if (this.peek() === cp('{')) {
            if (this.skip() === cp('g')) {
              if (this.read() === cp('}')) throw this.error('\\b{g} grapheme boundaries are not supported');
              break;
            }
            this.unread();
            this.unread();
          }
          this.escNode = this.anchor(boundary(false, unicodeClass));
        }
        return -1;
      case 'c':
        return this.control();
      case 'd':
        return create ? this.setPredicate(unicodeClass ? UNICODE_DIGIT : ASCII_DIGIT, inclass) : -1;
      case 'e':
        return 0x1b;
      case 'f':
        return 0x0c;
      case 'h':
        return create ? this.setPredicate(HORIZ_WS, inclass) : -1;
      case 'k': {
        if (inclass) break;
        if (this.read() !== cp('<')) throw this.error("\\k is not followed by '<' for named capturing group");
        const name = this.groupname(this.read());
        const index = this.namedGroups.get(name);
        if (index === undefined) throw this.error(`named capturing group <${name}> does not exist`);
        return node({ t: 'backref', javaIndex: index });
      }
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 's':
        return create ? this.setPredicate(unicodeClass ? UNICODE_SPACE : ASCII_SPACE, inclass) : -1;
      case 't':
        return 0x09;
      case 'u':
        return this.unicodeEscape();
      case 'v':
        if (isrange) return 0x0b;
        return create ? this.setPredicate(VERT_WS, inclass) : -1;
      case 'w':
        return create ? this.setPredicate(unicodeClass ? UNICODE_WORD : ASCII_WORD, inclass) : -1;
      case 'x':
        return this.hexEscape();
      case 'z':
        if (inclass) break;
        return node(this.anchor(ANCHOR.end));
      default:
        if (isAsciiAlpha(ch)) break;
        return ch;
    }
    throw this.error('Illegal/unsupported escape sequence');
  }

  private octal(): number {
    const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;
    const n = this.read();
    if (isOctal(n)) {
      const m = this.read();
      if (isOctal(m)) {
        const o = this.read();
        if (isOctal(o) && n <= 0x33) return (n - 0x30) * 64 + (m - 0x30) * 8 + (o - 0x30);
        this.unread();
        return (n - 0x30) * 8 + (m - 0x30);
      }
      this.unread();
      return n - 0x30;
    }
    throw this.error('Illegal octal escape sequence');
  }

  private hexEscape(): number {
    let n = this.read();
    if (isAsciiHex(n)) {
      const m = this.read();
      if (isAsciiHex(m)) return hexValue(n) * 16 + hexValue(m);
    } else if (n === cp('{') && isAsciiHex(this.peek())) {
      let ch = 0;
      while (isAsciiHex((n = this.read()))) {
        ch = ch * 16 + hexValue(n);
        if (ch > 0x10ffff) throw this.error('Hexadecimal codepoint is too big');
      }
      if (n !== cp('}')) throw this.error('Unclosed hexadecimal escape sequence');
      return ch;
    }
    throw this.error('Illegal hexadecimal escape sequence');
  }

  private uxxxx(): number {
    let n = 0;
    for (let i = 0; i < 4; i++) {
      const ch = this.read();
      if (!isAsciiHex(ch)) throw this.error('Illegal Unicode escape sequence');
      n = n * 16 + hexValue(ch);
    }
    return n;
  }

  private unicodeEscape(): number {
    const n = this.uxxxx();
    if (n >= 0xd800 && n <= 0xdbff) {
      const cur = this.cursor;
      if (this.read() === cp('\\') && this.read() === cp('u')) {
        const n2 = this.uxxxx();
        if (n2 >= 0xdc00 && n2 <= 0xdfff) return (n - 0xd800) * 0x400 + (n2 - 0xdc00) + 0x10000;
      }
      this.cursor = cur;
    }
    return n;
  }

  private control(): number {
    if (this.cursor < this.patternLength) return this.read() ^ 64;
    throw this.error('Illegal control escape sequence');
  }

  private characterName(): number {
    if (this.read() === cp('{')) {
      const i = this.cursor;
      while (this.read() !== cp('}')) {
        if (this.cursor >= this.patternLength) throw this.error('Unclosed character name escape sequence');
      }
      const name = String.fromCodePoint(...this.temp.slice(i, this.cursor - 1));
      throw this.error(`Unsupported character name escape \\N{${name}}`);
    }
    throw this.error('Illegal character name escape sequence');
  }

  /** Pattern.clazz: a bracket expression with union, nesting, && intersection and ^ negation. */
  private clazz(consume: boolean): ClassExpr {
    let prev: ClassExpr | null = null;
    let curr: ClassExpr | null = null;
    const bits: ClassExpr = { t: 'bits', chars: new Set<number>() };
    let isNeg = false;
    let hasBits = false;
    let ch = this.next();
    if (ch === cp('^') && this.temp[this.cursor - 1] === cp('[')) {
      ch = this.next();
      isNeg = true;
    }
    for (;;) {
      switch (ch) {
        case cp('['):
          curr = this.clazz(true);
          prev = prev === null ? curr : union(prev, curr);
          ch = this.peek();
          continue;
        case cp('&'):
          ch = this.next();
          if (ch === cp('&')) {
            ch = this.next();
            let right: ClassExpr | null = null;
            while (ch !== cp(']') && ch !== cp('&')) {
              if (ch === cp('[')) {
                right = right === null ? this.clazz(true) : union(right, this.clazz(true));
              } else {
                this.unread();
                right = right === null ? this.clazz(false) : union(right, this.clazz(false));
              }
              ch = this.peek();
            }
            if (hasBits) {
              if (prev === null) prev = curr = bits;
              else prev = union(prev, bits);
              hasBits = false;
            }
            if (right !== null) curr = right;
            if (prev === null) {
              if (right === null) throw this.error('Bad class syntax');
              prev = right;
            } else {
              prev = and(prev, curr!);
            }
            continue;
          }
          this.unread();
          break;
        case 0:
          if (this.cursor >= this.patternLength) throw this.error('Unclosed character class');
          break;
        case cp(']'):
          if (prev !== null || hasBits) {
            if (consume) this.next();
            if (prev === null) prev = bits;
            else if (hasBits) prev = union(prev, bits);
            return isNeg ? not(prev) : prev;
          }
          break;
        default:
          break;
      }
      curr = this.range(bits);
      if (curr === null) {
        hasBits = true;
      } else if (prev === null) {
        prev = curr;
      } else if (prev !== curr) {
        prev = union(prev, curr);
      }
      ch = this.peek();
    }
  }

  /** Pattern.range: one class member (char, range, escape or property); chars < 256 go to `bits`. */
  private range(bits: ClassExpr & { t: 'bits' }): ClassExpr | null {
    let ch = this.peek();
    if (ch === cp('\\')) {
      ch = this.nextEscaped();
      if (ch === cp('p') || ch === cp('P')) return this.familyAfterP(ch);
      const isrange = this.temp[this.cursor + 1] === cp('-');
      this.unread();
      ch = this.escape(true, true, isrange);
      if (ch === -1) return this.escClass;
    } else {
      this.next();
    }
    if (ch >= 0) {
      if (this.peek() === cp('-')) {
        const endRange = this.temp[this.cursor + 1];
        if (endRange === cp('[')) return this.bitsOrSingle(bits, ch);
        if (endRange !== cp(']')) {
          this.next();
          let m = this.peek();
          if (m === cp('\\')) m = this.escape(true, false, true);
          else this.next();
          if (m < ch) throw this.error('Illegal character range');
          if (this.has(CASE_INSENSITIVE)) return caseInsensitiveRange(ch, m, this.has(UNICODE_CASE));
          return range(ch, m);
        }
      }
      return this.bitsOrSingle(bits, ch);
    }
    throw this.error(`Unexpected character '${String.fromCharCode(ch)}'`);
  }

  private bitsOrSingle(bits: ClassExpr & { t: 'bits' }, ch: number): ClassExpr | null {
    const special = [0xff, 0xb5, 0x49, 0x69, 0x53, 0x73, 0x4b, 0x6b, 0xc5, 0xe5];
    if (ch < 256 && !(this.has(CASE_INSENSITIVE) && this.has(UNICODE_CASE) && special.includes(ch))) {
      if (this.has(CASE_INSENSITIVE)) {
        for (const c of caseInsensitiveBits(ch, this.has(UNICODE_CASE))) if (c < 256) bits.chars.add(c);
      }
      bits.chars.add(ch);
      return null;
    }
    return this.single(ch);
  }

  /** Pattern.family: the name of a \p{...} property and its lookup. */
  private family(singleLetter: boolean, isComplement: boolean): ClassExpr {
    this.next();
    let name: string;
    if (singleLetter) {
      name = String.fromCodePoint(this.at(this.cursor));
      this.read();
    } else {
      const i = this.cursor;
      this.temp[this.patternLength] = cp('}');
      while (this.read() !== cp('}')) {
        // scan to the closing brace (the sentinel stops an unclosed one)
      }
      this.temp[this.patternLength] = 0;
      const j = this.cursor;
      if (j > this.patternLength) throw this.error('Unclosed character family');
      if (i + 1 >= j) throw this.error('Empty character family');
      name = String.fromCodePoint(...this.temp.slice(i, j - 1));
    }
    const p = this.lookupFamily(name);
    return isComplement ? not(p) : p;
  }

  private lookupFamily(name: string): ClassExpr {
    const ci = this.has(CASE_INSENSITIVE);
    const eq = name.indexOf('=');
    let p: ClassExpr | null = null;
    if (eq !== -1) {
      const value = name.substring(eq + 1);
      const key = name.substring(0, eq).toLowerCase();
      if (key === 'sc' || key === 'script') p = unicodeScript(value);
      else if (key === 'blk' || key === 'block') p = unicodeBlock(value);
      else if (key === 'gc' || key === 'general_category') p = javaProperty(value, ci);
      if (p === null) throw this.error(`Unknown Unicode property {name=<${key}>, value=<${value}>}`);
      return p;
    }
    if (name.startsWith('In')) {
      p = unicodeBlock(name.substring(2));
    } else if (name.startsWith('Is')) {
      const shortName = name.substring(2);
      p = unicodeProperty(shortName, ci) ?? javaProperty(shortName, ci) ?? unicodeScript(shortName);
    } else {
      if (this.has(UNICODE_CHARACTER_CLASS)) p = posixUnicode(name.toUpperCase(), ci);
      p ??= javaProperty(name, ci);
    }
    if (p === null) throw this.error(`Unknown character property name {${name}}`);
    return p;
  }

  private groupname(ch: number): string {
    let name = '';
    if (!isAsciiAlpha(ch)) throw this.error('capturing group name does not start with a Latin letter');
    do {
      name += String.fromCharCode(ch);
    } while (isAsciiAlpha((ch = this.read())) || isAsciiDigit(ch));
    if (ch !== cp('>')) throw this.error("named capturing group is missing trailing '>'");
    return name;
  }

  /** Pattern.group0: groups, lookarounds, atomic groups and inline flags; null for a bare `(?flags)`. */
  private group0(): Node | null {
    const save = this.flags0;
    let node: Node;
    let ch = this.next();
    if (ch === cp('?')) {
      ch = this.skip();
      switch (ch) {
        case cp(':'):
          node = { t: 'group', kind: 'plain', body: this.expr() };
          break;
        case cp('='):
        case cp('!'):
          node = { t: 'group', kind: ch === cp('=') ? 'ahead' : 'notahead', body: this.expr() };
          break;
        case cp('>'):
          node = { t: 'group', kind: 'atomic', body: this.expr() };
          break;
        case cp('<'): {
          ch = this.read();
          if (ch !== cp('=') && ch !== cp('!')) {
            const name = this.groupname(ch);
            if (this.namedGroups.has(name)) throw this.error(`Named capturing group <${name}> is already defined`);
            const javaIndex = this.capturingGroupCount++;
            this.namedGroups.set(name, javaIndex);
            node = { t: 'group', kind: 'capture', body: this.expr(), javaIndex };
            break;
          }
          const body = this.expr();
          if (!hasObviousMaximumLength(body)) throw this.error('Look-behind group does not have an obvious maximum length');
          node = { t: 'group', kind: ch === cp('=') ? 'behind' : 'notbehind', body };
          break;
        }
        case cp('$'):
        case cp('@'):
          throw this.error('Unknown group type');
        default: {
          this.unread();
          this.addFlag();
          ch = this.read();
          if (ch === cp(')')) return null;
          if (ch !== cp(':')) throw this.error('Unknown inline modifier');
          node = { t: 'group', kind: 'plain', body: this.expr() };
        }
      }
    } else {
      const javaIndex = this.capturingGroupCount++;
      node = { t: 'group', kind: 'capture', body: this.expr(), javaIndex };
    }
    this.accept(cp(')'), 'Unclosed group');
    this.flags0 = save;
    return this.closure(node);
  }

  private addFlag(): void {
    let ch = this.peek();
    for (;;) {
      const c = String.fromCodePoint(ch);
      if (c === '-') {
        this.next();
        this.subFlag();
        return;
      }
      const flag = c === 'L' ? undefined : FLAG_LETTERS[c];
      if (flag === undefined) return;
      this.flags0 |= flag;
      ch = this.next();
    }
  }

  private subFlag(): void {
    let ch = this.peek();
    for (;;) {
      const c = String.fromCodePoint(ch);
      const flag = c === 'L' ? undefined : FLAG_LETTERS[c];
      if (flag === undefined) return;
      this.flags0 &= c === 'U' ? ~(UNICODE_CHARACTER_CLASS | UNICODE_CASE) : ~flag;
      ch = this.next();
    }
  }

  private qtype(): Quantifier {
    const ch = this.next();
    if (ch === cp('?')) {
      this.next();
      return 'lazy';
    }
    if (ch === cp('+')) {
      this.next();
      return 'possessive';
    }
    return 'greedy';
  }

  private closure(prev: Node): Node {
    const quant = (min: number, max: number, type: Quantifier, braces = false): Node => ({ t: 'quant', body: prev, min, max, type, braces });
    switch (this.peek()) {
      case cp('?'):
        return quant(0, 1, this.qtype());
      case cp('*'):
        return quant(0, Infinity, this.qtype());
      case cp('+'):
        return quant(1, Infinity, this.qtype());
      case cp('{'): {
        let ch = this.skip();
        if (!isAsciiDigit(ch)) throw this.error('Illegal repetition');
        let cmin = 0;
        let cmax: number;
        do {
          cmin = cmin * 10 + (ch - 0x30);
          if (cmin > MAX_REPS) throw this.error('Illegal repetition range');
        } while (isAsciiDigit((ch = this.read())));
        if (ch === cp(',')) {
          ch = this.read();
          if (ch === cp('}')) {
            this.unread();
            return quant(cmin, Infinity, this.qtype(), true);
          }
          cmax = 0;
          while (isAsciiDigit(ch)) {
            cmax = cmax * 10 + (ch - 0x30);
            if (cmax > MAX_REPS) throw this.error('Illegal repetition range');
            ch = this.read();
          }
        } else {
          cmax = cmin;
        }
        if (ch !== cp('}')) throw this.error('Unclosed counted closure');
        if (cmax < cmin) throw this.error('Illegal repetition range');
        this.unread();
        return quant(cmin, cmax === MAX_REPS ? Infinity : cmax, this.qtype(), true);
      }
      default:
        return prev;
    }
  }
}

function seqOf(items: Node[]): Node {
  return items.length === 1 ? items[0] : { t: 'seq', items };
}

/** Java's TreeInfo, reduced to what the look-behind check uses (int arithmetic wraps as in Java). */
interface TreeInfo {
  maxLength: number;
  maxValid: boolean;
  deterministic: boolean;
}

const freshInfo = (): TreeInfo => ({ maxLength: 0, maxValid: true, deterministic: true });

/**
 * Pattern's study(): a look-behind needs `maxValid`. Java's quirks are kept:
 * greedy `x*` / `x+` on one character stay valid (MAX_REPS is simply added),
 * counted repeats are valid unless length × count overflows an int.
 */
function hasObviousMaximumLength(body: Node): boolean {
  const info = freshInfo();
  study(body, info);
  return info.maxValid;
}

function study(node: Node, info: TreeInfo): void {
  switch (node.t) {
    case 'seq':
      node.items.forEach((n) => study(n, info));
      return;
    case 'alt': {
      const maxL = info.maxLength;
      let maxV = info.maxValid;
      let maxL2 = -1;
      for (const branch of node.branches) {
        const b = freshInfo();
        study(branch, b);
        maxL2 = Math.max(maxL2, b.maxLength);
        maxV = maxV && b.maxValid;
      }
      info.maxLength = (maxL + maxL2) | 0;
      info.maxValid = maxV;
      info.deterministic = false;
      return;
    }
    case 'set':
      info.maxLength = (info.maxLength + 1) | 0;
      return;
    case 'raw':
      if (node.max !== Infinity) info.maxLength = (info.maxLength + node.max) | 0;
      else info.deterministic = false;
      return;
    case 'group':
      if (node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic') study(node.body, info);
      return;
    case 'backref':
      info.maxValid = false;
      return;
    case 'quant':
      studyQuantifier(node, info);
      return;
    default:
      return;
  }
}

function studyQuantifier(node: Node & { t: 'quant' }, info: TreeInfo): void {
  const body = node.body;
  if (node.min === 0 && node.max === 1) {
    // Ques (or a Branch with an empty alternative): the body's length counts once.
    study(body, info);
    info.deterministic = false;
    return;
  }
  if (body.t === 'set' && node.type === 'greedy' && !node.braces) {
    // CharPropertyGreedy
    if (info.maxValid) info.maxLength = (info.maxLength + MAX_REPS) | 0;
    info.deterministic = false;
    return;
  }
  const isGroup = body.t === 'group' && (body.kind === 'capture' || body.kind === 'plain');
  if (isGroup && node.type !== 'possessive') {
    const probe = freshInfo();
    study(body, probe);
    if (!probe.deterministic) {
      // Loop
      info.maxValid = false;
      info.deterministic = false;
      return;
    }
  }
  // Curly / GroupCurly
  const maxL = info.maxLength;
  const maxV = info.maxValid;
  const detm = info.deterministic;
  const atom = freshInfo();
  study(body, atom);
  const cmax = node.max === Infinity ? MAX_REPS : node.max;
  if (maxV && atom.maxValid) {
    const temp = (Math.imul(atom.maxLength, cmax) + maxL) | 0;
    info.maxLength = temp;
    info.maxValid = !(temp < maxL);
  } else {
    info.maxValid = false;
  }
  info.deterministic = atom.deterministic && node.min === node.max ? detm : false;
}

/** Compiled pattern data the Java-semantics helpers need. */
interface PatternInfo {
  /** Java group i (1-based) -> JavaScript group number. */
  groupMap: number[];
  groupCount: number;
  namedGroups: Map<string, number>;
  /** A copy with the `g` flag for iteration (its lastIndex is set before every use). */
  iterator: RegExp;
  /** Source with \G left as a placeholder, when the pattern uses \G (see lastMatchAt). */
  lastMatchTemplate: string | null;
}

const INFO = new WeakMap<RegExp, PatternInfo>();

/** Print the tree as a JavaScript pattern, numbering groups in output order. */
class Emitter {
  private jsGroups = 0;
  readonly groupMap: number[] = [];

  constructor(private readonly javaGroupCount: number) {}

  number(node: Node): void {
    switch (node.t) {
      case 'seq':
        node.items.forEach((n) => this.number(n));
        break;
      case 'alt':
        node.branches.forEach((n) => this.number(n));
        break;
      case 'group':
        if (node.kind === 'atomic') node.jsIndex = ++this.jsGroups;
        else if (node.kind === 'capture') {
          node.jsIndex = ++this.jsGroups;
          this.groupMap[node.javaIndex!] = node.jsIndex;
        }
        this.number(node.body);
        break;
      case 'quant':
        if (node.type === 'possessive') node.jsIndex = ++this.jsGroups;
        this.number(node.body);
        break;
      default:
        break;
    }
  }

  emit(node: Node): string {
    switch (node.t) {
      case 'seq':
        return node.items.map((n) => this.emit(n)).join('');
      case 'alt':
        return node.branches.map((n) => this.emit(n)).join('|');
      case 'set':
        return emitClass(node.cls);
      case 'raw':
        return node.js;
      case 'lastMatch':
        return LAST_MATCH;
      case 'backref': {
        const js = node.javaIndex < this.javaGroupCount ? this.groupMap[node.javaIndex] : undefined;
        // Java: a reference to a group that does not exist never matches.
        return js === undefined ? '(?!)' : `(?:\\${js})`;
      }
      case 'group':
        return this.emitGroup(node);
      case 'quant':
        return this.emitQuant(node);
    }
  }

  private emitGroup(node: Node & { t: 'group' }): string {
    const body = this.emit(node.body);
    switch (node.kind) {
      case 'capture':
        return `(${body})`;
      case 'plain':
        return `(?:${body})`;
      case 'ahead':
        return `(?=${body})`;
      case 'notahead':
        return `(?!${body})`;
      case 'behind':
        return `(?<=${body})`;
      case 'notbehind':
        return `(?<!${body})`;
      case 'atomic':
        // JavaScript lookaheads do not backtrack: capture inside one and consume the capture.
        return `(?=(${body}))(?:\\${node.jsIndex})`;
    }
  }

  private emitQuant(node: Node & { t: 'quant' }): string {
    const b = node.body;
    let body = this.emit(b);
    const atomic = b.t === 'set' || (b.t === 'group' && (b.kind === 'capture' || b.kind === 'plain'));
    if (!atomic) body = `(?:${body})`;
    const q = quantifierText(node.min, node.max);
    if (node.type === 'possessive') return `(?=(${body}${q}))(?:\\${node.jsIndex})`;
    return body + q + (node.type === 'lazy' ? '?' : '');
  }
}

function quantifierText(min: number, max: number): string {
  if (min === 0 && max === Infinity) return '*';
  if (min === 1 && max === Infinity) return '+';
  if (min === 0 && max === 1) return '?';
  if (max === Infinity) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function parseFlags(flags: string): number {
  let f = 0;
  for (const c of flags) {
    const bit = FLAG_LETTERS[c];
    if (bit === undefined) throw new JavaIllegalArgumentError(`Unknown regular expression flag '${c}'`);
    f |= bit;
  }
  return f;
}

/** Compiled patterns without flags (nearly all), by pattern; with flags, by flags NUL pattern. */
const CACHE = new Map<string, RegExp | JavaError>();
const FLAGGED_CACHE = new Map<string, RegExp | JavaError>();
const CACHE_MAX = 5000;

/**
 * Compile a Java regular expression (cached). `flags` are Java's flag
 * letters as in `(?imsxduU)`, plus `L` for Pattern.LITERAL.
 * Throws JavaRegexError with PatternSyntaxException's message.
 */
export function compileJavaRegex(pattern: string, flags = ''): RegExp {
  // Without flags the pattern itself is the key: no string to build and hash per call.
  const cache = flags === '' ? CACHE : FLAGGED_CACHE;
  const key = flags === '' ? pattern : flags + '\u0000' + pattern;
  let cached = cache.get(key);
  if (cached === undefined) {
    try {
      cached = translate(pattern, parseFlags(flags));
    } catch (e) {
      if (!(e instanceof JavaError)) throw e;
      cached = e;
    }
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, cached);
  }
  if (cached instanceof JavaError) throw cached;
  return cached;
}

/** The JavaScript source a Java pattern translates to (for diagnostics and tests). */
export function translateJavaRegex(pattern: string, flags = ''): string {
  return compileJavaRegex(pattern, flags).source;
}

/** Stands for \G in an emitted source: a control character, which the emitter never prints raw. */
const LAST_MATCH = '\u0001';

function translate(pattern: string, flags: number): RegExp {
  const parser = new Parser(pattern, flags);
  const tree = parser.compile();
  const emitter = new Emitter(parser.capturingGroupCount);
  emitter.number(tree);
  const template = emitter.emit(tree);
  let re: RegExp;
  try {
    re = new RegExp(lastMatchAt(template, 0), 'v');
  } catch (e) {
    throw new JavaRegexError(`Cannot translate to JavaScript: ${(e as Error).message}`, pattern, -1);
  }
  INFO.set(re, {
    groupMap: emitter.groupMap,
    groupCount: parser.capturingGroupCount - 1,
    namedGroups: parser.namedGroups,
    iterator: new RegExp(re.source, 'vg'),
    lastMatchTemplate: parser.usesLastMatch ? template : null,
  });
  return re;
}

/** The source with \G meaning "at code point `n`" (where the previous match ended). */
function lastMatchAt(template: string, n: number): string {
  if (!template.includes(LAST_MATCH)) return template;
  return template.split(LAST_MATCH).join(n === 0 ? '(?<![\\s\\S])' : `(?<=^[\\s\\S]{${n}})`);
}

function infoOf(re: RegExp): PatternInfo {
  const info = INFO.get(re);
  if (info === undefined) throw new TypeError('not a RegExp made by compileJavaRegex');
  return info;
}

function toRegex(re: RegExp | string): RegExp {
  return typeof re === 'string' ? compileJavaRegex(re) : re;
}

// Matcher semantics ------------------------------------------------------------

/** Matcher.find() from the start of `s` (Pan's match()). */
export function javaFind(re: RegExp | string, s: string): boolean {
  const r = toRegex(re);
  r.lastIndex = 0;
  return r.test(s);
}

/** Groups 0..n of the first find (Pan's matches()); undefined for groups that did not match. */
export function javaMatchGroups(re: RegExp | string, s: string): (string | undefined)[] | null {
  const r = toRegex(re);
  r.lastIndex = 0;
  const m = r.exec(s);
  if (m === null) return null;
  return javaGroups(infoOf(r), m);
}

function javaGroups(info: PatternInfo, m: RegExpExecArray): (string | undefined)[] {
  const groups: (string | undefined)[] = [m[0]];
  for (let i = 1; i <= info.groupCount; i++) groups.push(m[info.groupMap[i]]);
  return groups;
}

/** Successive Matcher.find() results over `s`. */
function* findAll(r: RegExp, s: string): Generator<RegExpExecArray> {
  const info = infoOf(r);
  let from = 0;
  let oldLast = 0;
  while (from <= s.length) {
    const it = info.lastMatchTemplate === null ? info.iterator : lastMatchIterator(info.lastMatchTemplate, s, oldLast);
    it.lastIndex = from;
    const m = it.exec(s);
    if (m === null) return;
    yield m;
    const end = m.index + m[0].length;
    oldLast = end;
    // Java resumes at the end of the match, one char further after an empty one.
    from = end === m.index ? end + 1 : end;
  }
}

/** A pattern using \G, compiled for one value of Matcher's "end of the previous match". */
function lastMatchIterator(template: string, s: string, oldLast: number): RegExp {
  const n = oldLast === 0 ? 0 : Array.from(s.slice(0, oldLast)).length;
  return new RegExp(lastMatchAt(template, n), 'vg');
}

type ReplacementPart = string | number;

/** Matcher.appendExpandedReplacement, parsed once: text and group numbers. */
function parseReplacement(replacement: string, info: PatternInfo): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let text = '';
  let cursor = 0;
  const iae = (msg: string): JavaIllegalArgumentError => new JavaIllegalArgumentError(msg);
  while (cursor < replacement.length) {
    let nextChar = replacement.charAt(cursor);
    if (nextChar === '\\') {
      cursor++;
      if (cursor === replacement.length) throw iae('character to be escaped is missing');
      text += replacement.charAt(cursor++);
    } else if (nextChar === '$') {
      cursor++;
      if (cursor === replacement.length) throw iae('Illegal group reference: group index is missing');
      nextChar = replacement.charAt(cursor);
      let refNum: number;
      if (nextChar === '{') {
        cursor++;
        let name = '';
        while (cursor < replacement.length) {
          nextChar = replacement.charAt(cursor);
          if (!/[A-Za-z0-9]/.test(nextChar)) break;
          name += nextChar;
          cursor++;
        }
        if (name.length === 0) throw iae('named capturing group has 0 length name');
        if (nextChar !== '}') throw iae("named capturing group is missing trailing '}'");
        if (/[0-9]/.test(name.charAt(0))) throw iae(`capturing group name {${name}} starts with digit character`);
        const index = info.namedGroups.get(name);
        if (index === undefined) throw iae(`No group with name {${name}}`);
        refNum = index;
        cursor++;
      } else {
        refNum = nextChar.charCodeAt(0) - 0x30;
        if (refNum < 0 || refNum > 9) throw iae('Illegal group reference');
        cursor++;
        while (cursor < replacement.length) {
          const nextDigit = replacement.charCodeAt(cursor) - 0x30;
          if (nextDigit < 0 || nextDigit > 9) break;
          const newRefNum = refNum * 10 + nextDigit;
          if (info.groupCount < newRefNum) break;
          refNum = newRefNum;
          cursor++;
        }
      }
      if (refNum > info.groupCount) {
        throw new JavaIllegalArgumentError(`No group ${refNum}`, 'java.lang.IndexOutOfBoundsException');
      }
      if (text) parts.push(text);
      text = '';
      parts.push(refNum);
    } else {
      text += nextChar;
      cursor++;
    }
  }
  if (text) parts.push(text);
  return parts;
}

/** Matcher.replaceAll: `$n`, `${name}` and `\x` in the replacement, with Java's errors. */
export function javaReplaceAll(re: RegExp | string, s: string, replacement: string): string {
  const r = toRegex(re);
  const info = infoOf(r);
  let parts: ReplacementPart[] | null = null;
  let out = '';
  let last = 0;
  for (const m of findAll(r, s)) {
    // Java only reads the replacement once there is a match (so errors need one too).
    parts ??= parseReplacement(replacement, info);
    out += s.slice(last, m.index);
    for (const part of parts) out += typeof part === 'string' ? part : part === 0 ? m[0] : (m[info.groupMap[part]] ?? '');
    last = m.index + m[0].length;
  }
  return parts === null ? s : out + s.slice(last);
}

/** String.split(regex, limit): Java 8+ semantics (no leading empty string for a zero-width match at 0). */
export function javaSplit(re: RegExp | string, s: string, limit = 0): string[] {
  const r = toRegex(re);
  const matchLimited = limit > 0;
  const list: string[] = [];
  let index = 0;
  for (const m of findAll(r, s)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!matchLimited || list.length < limit - 1) {
      if (index === 0 && start === 0 && start === end) continue;
      list.push(s.slice(index, start));
      index = end;
    } else if (list.length === limit - 1) {
      list.push(s.slice(index));
      index = end;
      break;
    }
  }
  if (index === 0) return [s];
  if (!matchLimited || list.length < limit) list.push(s.slice(index));
  let size = list.length;
  if (limit === 0) while (size > 0 && list[size - 1] === '') size--;
  return list.slice(0, size);
}

/** Pattern.quote. */
export function javaQuote(s: string): string {
  if (!s.includes('\\E')) return `\\Q${s}\\E`;
  return `\\Q${s.split('\\E').join('\\E\\\\E\\Q')}\\E`;
}

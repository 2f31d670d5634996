/**
 * Scanners for Pan's quoted string literals, used as chevrotain custom token
 * patterns. Each returns the token image with the decoded value as payload,
 * or null when the text at `offset` is not such a literal. Malformed literals
 * (unterminated, bad escape) are still returned as tokens after their problem
 * has been recorded, so that lexing goes on.
 */
import { describeChar, reportLexProblem } from './lex-errors.js';

/** What a custom pattern returns: the image, with the decoded value as payload. */
export type ScannedToken = [string] & { payload: unknown };

export function scanned(image: string, payload: unknown): ScannedToken {
  const result = [image] as ScannedToken;
  result.payload = payload;
  return result;
}

const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const BACKSLASH = 92;

/**
 * `'text'`: no escapes, a doubled quote stands for one quote, may span
 * lines (panc's single-quoted strings are raw text).
 */
export function scanSingleQuoted(text: string, offset: number): ScannedToken | null {
  if (text.charCodeAt(offset) !== SINGLE_QUOTE) return null;
  let value = '';
  let segmentStart = offset + 1;
  for (;;) {
    const close = text.indexOf("'", segmentStart);
    if (close < 0) {
      reportLexProblem('unterminated string', offset, offset, text.length);
      return scanned(text.slice(offset), text.slice(offset + 1));
    }
    value += text.slice(segmentStart, close);
    if (text.charCodeAt(close + 1) !== SINGLE_QUOTE) {
      return scanned(text.slice(offset, close + 1), value);
    }
    value += "'";
    segmentStart = close + 2;
  }
}

/** Characters that need no attention inside a double-quoted string. */
const PLAIN_RUN = /[^"\\\r\n]*/y;

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/**
 * `"text"` with Java-like escapes (`\n \t \r \b \f \\ \" \' \xHH`) and
 * backslash-newline as a line continuation; anything else after a backslash,
 * and a bare line break before the closing quote, is an error.
 */
export function scanDoubleQuoted(text: string, offset: number): ScannedToken | null {
  if (text.charCodeAt(offset) !== DOUBLE_QUOTE) return null;
  const length = text.length;
  let value = '';
  let i = offset + 1;
  while (i < length) {
    PLAIN_RUN.lastIndex = i;
    PLAIN_RUN.test(text);
    const runEnd = PLAIN_RUN.lastIndex;
    value += text.slice(i, runEnd);
    i = runEnd;
    const code = text.charCodeAt(i);
    if (code === DOUBLE_QUOTE) return scanned(text.slice(offset, i + 1), value);
    if (code !== BACKSLASH) break; // line break or end of text
    value += decodeEscape(text, i);
    i = escapeEnd;
  }
  reportLexProblem('unterminated string', offset, Math.max(offset, i - 1), i);
  return scanned(text.slice(offset, i), value);
}

/** Offset just after the escape last decoded by decodeEscape. */
let escapeEnd = 0;

/** Decodes the escape at `text[at]` (a backslash), setting escapeEnd. */
function decodeEscape(text: string, at: number): string {
  const next = text.charAt(at + 1);
  const simple = SIMPLE_ESCAPES[next];
  escapeEnd = at + 2;
  if (simple !== undefined) return simple;
  if (next === 'x' && isHexDigit(text.charCodeAt(at + 2)) && isHexDigit(text.charCodeAt(at + 3))) {
    escapeEnd = at + 4;
    return String.fromCharCode(parseInt(text.slice(at + 2, at + 4), 16));
  }
  if (next === '\n' || next === '\r') {
    // Line continuation (used in real templates): both characters vanish.
    escapeEnd = next === '\r' && text.charAt(at + 2) === '\n' ? at + 3 : at + 2;
    return '';
  }
  if (next === '') {
    escapeEnd = at + 1;
    return '';
  }
  reportLexProblem(`invalid escape sequence '\\${describeChar(next)}'`, at, at + 1);
  return '';
}

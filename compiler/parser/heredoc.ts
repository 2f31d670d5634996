/**
 * Here-documents: `<<TAG` stands for the lines that follow the current one,
 * up to a line that is exactly `TAG`; the rest of the current line (usually
 * just `;`) is lexed as usual.
 *
 * The `<<TAG` token gets the text as payload at once. The body lines are then
 * skipped by the white-space matcher when it reaches the line break that ends
 * the `<<TAG` line. Several here-documents on one line take their bodies one
 * after the other.
 */
import { reportLexProblem } from './lex-errors.js';
import { scanned, type ScannedToken } from './strings.js';

/** Offset of the line break ending the line that holds pending `<<TAG`s, or -1. */
let pendingLineBreak = -1;
/** Offset where the pending bodies end (the end of the last terminator line). */
let pendingBodiesEnd = -1;

export function resetHeredocState(): void {
  pendingLineBreak = -1;
  pendingBodiesEnd = -1;
}

const TAG = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Offset of the first line break (`\n` or `\r`) at or after `from`, or -1. */
function lineBreakFrom(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return i;
  }
  return -1;
}

/** Offset just after the line break at `at` (`\r\n` counts as one). */
function afterLineBreak(text: string, at: number): number {
  return text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1;
}

export function scanHeredoc(text: string, offset: number): ScannedToken | null {
  if (text.charCodeAt(offset) !== 60 || text.charCodeAt(offset + 1) !== 60) return null;
  TAG.lastIndex = offset + 2;
  const tagMatch = TAG.exec(text);
  if (tagMatch === null) return null;
  const tag = tagMatch[0];
  const image = '<<' + tag;

  let bodyStart: number;
  if (pendingLineBreak >= 0 && pendingLineBreak > offset) {
    // Another here-document on the same line: its body follows the previous one.
    bodyStart = pendingBodiesEnd >= text.length ? text.length : afterLineBreak(text, pendingBodiesEnd);
  } else {
    const lineBreak = lineBreakFrom(text, offset + image.length);
    pendingLineBreak = lineBreak < 0 ? text.length : lineBreak;
    bodyStart = lineBreak < 0 ? text.length : afterLineBreak(text, lineBreak);
  }

  let lineStart = bodyStart;
  while (lineStart < text.length) {
    const lineBreak = lineBreakFrom(text, lineStart);
    const lineEnd = lineBreak < 0 ? text.length : lineBreak;
    if (lineEnd - lineStart === tag.length && text.startsWith(tag, lineStart)) {
      pendingBodiesEnd = lineEnd;
      return scanned(image, text.slice(bodyStart, lineStart));
    }
    if (lineBreak < 0) break;
    lineStart = afterLineBreak(text, lineBreak);
  }
  reportLexProblem(`unterminated here-document: no line '${tag}' after it`, offset, offset + image.length - 1, text.length);
  pendingBodiesEnd = text.length;
  return scanned(image, text.slice(bodyStart));
}

const WHITE_SPACE = /[ \t\f\r\n]+/y;

/**
 * White space, including the bodies of the here-documents begun on the line
 * whose line break it crosses.
 */
export function scanWhiteSpace(text: string, offset: number): [string] | null {
  WHITE_SPACE.lastIndex = offset;
  if (!WHITE_SPACE.test(text)) return null;
  let end = WHITE_SPACE.lastIndex;
  if (pendingLineBreak >= offset && pendingLineBreak < end) {
    end = Math.max(end, pendingBodiesEnd);
    resetHeredocState();
    WHITE_SPACE.lastIndex = end;
    if (WHITE_SPACE.test(text)) end = WHITE_SPACE.lastIndex;
  }
  return [text.slice(offset, end)];
}

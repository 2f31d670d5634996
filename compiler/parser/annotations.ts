/**
 * Annotation blocks: `@name{ free text }` (braces may nest), `@{ ... }`, and
 * `@name( key=value word, key='quoted value' )`. Scanned as one token whose
 * payload is the AST Annotation minus its location (added by the parser).
 */
import { describeChar, reportLexProblem } from './lex-errors.js';
import { scanned, type ScannedToken } from './strings.js';

export interface AnnotationPayload {
  readonly name: string;
  readonly text: string;
  readonly entries?: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

export function scanAnnotation(text: string, offset: number): ScannedToken | null {
  if (text.charCodeAt(offset) !== 64 /* @ */) return null;
  NAME.lastIndex = offset + 1;
  const nameMatch = NAME.exec(text);
  const name = nameMatch === null ? '' : nameMatch[0];
  // Templates also write `@documentation {`.
  let open = offset + 1 + name.length;
  while (isSpace(text.charCodeAt(open))) open++;
  const opener = text.charAt(open);
  if (opener === '{') return scanBraces(text, offset, name, open);
  if (opener === '(') return scanParens(text, offset, name, open);
  return null;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

function scanBraces(text: string, offset: number, name: string, open: number): ScannedToken {
  let depth = 1;
  for (let i = open + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 123 /* { */) depth++;
    else if (ch === 125 /* } */ && --depth === 0) {
      const payload: AnnotationPayload = { name, text: text.slice(open + 1, i) };
      return scanned(text.slice(offset, i + 1), payload);
    }
  }
  reportLexProblem('unterminated annotation', offset, open, text.length);
  return scanned(text.slice(offset), { name, text: text.slice(open + 1) });
}

const SEPARATORS = /[\s,]*/y;
const KEY = /[A-Za-z0-9_][A-Za-z0-9_.\-]*/y;
const EQUALS = /[ \t]*=[ \t]*/y;
const BARE_VALUE = /[^\s,()='"&]+/y;

/** Matches `re` (sticky) at `at`; returns the match or null. */
function matchAt(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? null : m[0];
}

/** `@name(...)`: `key=value` pairs or bare words, separated by white space or commas. */
function scanParens(text: string, offset: number, name: string, open: number): ScannedToken {
  const entries: { key: string; value: string }[] = [];
  let i = open + 1;
  for (;;) {
    i += (matchAt(SEPARATORS, text, i) ?? '').length;
    if (text.charAt(i) === ')') {
      const payload: AnnotationPayload = { name, text: text.slice(open + 1, i), entries };
      return scanned(text.slice(offset, i + 1), payload);
    }
    const key = matchAt(KEY, text, i);
    if (key === null) return badEntry(text, offset, name, open, i);
    i += key.length;
    const equals = matchAt(EQUALS, text, i);
    if (equals === null) {
      entries.push({ key, value: '' });
    } else {
      i += equals.length;
      const value = scanValue(text, i);
      if (value === null) return badEntry(text, offset, name, open, i);
      entries.push({ key, value: value.value });
      i += value.length;
    }
    const after = text.charAt(i);
    if (after !== ')' && after !== ',' && !/\s/.test(after)) return badEntry(text, offset, name, open, i);
  }
}

/** A quoted (no escapes) or bare annotation value at `at`. */
function scanValue(text: string, at: number): { value: string; length: number } | null {
  const quote = text.charAt(at);
  if (quote === "'" || quote === '"') {
    const close = text.indexOf(quote, at + 1);
    if (close < 0) return null;
    return { value: text.slice(at + 1, close), length: close + 1 - at };
  }
  const bare = matchAt(BARE_VALUE, text, at);
  return bare === null ? null : { value: bare, length: bare.length };
}

/** Records the error and returns a token running to the closing parenthesis. */
function badEntry(text: string, offset: number, name: string, open: number, at: number): ScannedToken {
  if (at >= text.length) {
    reportLexProblem('unterminated annotation', offset, open, text.length);
    return scanned(text.slice(offset), { name, text: text.slice(open + 1) });
  }
  reportLexProblem(`invalid annotation entry at '${describeChar(text.charAt(at))}'`, at, at);
  const close = text.indexOf(')', at);
  const end = close < 0 ? text.length : close + 1;
  return scanned(text.slice(offset, end), { name, text: text.slice(open + 1, Math.max(open + 1, end - 1)) });
}

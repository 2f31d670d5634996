/**
 * Errors found while scanning. Custom token matchers cannot report errors
 * through chevrotain, so they record them here (offsets only: line and
 * column are computed once, for the error actually reported) and still
 * return a token, which keeps the token stream usable.
 */

export interface LexProblem {
  readonly message: string;
  /** Offset of the first offending character. */
  readonly start: number;
  /** Offset of the last offending character (inclusive). */
  readonly end: number;
  /** Offset where the scan noticed it: problems are reported in this order. */
  readonly foundAt: number;
}

/** Problems of the text being tokenized; reset by the lexer for each input. */
export const lexProblems: LexProblem[] = [];

export function reportLexProblem(message: string, start: number, end: number, foundAt = start): void {
  lexProblems.push({ message, start, end: Math.max(start, end), foundAt });
}

/** A character as shown in an error message: printable as is, others escaped. */
export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x20 && code < 0x7f) return ch;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

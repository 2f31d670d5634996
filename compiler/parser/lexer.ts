/**
 * Tokenizing a whole template: the shared lexer plus the problems recorded by
 * the custom matchers, reduced to the first one in reading order.
 */
import type { IToken } from 'chevrotain';
import type { SourceRange } from '../ast.js';
import { resetHeredocState } from './heredoc.js';
import { describeChar, lexProblems, type LexProblem } from './lex-errors.js';
import { panLexer } from './tokens.js';

export interface LexOutcome {
  readonly tokens: IToken[];
  /** The first problem in the text, if any. */
  readonly problem: LexProblem | undefined;
}

export function tokenize(source: string): LexOutcome {
  lexProblems.length = 0;
  resetHeredocState();
  const result = panLexer.tokenize(source);
  let first: LexProblem | undefined;
  for (const problem of lexProblems) {
    if (first === undefined || problem.foundAt < first.foundAt) first = problem;
  }
  for (const error of result.errors) {
    if (first === undefined || error.offset < first.foundAt) {
      const message = `unexpected character '${describeChar(source.charAt(error.offset))}'`;
      first = { message, start: error.offset, end: error.offset, foundAt: error.offset };
    }
  }
  lexProblems.length = 0;
  resetHeredocState();
  return { tokens: result.tokens, problem: first };
}

/** 1-based line and column of `offset` (`\n`, `\r\n` and `\r` end lines, as in chevrotain). */
export function positionOf(source: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 10 || (code === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

export function rangeOf(source: string, start: number, end: number): SourceRange {
  const from = positionOf(source, start);
  const to = positionOf(source, end);
  return { startLine: from.line, startCol: from.col, endLine: to.line, endCol: to.col };
}

/**
 * Source ranges from chevrotain tokens and AST nodes (1-based, end inclusive).
 */
import type { IToken } from 'chevrotain';
import type { SourceRange } from '../ast.js';

export function tokenRange(token: IToken): SourceRange {
  return spanTokens(token, token);
}

/** From the start of `first` to the end of `last`. */
export function spanRanges(first: SourceRange, last: SourceRange): SourceRange {
  return { startLine: first.startLine, startCol: first.startCol, endLine: last.endLine, endCol: last.endCol };
}

export function spanTokens(first: IToken, last: IToken): SourceRange {
  return {
    startLine: first.startLine ?? 0,
    startCol: first.startColumn ?? 0,
    endLine: last.endLine ?? 0,
    endCol: last.endColumn ?? 0,
  };
}

export function spanTokenToRange(first: IToken, last: SourceRange): SourceRange {
  return { startLine: first.startLine ?? 0, startCol: first.startColumn ?? 0, endLine: last.endLine, endCol: last.endCol };
}

export function spanRangeToToken(first: SourceRange, last: IToken): SourceRange {
  return { startLine: first.startLine, startCol: first.startCol, endLine: last.endLine ?? 0, endCol: last.endColumn ?? 0 };
}

/**
 * Pan parser API: source text -> AST (compiler/ast.ts), or a PanError of kind
 * 'parse' locating the first problem in reading order, whether the lexer or
 * the grammar found it.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Expr, SourceRange, TemplateAst } from '../ast.js';
import { PanError, parseError } from '../errors.js';
import { rangeOf, tokenize } from './lexer.js';
import { tokenRange } from './locations.js';
import { PanParser, setCurrentFile } from './parser.js';

export { tokenize } from './lexer.js';

/** Built on first use: constructing chevrotain's parser costs ~100 ms, which a fully cached build never needs. */
let instance: PanParser | undefined;
function getParser(): PanParser {
  return (instance ??= new PanParser());
}

/** Parses a whole template. Throws a PanError of kind 'parse' on bad input. */
export function parseTemplate(source: string, file: string): TemplateAst {
  return run(source, file, () => getParser().template());
}

/** Parses a lone DML expression (for tests and tools). Throws like parseTemplate. */
export function parseExpression(source: string, file: string): Expr {
  return run(source, file, () => getParser().expressionOnly());
}

/** A located problem, with the offset that orders it against the others. */
interface Problem {
  readonly offset: number;
  readonly error: PanError;
}

function run<T>(source: string, file: string, rule: () => T): T {
  const { tokens, problem: lexProblem } = tokenize(source);
  const lexError: Problem | undefined =
    lexProblem === undefined
      ? undefined
      : { offset: lexProblem.foundAt, error: parseError(lexProblem.message, file, rangeOf(source, lexProblem.start, lexProblem.end)) };

  setCurrentFile(file);
  const parser = getParser();
  parser.input = tokens;
  let result: T | undefined;
  let grammarError: Problem | undefined;
  try {
    result = rule();
    const recognition = parser.errors[0];
    if (recognition !== undefined) grammarError = fromRecognition(recognition, source, file, tokens);
  } catch (e) {
    grammarError = fromThrown(e, source, file);
  } finally {
    parser.input = [];
  }

  const first = earliest(lexError, grammarError);
  if (first !== undefined) throw first.error;
  return result as T;
}

function earliest(a: Problem | undefined, b: Problem | undefined): Problem | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.offset < a.offset ? b : a;
}

function fromRecognition(e: IRecognitionException, source: string, file: string, tokens: IToken[]): Problem {
  const token = e.token;
  if (Number.isNaN(token.startOffset) || token.startOffset === undefined) {
    const range = endOfFileRange(source, tokens);
    return { offset: source.length, error: parseError(e.message, file, range) };
  }
  return { offset: token.startOffset, error: parseError(e.message, file, tokenRange(token)) };
}

/** Errors raised by grammar actions (bad numbers...) or by the JavaScript engine. */
function fromThrown(e: unknown, source: string, file: string): Problem {
  if (e instanceof PanError) {
    return { offset: offsetOfRange(source, e.range), error: e };
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    // Nesting deep enough to exhaust the stack: report where it happened, do not crash.
    const token = getParser().currentToken();
    const offset = Number.isNaN(token.startOffset) ? source.length : token.startOffset;
    return { offset, error: parseError('expression nested too deeply', file, rangeOf(source, offset, offset)) };
  }
  throw e;
}

/** Just after the last token, or after the last non-blank character when there is none. */
function endOfFileRange(source: string, tokens: IToken[]): SourceRange {
  const last = tokens[tokens.length - 1];
  const offset = last === undefined ? source.trimEnd().length : (last.endOffset ?? 0) + 1;
  return rangeOf(source, offset, offset);
}

function offsetOfRange(source: string, range: SourceRange | undefined): number {
  if (range === undefined) return source.length;
  let line = 1;
  let offset = 0;
  while (line < range.startLine && offset < source.length) {
    const code = source.charCodeAt(offset++);
    if (code === 10 || (code === 13 && source.charCodeAt(offset) !== 10)) line++;
  }
  return offset + range.startCol - 1;
}

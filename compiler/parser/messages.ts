/**
 * Concise parse error messages (`unexpected ';', expecting an expression`)
 * instead of chevrotain's lists of token sequences.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain-runtime.js';
import { StringLiteral } from './tokens.js';

const { EOF, tokenMatcher } = chevrotain;

/** What a rule expects, for the rules whose alternatives are too many to list. */
const RULE_EXPECTATIONS: Readonly<Record<string, string>> = {
  operand: 'an expression',
  statement: 'a statement',
  template: 'a statement',
  baseType: 'a type',
  statementPath: 'a path',
  fieldName: 'a field name',
  rangeBound: 'a number',
  header: 'a template declaration',
};

export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  const image = token.image.length > 30 ? `${token.image.slice(0, 27)}...` : token.image;
  const shown = image.replace(/\r?\n|\r/g, '\\n');
  if (tokenMatcher(token, StringLiteral)) return `string ${shown}`;
  return `'${shown}'`;
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function firstTokenLabels(paths: TokenType[][]): string[] {
  const labels: string[] = [];
  for (const path of paths) {
    const first = path[0];
    if (first === undefined) continue;
    const text = label(first);
    if (!labels.includes(text)) labels.push(text);
  }
  return labels;
}

function joinAlternatives(labels: string[]): string {
  if (labels.length <= 1) return labels[0] ?? 'something else';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

function expectation(ruleName: string, paths: TokenType[][]): string {
  return RULE_EXPECTATIONS[ruleName] ?? joinAlternatives(firstTokenLabels(paths));
}

export const panErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `unexpected ${describeToken(actual)}, expecting ${label(expected)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant, ruleName }) {
    const expected = ruleName === 'template' ? 'a statement' : 'end of file';
    return `unexpected ${describeToken(firstRedundant)}, expecting ${expected}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const paths = expectedPathsPerAlt.flat();
    return `unexpected ${describeToken(actual[0]!)}, expecting ${expectation(ruleName, paths)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    return `unexpected ${describeToken(actual[0]!)}, expecting ${expectation(ruleName, expectedIterationPaths)}`;
  },
};

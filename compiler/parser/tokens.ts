/**
 * Pan tokens and the shared chevrotain lexer.
 *
 * Context-dependent bits are handled without a separate pre-pass:
 * - the template name (`se-dpm-disk.example.org`, `/obj/x`) is lexed in a
 *   mode entered after the `template` keyword;
 * - an unquoted path (`/a/b = 1;`) is only recognised where a statement
 *   path can stand, i.e. after `;`, `final`, `bind`, `valid`, `prefix`, an
 *   annotation, or at the start;
 * - here-document bodies are skipped with the white space (heredoc.ts).
 */
import type { IToken, ITokenConfig, TokenType } from 'chevrotain';
import { scanAnnotation } from './annotations.js';
import { scanHeredoc, scanWhiteSpace } from './heredoc.js';
import { chevrotain } from './chevrotain-runtime.js';
import { scanDoubleQuoted, scanSingleQuoted } from './strings.js';

const { createToken, Lexer } = chevrotain;

// ------------------------------------------------------------ layout

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: { exec: scanWhiteSpace },
  group: Lexer.SKIPPED,
  line_breaks: true,
  start_chars_hint: [' ', '\t', '\f', '\r', '\n'],
});

export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: Lexer.SKIPPED });

export const Annotation = createToken({
  name: 'Annotation',
  label: 'an annotation',
  pattern: { exec: scanAnnotation },
  line_breaks: true,
  start_chars_hint: ['@'],
});

// ------------------------------------------------------------ literals

/** Category of the three string forms; the decoded value is the token payload. */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: Lexer.NA, label: 'a string' });

export const SingleQuoted = createToken({
  name: 'SingleQuoted',
  pattern: { exec: scanSingleQuoted },
  categories: [StringLiteral],
  line_breaks: true,
  start_chars_hint: ["'"],
});

export const DoubleQuoted = createToken({
  name: 'DoubleQuoted',
  pattern: { exec: scanDoubleQuoted },
  categories: [StringLiteral],
  line_breaks: true,
  start_chars_hint: ['"'],
});

export const Heredoc = createToken({
  name: 'Heredoc',
  pattern: { exec: scanHeredoc },
  categories: [StringLiteral],
  line_breaks: false,
  start_chars_hint: ['<'],
});

// `1..` must stay a long followed by `..` (ranges such as `(1..5)`).
export const DoubleLiteral = createToken({
  name: 'DoubleLiteral',
  label: 'a number',
  pattern: /[0-9]+(?:\.(?!\.)[0-9]*(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)/,
});

export const LongLiteral = createToken({
  name: 'LongLiteral',
  label: 'a number',
  pattern: /0[xX][0-9a-fA-F]+|[0-9]+/,
});

// ------------------------------------------------------------ names

export const Identifier = createToken({ name: 'Identifier', label: 'a name', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

function keyword(word: string, extra: Partial<ITokenConfig> = {}): TokenType {
  const name = word.charAt(0).toUpperCase() + word.slice(1);
  return createToken({ name, label: `'${word}'`, pattern: word, longer_alt: Identifier, ...extra });
}

export const TemplateName = createToken({
  name: 'TemplateName',
  label: 'a template name',
  pattern: /[A-Za-z0-9_.+\-/]+/,
  pop_mode: true,
});

export const Template = keyword('template', { push_mode: 'templateName' });
export const ObjectKw = keyword('object');
export const Structure = keyword('structure');
export const Declaration = keyword('declaration');
export const Unique = keyword('unique');
export const Include = keyword('include');
export const Variable = keyword('variable');
export const Final = keyword('final');
export const Bind = keyword('bind');
export const Valid = keyword('valid');
export const Type = keyword('type');
export const FunctionKw = keyword('function');
export const Prefix = keyword('prefix');
export const Extensible = keyword('extensible');
export const With = keyword('with');
export const If = keyword('if');
export const Else = keyword('else');
export const While = keyword('while');
export const For = keyword('for');
export const Foreach = keyword('foreach');
export const True = keyword('true');
export const False = keyword('false');
export const Null = keyword('null');
export const Undef = keyword('undef');
/** Reserved, as in panc 10 (it introduced `choice(...)` types). */
export const Choice = keyword('choice');

// ------------------------------------------------------------ punctuation

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, label: `'${text}'`, pattern: text, categories });
}

/** Category of the binary operators; the parser maps them to BinaryOp and precedence. */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: 'an operator' });
const binary = [BinaryOperator];

export const Semicolon = punctuation('Semicolon', ';');
export const Comma = punctuation('Comma', ',');
export const Colon = punctuation('Colon', ':');
export const CondAssign = punctuation('CondAssign', '?=');
export const Question = punctuation('Question', '?');
export const DotDot = punctuation('DotDot', '..');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const LBracket = punctuation('LBracket', '[');
export const RBracket = punctuation('RBracket', ']');
export const LBrace = punctuation('LBrace', '{');
export const RBrace = punctuation('RBrace', '}');
export const OrOr = punctuation('OrOr', '||', binary);
export const AndAnd = punctuation('AndAnd', '&&', binary);
export const Pipe = punctuation('Pipe', '|', binary);
export const Caret = punctuation('Caret', '^', binary);
export const Amp = punctuation('Amp', '&', binary);
export const EqEq = punctuation('EqEq', '==', binary);
export const NotEq = punctuation('NotEq', '!=', binary);
export const Le = punctuation('Le', '<=', binary);
export const Ge = punctuation('Ge', '>=', binary);
export const Lt = punctuation('Lt', '<', binary);
export const Gt = punctuation('Gt', '>', binary);
export const Plus = punctuation('Plus', '+', binary);
export const Minus = punctuation('Minus', '-', binary);
export const Star = punctuation('Star', '*', binary);
// A regexp, not a string: chevrotain would take it for shadowed by UnquotedPath.
export const Slash = createToken({ name: 'Slash', label: "'/'", pattern: /\//, categories: binary });
export const Percent = punctuation('Percent', '%', binary);
export const Assign = punctuation('Assign', '=');
export const Bang = punctuation('Bang', '!');
export const Tilde = punctuation('Tilde', '~');

/** Token types after which a statement (and so an unquoted path) may start. */
const STATEMENT_STARTERS = new Set<TokenType>([Semicolon, Final, Bind, Valid, Prefix, Annotation]);

const UNQUOTED_PATH = /\/[A-Za-z0-9_.+\-/]*/y;

function scanUnquotedPath(text: string, offset: number, tokens: IToken[]): [string] | null {
  const previous = tokens.length === 0 ? undefined : tokens[tokens.length - 1]!.tokenType;
  if (previous !== undefined && !STATEMENT_STARTERS.has(previous)) return null;
  UNQUOTED_PATH.lastIndex = offset;
  const m = UNQUOTED_PATH.exec(text);
  return m === null ? null : [m[0]];
}

/** `/a/b/c` written without quotes where a statement path is expected. */
export const UnquotedPath = createToken({
  name: 'UnquotedPath',
  label: 'a path',
  pattern: { exec: scanUnquotedPath },
  line_breaks: false,
  start_chars_hint: ['/'],
});

/** `;` ending a header whose name is missing: leaves the template-name mode. */
const NameModeSemicolon = createToken({
  name: 'NameModeSemicolon',
  label: "';'",
  pattern: ';',
  categories: [Semicolon],
  pop_mode: true,
});

// ------------------------------------------------------------ lexer

// `foreach` before `for`, or `for` + longer_alt would lex `foreach` as a name.
const keywords = [
  Template, ObjectKw, Structure, Declaration, Unique, Include, Variable, Final, Bind, Valid, Type,
  FunctionKw, Prefix, Extensible, With, If, Else, While, Foreach, For, True, False, Null, Undef, Choice,
];

const mainMode: TokenType[] = [
  WhiteSpace, Comment, Annotation,
  SingleQuoted, DoubleQuoted, Heredoc,
  DoubleLiteral, LongLiteral,
  ...keywords, Identifier,
  UnquotedPath,
  Semicolon, Comma, Colon, CondAssign, Question, DotDot,
  LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  OrOr, AndAnd, Pipe, Caret, Amp, EqEq, NotEq, Le, Ge, Lt, Gt,
  Plus, Minus, Star, Slash, Percent, Assign, Bang, Tilde,
];

/** All token types, categories included, as the parser needs them. */
export const allTokenTypes: TokenType[] = [
  ...mainMode, TemplateName, NameModeSemicolon, StringLiteral, BinaryOperator,
];

/**
 * The lexer; `validate`: run chevrotain's checks of the token definitions. A
 * test does; the compiler skips them, a third of the lexer's construction in
 * every thread that parses (about 12 ms).
 */
export function buildLexer(validate: boolean): InstanceType<typeof Lexer> {
  return new Lexer(
    {
      modes: {
        main: mainMode,
        templateName: [WhiteSpace, Comment, TemplateName, NameModeSemicolon],
      },
      defaultMode: 'main',
    },
    { positionTracking: 'full', ensureOptimizations: true, skipValidations: !validate },
  );
}

export const panLexer = buildLexer(false);

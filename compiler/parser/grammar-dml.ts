/**
 * DML, Pan's expression language: the first layer of the grammar (types and
 * statements extend it). Rules build compiler/ast.ts nodes directly; code
 * touching token contents runs in ACTION(), which chevrotain skips while it
 * records the grammar.
 */
import type { IOrAlt, IToken } from 'chevrotain';
import type { BinaryOp, BlockExpr, Expr, UnaryOp } from '../ast.js';
import { parseError } from '../errors.js';
import { chevrotain } from './chevrotain-runtime.js';
import { spanRanges, spanTokens, spanTokenToRange, tokenRange } from './locations.js';
import { panErrorMessages } from './messages.js';
import { foldBinary } from './operators.js';
import { currentFileName, doubleValue, imageOf, longValue, stringValue } from './token-values.js';
import * as T from './tokens.js';

/** `-!x`: the operators apply from the innermost (last written) outwards. */
function applyUnary(ops: readonly IToken[], operand: Expr): Expr {
  let expr = operand;
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    expr = { kind: 'unary', op: imageOf(op) as UnaryOp, operand: expr, loc: spanTokenToRange(op, expr.loc) };
  }
  return expr;
}

export class DmlGrammar extends chevrotain.EmbeddedActionsParser {
  private primaryAlternatives: IOrAlt<Expr>[] | undefined;

  /**
   * `validateGrammar`: run chevrotain's grammar checks (ambiguities, left
   * recursion...) when the parser is built. A test does; the compiler skips
   * them, saving a third of the parser's start-up in every build that parses.
   */
  constructor(validateGrammar = false) {
    super(T.allTokenTypes, { maxLookahead: 3, errorMessageProvider: panErrorMessages, recoveryEnabled: false, skipValidations: !validateGrammar });
  }

  /**
   * A DML expression: operands joined by binary operators, then an optional
   * assignment (`x[i] = e`, right-associative). Operators and operands are
   * read in one flat loop and folded by precedence (operators.ts): fewer
   * nested rule calls than one rule per precedence level.
   */
  readonly dml = this.RULE('dml', (): Expr => {
    const first = this.LA(1);
    const head = this.SUBRULE(this.operand);
    let operands: Expr[] | undefined;
    let ops: BinaryOp[] | undefined;
    this.MANY(() => {
      const op = this.CONSUME(T.BinaryOperator);
      const operand = this.SUBRULE2(this.operand);
      this.ACTION(() => {
        (operands ??= [head]).push(operand);
        (ops ??= []).push(imageOf(op) as BinaryOp);
      });
    });
    let result = this.ACTION(() => (operands === undefined ? head : foldBinary(operands, ops!)));
    this.OPTION(() => {
      const assign = this.CONSUME(T.Assign);
      const value = this.SUBRULE(this.dml);
      this.ACTION(() => {
        // A parenthesised `(x) = 1` starts with `(`, not with the name.
        if (result.kind !== 'var' || first.tokenType === T.LParen) {
          throw parseError('only a variable, possibly subscripted, can be assigned to', currentFileName(), tokenRange(assign));
        }
        result = { kind: 'assign', name: result.name, indices: result.indices, value, loc: spanRanges(result.loc, value.loc) };
      });
    });
    return result;
  });

  /** Unary operators, then a literal, a name, a call, a parenthesised or block expression, or a control structure. */
  protected readonly operand = this.RULE('operand', (): Expr => {
    let unaryOps: IToken[] | undefined;
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.Bang) },
        { ALT: () => this.CONSUME(T.Tilde) },
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Plus) },
      ]);
      this.ACTION(() => (unaryOps ??= []).push(op));
    });
    // The alternatives are built once: they capture nothing but `this`.
    const operand = this.OR2((this.primaryAlternatives ??= this.buildPrimaryAlternatives()));
    return this.ACTION(() => (unaryOps === undefined ? operand : applyUnary(unaryOps, operand)));
  });

  /** Literals, names and calls, `( dml )`, blocks and control structures. */
  private buildPrimaryAlternatives(): IOrAlt<Expr>[] {
    return [
      { ALT: () => this.SUBRULE(this.nameExpr) },
      {
        ALT: () => {
          const token = this.CONSUME(T.StringLiteral);
          return this.ACTION(() => ({ kind: 'string' as const, value: stringValue(token), loc: tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.LongLiteral);
          return this.ACTION(() => ({ kind: 'long' as const, value: longValue(token), loc: tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.DoubleLiteral);
          return this.ACTION(() => ({ kind: 'double' as const, value: doubleValue(token), loc: tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.True);
          return this.ACTION(() => ({ kind: 'boolean' as const, value: true, loc: tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.False);
          return this.ACTION(() => ({ kind: 'boolean' as const, value: false, loc: tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.Null);
          return this.ACTION(() => ({ kind: 'null' as const, loc: tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.Undef);
          return this.ACTION(() => ({ kind: 'undef' as const, loc: tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.dml);
          this.CONSUME(T.RParen);
          return inner;
        },
      },
      { ALT: () => this.SUBRULE(this.block) },
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.whileExpr) },
      { ALT: () => this.SUBRULE(this.forExpr) },
      { ALT: () => this.SUBRULE(this.foreachExpr) },
    ];
  }

  /** `f(args)` or `x`, `x[i][j]`. */
  protected readonly nameExpr = this.RULE('nameExpr', (): Expr => {
    const name = this.CONSUME(T.Identifier);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const args: Expr[] = [];
          // A trailing comma is allowed: `dict('a', 1,)`.
          this.OPTION(() => {
            args.push(this.SUBRULE(this.dml));
            this.MANY(() => {
              this.CONSUME(T.Comma);
              const arg = this.SUBRULE2(this.dml);
              this.ACTION(() => args.push(arg));
            });
            this.OPTION2(() => this.CONSUME2(T.Comma));
          });
          const close = this.CONSUME(T.RParen);
          return this.ACTION(() => ({
            kind: 'call' as const,
            name: imageOf(name),
            nameLoc: tokenRange(name),
            args,
            loc: spanTokens(name, close),
          }));
        },
      },
      {
        ALT: () => {
          let indices: Expr[] | undefined;
          let last = name;
          this.MANY2(() => {
            this.CONSUME(T.LBracket);
            const index = this.SUBRULE3(this.dml);
            last = this.CONSUME(T.RBracket);
            this.ACTION(() => (indices ??= []).push(index));
          });
          return this.ACTION(() => ({ kind: 'var' as const, name: imageOf(name), indices: indices ?? [], loc: spanTokens(name, last) }));
        },
      },
    ]);
  });

  /** `{ e1; e2; }`: empty statements allowed, `;` between expressions required. */
  protected readonly block = this.RULE('block', (): BlockExpr => {
    const open = this.CONSUME(T.LBrace);
    const body: Expr[] = [];
    this.OPTION(() => {
      body.push(this.SUBRULE(this.dml));
    });
    this.MANY(() => {
      this.CONSUME(T.Semicolon);
      this.OPTION2(() => {
        const expr = this.SUBRULE2(this.dml);
        this.ACTION(() => body.push(expr));
      });
    });
    const close = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: 'block' as const, body, loc: spanTokens(open, close) }));
  });

  protected readonly ifExpr = this.RULE('ifExpr', (): Expr => {
    const start = this.CONSUME(T.If);
    this.CONSUME(T.LParen);
    const cond = this.SUBRULE(this.dml);
    this.CONSUME(T.RParen);
    const then = this.SUBRULE2(this.dml);
    let otherwise: Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Else);
      otherwise = this.SUBRULE3(this.dml);
    });
    return this.ACTION(() => {
      const loc = spanTokenToRange(start, (otherwise ?? then).loc);
      return otherwise === undefined
        ? { kind: 'if' as const, cond, then, loc }
        : { kind: 'if' as const, cond, then, else: otherwise, loc };
    });
  });

  protected readonly whileExpr = this.RULE('whileExpr', (): Expr => {
    const start = this.CONSUME(T.While);
    this.CONSUME(T.LParen);
    const cond = this.SUBRULE(this.dml);
    this.CONSUME(T.RParen);
    const body = this.SUBRULE2(this.dml);
    return this.ACTION(() => ({ kind: 'while' as const, cond, body, loc: spanTokenToRange(start, body.loc) }));
  });

  protected readonly forExpr = this.RULE('forExpr', (): Expr => {
    const start = this.CONSUME(T.For);
    this.CONSUME(T.LParen);
    const init = this.SUBRULE(this.dml);
    this.CONSUME(T.Semicolon);
    const cond = this.SUBRULE2(this.dml);
    this.CONSUME2(T.Semicolon);
    const step = this.SUBRULE3(this.dml);
    this.CONSUME(T.RParen);
    const body = this.SUBRULE4(this.dml);
    return this.ACTION(() => ({ kind: 'for' as const, init, cond, step, body, loc: spanTokenToRange(start, body.loc) }));
  });

  protected readonly foreachExpr = this.RULE('foreachExpr', (): Expr => {
    const start = this.CONSUME(T.Foreach);
    this.CONSUME(T.LParen);
    const key = this.CONSUME(T.Identifier);
    this.CONSUME(T.Semicolon);
    const value = this.CONSUME2(T.Identifier);
    this.CONSUME2(T.Semicolon);
    const collection = this.SUBRULE(this.dml);
    this.CONSUME(T.RParen);
    const body = this.SUBRULE2(this.dml);
    return this.ACTION(() => ({
      kind: 'foreach' as const,
      key: imageOf(key),
      value: imageOf(value),
      collection,
      body,
      loc: spanTokenToRange(start, body.loc),
    }));
  });

  /** The token the parser stopped at (to locate errors thrown by the JavaScript engine). */
  currentToken(): IToken {
    return this.LA(1);
  }

  /** Entry point for a lone expression (tests, tools). */
  readonly expressionOnly = this.RULE('expressionOnly', (): Expr => this.SUBRULE(this.dml));
}

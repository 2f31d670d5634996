/**
 * Type specifications (`type`, `bind`, record fields): base types, records,
 * choices, ranges and suffixes, defaults and `with` clauses.
 */
import type { IToken } from 'chevrotain';
import type {
  Annotation,
  BaseTypeSpec,
  Expr,
  RangeSpec,
  RecordField,
  RecordMember,
  RecordTypeSpec,
  SourceRange,
  TypeSpec,
} from '../ast.js';
import { DmlGrammar } from './grammar-dml.js';
import { spanRanges, spanRangeToToken, spanTokens, spanTokenToRange, tokenRange } from './locations.js';
import { annotationOf, imageOf, longValue, stringValue, type Mutable } from './token-values.js';
import * as T from './tokens.js';

/** Range bounds as parsed, before the delimiters give the range its location. */
interface RangeBody {
  min?: bigint;
  max?: bigint;
  empty: boolean;
}

/** A parenthesised range and where it is (also when empty). */
interface ParenRange {
  readonly range: RangeSpec | undefined;
  readonly loc: SourceRange;
}

function rangeSpec(body: RangeBody, open: IToken, close: IToken): RangeSpec {
  const range: Mutable<RangeSpec> = { loc: spanTokens(open, close) };
  if (body.min !== undefined) range.min = body.min;
  if (body.max !== undefined) range.max = body.max;
  return range;
}

export class TypeGrammar extends DmlGrammar {
  /** Base type with suffixes, then optional `= default` and `with validation`. */
  protected readonly typeSpec = this.RULE('typeSpec', (): TypeSpec => {
    const base = this.SUBRULE(this.suffixedType);
    let defaultValue: Expr | undefined;
    let validation: Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Assign);
      defaultValue = this.SUBRULE(this.dml);
    });
    this.OPTION2(() => {
      this.CONSUME(T.With);
      validation = this.SUBRULE2(this.dml);
    });
    return this.ACTION(() => {
      const last = validation ?? defaultValue ?? base;
      const spec: Mutable<TypeSpec> = { base, loc: spanRanges(base.loc, last.loc) };
      if (defaultValue !== undefined) spec.default = defaultValue;
      if (validation !== undefined) spec.validation = validation;
      return spec;
    });
  });

  /** `T`, then any number of `[]`, `[range]`, `{}`, `{range}` and `*`. */
  protected readonly suffixedType = this.RULE('suffixedType', (): BaseTypeSpec => {
    let type = this.SUBRULE(this.baseType);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const open = this.CONSUME(T.LBracket);
            const body = this.SUBRULE(this.rangeBody);
            const close = this.CONSUME(T.RBracket);
            this.ACTION(() => {
              const list: Mutable<BaseTypeSpec> = { kind: 'list', element: type, loc: spanRangeToToken(type.loc, close) };
              if (!body.empty) (list as { range?: RangeSpec }).range = rangeSpec(body, open, close);
              type = list;
            });
          },
        },
        {
          ALT: () => {
            const open = this.CONSUME(T.LBrace);
            const body = this.SUBRULE2(this.rangeBody);
            const close = this.CONSUME(T.RBrace);
            this.ACTION(() => {
              const dict: Mutable<BaseTypeSpec> = { kind: 'dict', element: type, loc: spanRangeToToken(type.loc, close) };
              if (!body.empty) (dict as { range?: RangeSpec }).range = rangeSpec(body, open, close);
              type = dict;
            });
          },
        },
        {
          ALT: () => {
            const star = this.CONSUME(T.Star);
            this.ACTION(() => {
              type = { kind: 'link', element: type, loc: spanRangeToToken(type.loc, star) };
            });
          },
        },
      ]);
    });
    return type;
  });

  protected readonly baseType = this.RULE('baseType', (): BaseTypeSpec => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.choiceType) },
      { ALT: () => this.SUBRULE(this.typeRef) },
      { ALT: () => this.SUBRULE(this.recordType) },
    ]);
  });

  protected readonly typeRef = this.RULE('typeRef', (): BaseTypeSpec => {
    const name = this.CONSUME(T.Identifier);
    const parens = this.OPTION(() => this.SUBRULE(this.parenRange));
    return this.ACTION(() => {
      if (parens === undefined) return { kind: 'ref' as const, name: imageOf(name), loc: tokenRange(name) };
      const loc = spanTokenToRange(name, parens.loc);
      const range = parens.range;
      return range === undefined ? { kind: 'ref' as const, name: imageOf(name), loc } : { kind: 'ref' as const, name: imageOf(name), range, loc };
    });
  });

  protected readonly choiceType = this.RULE('choiceType', (): BaseTypeSpec => {
    const start = this.CONSUME(T.Choice);
    this.CONSUME(T.LParen);
    const choices: Expr[] = [this.SUBRULE(this.dml)];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      const choice = this.SUBRULE2(this.dml);
      this.ACTION(() => choices.push(choice));
    });
    this.OPTION2(() => this.CONSUME2(T.Comma));
    const close = this.CONSUME(T.RParen);
    const parens = this.OPTION(() => this.SUBRULE(this.parenRange));
    return this.ACTION(() => {
      const loc = parens === undefined ? spanTokens(start, close) : spanTokenToRange(start, parens.loc);
      const range = parens?.range;
      return range === undefined ? { kind: 'choice' as const, choices, loc } : { kind: 'choice' as const, choices, range, loc };
    });
  });

  protected readonly recordType = this.RULE('recordType', (): RecordTypeSpec => {
    let extensible: IToken | undefined;
    this.OPTION(() => {
      extensible = this.CONSUME(T.Extensible);
    });
    const open = this.CONSUME(T.LBrace);
    const members: RecordMember[] = [];
    let pending: Annotation[] | undefined;
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const token = this.CONSUME(T.Annotation);
            this.ACTION(() => (pending ??= []).push(annotationOf(token)));
          },
        },
        {
          ALT: () => {
            const member = this.SUBRULE(this.recordMember);
            this.ACTION(() => {
              if (pending !== undefined && member.kind === 'field') (member as Mutable<RecordField>).annotations = pending;
              pending = undefined;
              members.push(member);
            });
          },
        },
      ]);
    });
    const close = this.CONSUME(T.RBrace);
    const parens = this.OPTION2(() => this.SUBRULE(this.parenRange));
    return this.ACTION(() => {
      const start = extensible ?? open;
      const loc = parens === undefined ? spanTokens(start, close) : spanTokenToRange(start, parens.loc);
      const record: Mutable<RecordTypeSpec> = { kind: 'record', extensible: extensible !== undefined, members, loc };
      if (parens?.range !== undefined) record.range = parens.range;
      return record;
    });
  });

  /** `include name` or `'name' : type` / `name ? type`. */
  protected readonly recordMember = this.RULE('recordMember', (): RecordMember => {
    return this.OR([
      {
        ALT: () => {
          const start = this.CONSUME(T.Include);
          const name = this.CONSUME(T.Identifier);
          return this.ACTION(() => ({ kind: 'include' as const, name: imageOf(name), loc: spanTokens(start, name) }));
        },
      },
      {
        ALT: () => {
          const name = this.SUBRULE(this.fieldName);
          const required = this.SUBRULE(this.fieldRequirement);
          const type = this.SUBRULE(this.typeSpec);
          return this.ACTION(() => ({
            kind: 'field' as const,
            name: imageOf(name),
            nameLoc: tokenRange(name),
            required,
            type,
            loc: spanTokenToRange(name, type.loc),
          }));
        },
      },
    ]);
  });

  /** `:` (required field) or `?` (optional); true when required. */
  protected readonly fieldRequirement = this.RULE('fieldRequirement', (): boolean => {
    return this.OR([
      { ALT: () => (this.CONSUME(T.Colon), true) },
      { ALT: () => (this.CONSUME(T.Question), false) },
    ]);
  });

  /** The field name token; its image is replaced by the decoded name. */
  protected readonly fieldName = this.RULE('fieldName', (): { image: string } & IToken => {
    return this.OR([
      {
        ALT: () => {
          const token = this.CONSUME(T.StringLiteral);
          return this.ACTION(() => ({ ...token, image: stringValue(token) }));
        },
      },
      { ALT: () => this.CONSUME(T.Identifier) },
    ]);
  });

  /**
   * `(n)`, `(a..b)`, `(a..)`, `(..b)`; also `()`, as in `dict()` used as a
   * type, which is no range at all (undefined).
   */
  protected readonly parenRange = this.RULE('parenRange', (): ParenRange => {
    const open = this.CONSUME(T.LParen);
    const body = this.SUBRULE(this.rangeBody);
    const close = this.CONSUME(T.RParen);
    return this.ACTION(() => ({ range: body.empty ? undefined : rangeSpec(body, open, close), loc: spanTokens(open, close) }));
  });

  /** The inside of a range; a single bound `n` means exactly `n..n`. */
  protected readonly rangeBody = this.RULE('rangeBody', (): RangeBody => {
    const body: RangeBody = { empty: true };
    let dots = false;
    this.OPTION(() => {
      const min = this.SUBRULE(this.rangeBound);
      this.ACTION(() => {
        body.min = min;
        body.empty = false;
      });
    });
    this.OPTION2(() => {
      this.CONSUME(T.DotDot);
      dots = true;
      this.OPTION3(() => {
        const max = this.SUBRULE2(this.rangeBound);
        this.ACTION(() => {
          body.max = max;
        });
      });
    });
    this.ACTION(() => {
      if (dots) body.empty = false;
      else if (body.min !== undefined) body.max = body.min;
    });
    return body;
  });

  protected readonly rangeBound = this.RULE('rangeBound', (): bigint => {
    let negative = false;
    this.OPTION(() => {
      this.OR([{ ALT: () => (this.CONSUME(T.Minus), (negative = true)) }, { ALT: () => this.CONSUME(T.Plus) }]);
    });
    const number = this.CONSUME(T.LongLiteral);
    return this.ACTION(() => (negative ? -longValue(number) : longValue(number)));
  });

}

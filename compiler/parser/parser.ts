/**
 * The Pan grammar: templates and their statements, on top of the type and
 * DML grammars. One instance is shared (see index.ts): chevrotain's grammar
 * analysis runs once, at module load.
 */
import type { IToken } from 'chevrotain';
import type { Annotation, PathLiteral, Statement, TemplateAst, TemplateKind } from '../ast.js';
import { TypeGrammar } from './grammar-types.js';
import { spanRangeToToken, spanTokens, tokenRange } from './locations.js';
import { annotationOf, imageOf, stringValue, type Mutable } from './token-values.js';
import * as T from './tokens.js';

export { setCurrentFile } from './token-values.js';

const TEMPLATE_KINDS: Readonly<Record<string, TemplateKind>> = {
  object: 'object',
  structure: 'structure',
  declaration: 'declaration',
  unique: 'unique',
};

export class PanParser extends TypeGrammar {
  constructor(validateGrammar = false) {
    super(validateGrammar);
    this.performSelfAnalysis();
  }

  // ---------------------------------------------------------------- template

  readonly template = this.RULE('template', (): TemplateAst => {
    const annotations: Annotation[] = [];
    this.MANY(() => {
      const token = this.CONSUME(T.Annotation);
      this.ACTION(() => annotations.push(annotationOf(token)));
    });
    const header = this.SUBRULE(this.header);
    const statements: Statement[] = [];
    let pending: Annotation[] | undefined;
    this.MANY2(() => {
      this.OR([
        {
          ALT: () => {
            const token = this.CONSUME2(T.Annotation);
            this.ACTION(() => (pending ??= []).push(annotationOf(token)));
          },
        },
        { ALT: () => this.CONSUME(T.Semicolon) },
        {
          ALT: () => {
            const statement = this.SUBRULE(this.statement);
            this.ACTION(() => {
              if (pending !== undefined) (statement as Mutable<Statement>).annotations = pending;
              pending = undefined;
              statements.push(statement);
            });
          },
        },
      ]);
    });
    return this.ACTION(() => ({ ...header, annotations, statements }));
  });

  private readonly header = this.RULE('header', () => {
    let first: IToken | undefined;
    this.OPTION(() => {
      first = this.OR([
        { ALT: () => this.CONSUME(T.ObjectKw) },
        { ALT: () => this.CONSUME(T.Structure) },
        { ALT: () => this.CONSUME(T.Declaration) },
        { ALT: () => this.CONSUME(T.Unique) },
      ]);
    });
    const templateToken = this.CONSUME(T.Template);
    const name = this.CONSUME(T.TemplateName);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      kind: first === undefined ? ('ordinary' as const) : TEMPLATE_KINDS[first.image]!,
      name: imageOf(name),
      nameLoc: tokenRange(name),
      headerLoc: spanTokens(first ?? templateToken, end),
    }));
  });

  // ---------------------------------------------------------------- statements

  private readonly statement = this.RULE('statement', (): Statement => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.includeStatement) },
      { ALT: () => this.SUBRULE(this.finalStatement) },
      { ALT: () => this.SUBRULE(this.variableStatement, { ARGS: [undefined] }) },
      { ALT: () => this.SUBRULE(this.assignStatement, { ARGS: [undefined] }) },
      { ALT: () => this.SUBRULE(this.bindStatement) },
      { ALT: () => this.SUBRULE(this.validStatement) },
      { ALT: () => this.SUBRULE(this.typeStatement) },
      { ALT: () => this.SUBRULE(this.functionStatement) },
      { ALT: () => this.SUBRULE(this.prefixStatement) },
    ]);
  });

  private readonly finalStatement = this.RULE('finalStatement', (): Statement => {
    const finalToken = this.CONSUME(T.Final);
    return this.OR([
      { ALT: () => this.SUBRULE(this.variableStatement, { ARGS: [finalToken] }) },
      { ALT: () => this.SUBRULE(this.assignStatement, { ARGS: [finalToken] }) },
    ]);
  });

  private readonly includeStatement = this.RULE('includeStatement', (): Statement => {
    const start = this.CONSUME(T.Include);
    const expr = this.SUBRULE(this.dml);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({ kind: 'include' as const, expr, loc: spanTokens(start, end) }));
  });

  private readonly variableStatement = this.RULE('variableStatement', (finalToken: IToken | undefined): Statement => {
    const keyword = this.CONSUME(T.Variable);
    const name = this.CONSUME(T.Identifier);
    const conditional = this.SUBRULE(this.assignOperator);
    const expr = this.SUBRULE(this.dml);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      kind: 'variable' as const,
      name: imageOf(name),
      nameLoc: tokenRange(name),
      final: finalToken !== undefined,
      conditional,
      expr,
      loc: spanTokens(finalToken ?? keyword, end),
    }));
  });

  private readonly assignStatement = this.RULE('assignStatement', (finalToken: IToken | undefined): Statement => {
    const path = this.SUBRULE(this.statementPath);
    const conditional = this.SUBRULE(this.assignOperator);
    const expr = this.SUBRULE(this.dml);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      kind: 'assign' as const,
      path,
      final: finalToken !== undefined,
      conditional,
      expr,
      loc: finalToken === undefined ? spanRangeToToken(path.loc, end) : spanTokens(finalToken, end),
    }));
  });

  /** `=` or `?=`; true for the conditional form. */
  private readonly assignOperator = this.RULE('assignOperator', (): boolean => {
    return this.OR([
      { ALT: () => (this.CONSUME(T.Assign), false) },
      { ALT: () => (this.CONSUME(T.CondAssign), true) },
    ]);
  });

  private readonly bindStatement = this.RULE('bindStatement', (): Statement => {
    const start = this.CONSUME(T.Bind);
    const path = this.SUBRULE(this.statementPath);
    this.CONSUME(T.Assign);
    const type = this.SUBRULE(this.typeSpec);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({ kind: 'bind' as const, path, type, loc: spanTokens(start, end) }));
  });

  private readonly validStatement = this.RULE('validStatement', (): Statement => {
    const start = this.CONSUME(T.Valid);
    const path = this.SUBRULE(this.statementPath);
    this.CONSUME(T.Assign);
    const expr = this.SUBRULE(this.dml);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({ kind: 'valid' as const, path, expr, loc: spanTokens(start, end) }));
  });

  private readonly typeStatement = this.RULE('typeStatement', (): Statement => {
    const start = this.CONSUME(T.Type);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    const type = this.SUBRULE(this.typeSpec);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      kind: 'type' as const,
      name: imageOf(name),
      nameLoc: tokenRange(name),
      type,
      loc: spanTokens(start, end),
    }));
  });

  private readonly functionStatement = this.RULE('functionStatement', (): Statement => {
    const start = this.CONSUME(T.FunctionKw);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    const body = this.SUBRULE(this.dml);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      kind: 'function' as const,
      name: imageOf(name),
      nameLoc: tokenRange(name),
      body,
      loc: spanTokens(start, end),
    }));
  });

  private readonly prefixStatement = this.RULE('prefixStatement', (): Statement => {
    const start = this.CONSUME(T.Prefix);
    const path = this.SUBRULE(this.statementPath);
    const end = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({ kind: 'prefix' as const, path, loc: spanTokens(start, end) }));
  });

  /** A quoted string or an unquoted `/a/b` path. */
  private readonly statementPath = this.RULE('statementPath', (): PathLiteral => {
    return this.OR([
      {
        ALT: () => {
          const token = this.CONSUME(T.StringLiteral);
          return this.ACTION(() => ({ text: stringValue(token), loc: tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.UnquotedPath);
          return this.ACTION(() => ({ text: imageOf(token), loc: tokenRange(token) }));
        },
      },
    ]);
  });

}

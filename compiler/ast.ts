/**
 * Abstract syntax tree of Pan templates: the contract between the parser
 * (compiler/parser) and the later stages (compiler/analysis, compiler/eval).
 *
 * The tree is plain data: no classes, no methods, so that it can be cached,
 * serialised (v8.serialize) and shared between worker threads.
 *
 * Every node has a `loc`: 1-based line and column of its first and last
 * character, both inclusive, as panc reports them (`file:12.18-12.28`).
 */

export interface SourceRange {
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  readonly endCol: number;
}

export type TemplateKind = 'object' | 'ordinary' | 'unique' | 'declaration' | 'structure';

/** `@name{...}`, `@{...}` or `@(...)` annotation blocks, kept as written. */
export interface Annotation {
  /** Annotation name (`documentation` in `@documentation{...}`), '' when anonymous. */
  readonly name: string;
  /** Raw text between the delimiters. For the `@(k=v ...)` form, also parsed into `entries`. */
  readonly text: string;
  readonly entries?: ReadonlyArray<{ readonly key: string; readonly value: string }>;
  readonly loc: SourceRange;
}

export interface TemplateAst {
  readonly kind: TemplateKind;
  /** Name as declared in the header (`object template a/b;` gives `a/b`). */
  readonly name: string;
  readonly nameLoc: SourceRange;
  /** The whole `... template name;` header. */
  readonly headerLoc: SourceRange;
  readonly annotations: readonly Annotation[];
  readonly statements: readonly Statement[];
}

// ---------------------------------------------------------------- statements

export type Statement =
  | IncludeStatement
  | VariableStatement
  | AssignmentStatement
  | BindStatement
  | ValidStatement
  | TypeStatement
  | FunctionStatement
  | PrefixStatement;

interface StatementBase {
  readonly loc: SourceRange;
  /** Annotations written just before the statement, if any. */
  readonly annotations?: readonly Annotation[];
}

/** `include EXPR;` (EXPR may be a bare string, a `{ DML }` block, a variable, a call...). */
export interface IncludeStatement extends StatementBase {
  readonly kind: 'include';
  readonly expr: Expr;
}

/** `[final] variable NAME = DML;` or `variable NAME ?= DML;` */
export interface VariableStatement extends StatementBase {
  readonly kind: 'variable';
  readonly name: string;
  readonly nameLoc: SourceRange;
  readonly final: boolean;
  /** `?=`: only assign when the variable is undefined or null. */
  readonly conditional: boolean;
  readonly expr: Expr;
}

/** `[final] PATH = DML;` or `[final] PATH ?= DML;` */
export interface AssignmentStatement extends StatementBase {
  readonly kind: 'assign';
  readonly path: PathLiteral;
  readonly final: boolean;
  readonly conditional: boolean;
  readonly expr: Expr;
}

/** `bind PATH = TYPESPEC;` */
export interface BindStatement extends StatementBase {
  readonly kind: 'bind';
  readonly path: PathLiteral;
  readonly type: TypeSpec;
}

/** `valid PATH = DML;` */
export interface ValidStatement extends StatementBase {
  readonly kind: 'valid';
  readonly path: PathLiteral;
  readonly expr: Expr;
}

/** `type NAME = TYPESPEC;` */
export interface TypeStatement extends StatementBase {
  readonly kind: 'type';
  readonly name: string;
  readonly nameLoc: SourceRange;
  readonly type: TypeSpec;
}

/** `function NAME = DML;` */
export interface FunctionStatement extends StatementBase {
  readonly kind: 'function';
  readonly name: string;
  readonly nameLoc: SourceRange;
  readonly body: Expr;
}

/** `prefix PATH;` */
export interface PrefixStatement extends StatementBase {
  readonly kind: 'prefix';
  readonly path: PathLiteral;
}

/**
 * A path as written in a statement, after string-literal unescaping but
 * before any interpretation: `/a/b`, `a/b`, `/a/{x y}/c`, `/x/${VAR}`,
 * `other:/a`. The evaluator splits it into terms (compiler/model/path.ts).
 */
export interface PathLiteral {
  readonly text: string;
  readonly loc: SourceRange;
}

// ---------------------------------------------------------------- types

/** A full type specification: base type, optional default and `with` clause. */
export interface TypeSpec {
  readonly base: BaseTypeSpec;
  /** `= DML` default value (must fold to a constant: checked by analysis). */
  readonly default?: Expr;
  /** `with DML` validation expression. */
  readonly validation?: Expr;
  readonly loc: SourceRange;
}

export type BaseTypeSpec =
  | TypeRef
  | RecordTypeSpec
  | ChoiceTypeSpec
  | ListTypeSpec
  | DictTypeSpec
  | LinkTypeSpec;

/** `long`, `string(1..8)`, `type_fqdn`... (built-in or user type by name). */
export interface TypeRef {
  readonly kind: 'ref';
  readonly name: string;
  readonly range?: RangeSpec;
  readonly loc: SourceRange;
}

/** `[extensible] { include t  'a' : long  'b' ? string = 'x' ... }` */
export interface RecordTypeSpec {
  readonly kind: 'record';
  readonly extensible: boolean;
  readonly members: readonly RecordMember[];
  readonly range?: RangeSpec;
  readonly loc: SourceRange;
}

export type RecordMember = RecordField | RecordInclude;

export interface RecordField {
  readonly kind: 'field';
  readonly name: string;
  readonly nameLoc: SourceRange;
  /** `:` is required, `?` optional. */
  readonly required: boolean;
  readonly type: TypeSpec;
  readonly loc: SourceRange;
  readonly annotations?: readonly Annotation[];
}

export interface RecordInclude {
  readonly kind: 'include';
  readonly name: string;
  readonly loc: SourceRange;
}

/** `choice('a', 'b')`, optionally followed by a range on the string length. */
export interface ChoiceTypeSpec {
  readonly kind: 'choice';
  readonly choices: readonly Expr[];
  readonly range?: RangeSpec;
  readonly loc: SourceRange;
}

/** `T[]` or `T[range]`. */
export interface ListTypeSpec {
  readonly kind: 'list';
  readonly element: BaseTypeSpec;
  readonly range?: RangeSpec;
  readonly loc: SourceRange;
}

/** `T{}` or `T{range}`. */
export interface DictTypeSpec {
  readonly kind: 'dict';
  readonly element: BaseTypeSpec;
  readonly range?: RangeSpec;
  readonly loc: SourceRange;
}

/** `T*`: a string holding the path of an element of type T. */
export interface LinkTypeSpec {
  readonly kind: 'link';
  readonly element: BaseTypeSpec;
  readonly loc: SourceRange;
}

/** `(n)`, `(a..b)`, `(a..)`, `(..b)`; bounds are longs (possibly negative, hex or octal). */
export interface RangeSpec {
  readonly min?: bigint;
  readonly max?: bigint;
  readonly loc: SourceRange;
}

// ---------------------------------------------------------------- DML

export type Expr =
  | LongLiteral
  | DoubleLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | UndefLiteral
  | VariableRef
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | AssignExpr
  | IfExpr
  | WhileExpr
  | ForExpr
  | ForeachExpr
  | BlockExpr;

export interface LongLiteral {
  readonly kind: 'long';
  /** Already parsed from decimal, 0x hex or 0 octal. */
  readonly value: bigint;
  readonly loc: SourceRange;
}

export interface DoubleLiteral {
  readonly kind: 'double';
  readonly value: number;
  readonly loc: SourceRange;
}

export interface StringLiteral {
  readonly kind: 'string';
  /** Value after escape processing (single, double-quoted and heredoc strings). */
  readonly value: string;
  readonly loc: SourceRange;
}

export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly loc: SourceRange;
}

export interface NullLiteral {
  readonly kind: 'null';
  readonly loc: SourceRange;
}

export interface UndefLiteral {
  readonly kind: 'undef';
  readonly loc: SourceRange;
}

/** `x`, `x[1]['a']`, `SELF[0]`, `ARGV[1]`: a variable with optional subscripts. */
export interface VariableRef {
  readonly kind: 'var';
  readonly name: string;
  readonly indices: readonly Expr[];
  readonly loc: SourceRange;
}

/** `f(a, b)`: built-in or user function call. `return(x)` is a call named `return`. */
export interface CallExpr {
  readonly kind: 'call';
  readonly name: string;
  readonly nameLoc: SourceRange;
  readonly args: readonly Expr[];
  readonly loc: SourceRange;
}

export type UnaryOp = '-' | '+' | '!' | '~';

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly loc: SourceRange;
}

export type BinaryOp =
  | '||' | '&&'
  | '|' | '^' | '&'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly loc: SourceRange;
}

/** `x = e`, `x[i]['k'] = e`, `SELF[0] = e`. Assignment is an expression (`a = b = 1`). */
export interface AssignExpr {
  readonly kind: 'assign';
  readonly name: string;
  readonly indices: readonly Expr[];
  readonly value: Expr;
  readonly loc: SourceRange;
}

/** `if (c) a` / `if (c) a else b`; branches are single expressions or blocks. */
export interface IfExpr {
  readonly kind: 'if';
  readonly cond: Expr;
  readonly then: Expr;
  readonly else?: Expr;
  readonly loc: SourceRange;
}

export interface WhileExpr {
  readonly kind: 'while';
  readonly cond: Expr;
  readonly body: Expr;
  readonly loc: SourceRange;
}

export interface ForExpr {
  readonly kind: 'for';
  readonly init: Expr;
  readonly cond: Expr;
  readonly step: Expr;
  readonly body: Expr;
  readonly loc: SourceRange;
}

/** `foreach (k; v; collection) body` */
export interface ForeachExpr {
  readonly kind: 'foreach';
  readonly key: string;
  readonly value: string;
  readonly collection: Expr;
  readonly body: Expr;
  readonly loc: SourceRange;
}

/** `{ e1; e2; ... }`: value of the last expression. */
export interface BlockExpr {
  readonly kind: 'block';
  readonly body: readonly Expr[];
  readonly loc: SourceRange;
}

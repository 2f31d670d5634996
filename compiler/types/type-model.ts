/**
 * Pan types as the compiler holds them: built once per template (they are
 * shared between objects), with references to other types by name resolved
 * per object (ObjectContext.types) when validating.
 */
import type { SourceRange } from '../ast.js';
import type { PanValue } from '../model/values.js';
import type { CompiledBody } from '../eval/compiled.js';

/** Inclusive bounds; either may be absent. */
export interface Range {
  readonly min?: bigint;
  readonly max?: bigint;
}

export interface FullType {
  readonly base: BaseType;
  /** Frozen constant default (type defaults must be constants). */
  readonly defaultValue?: PanValue;
  /** `with` validation, run with SELF = the value. */
  readonly validation?: CompiledBody;
  /** Name when this is a named type definition (`type NAME = ...`). */
  readonly name?: string;
  readonly file: string;
  readonly loc: SourceRange;
  /** Random tag for definition fingerprints (type-env.ts). */
  readonly tag: number;
}

export type BuiltinTypeName =
  | 'element' | 'property' | 'boolean' | 'long' | 'double' | 'number' | 'string'
  | 'resource' | 'list' | 'nlist' | 'dict';

export type BaseType =
  | { readonly kind: 'builtin'; readonly name: BuiltinTypeName; readonly range?: Range }
  | { readonly kind: 'ref'; readonly name: string; readonly range?: Range; readonly loc: SourceRange }
  | RecordType
  | { readonly kind: 'choice'; readonly values: ReadonlySet<string>; readonly range?: Range }
  | { readonly kind: 'list'; readonly element: FullType; readonly range?: Range }
  | { readonly kind: 'dict'; readonly element: FullType; readonly range?: Range }
  | { readonly kind: 'link'; readonly element: FullType };

export interface RecordField {
  readonly name: string;
  readonly required: boolean;
  readonly type: FullType;
}

export interface RecordType {
  readonly kind: 'record';
  readonly extensible: boolean;
  /** Own fields, in declaration order. */
  readonly fields: readonly RecordField[];
  /** Names of included record types, in order. */
  readonly includes: readonly { readonly name: string; readonly loc: SourceRange }[];
  readonly range?: Range;
}

export const BUILTIN_TYPES: ReadonlySet<string> = new Set<BuiltinTypeName>([
  'element', 'property', 'boolean', 'long', 'double', 'number', 'string', 'resource', 'list', 'nlist', 'dict',
]);

export function formatRange(r: Range): string {
  if (r.min !== undefined && r.max !== undefined && r.min === r.max) return `[${r.min}]`;
  return `[${r.min ?? ''}..${r.max ?? ''}]`;
}

/** Readable name of a type for messages. */
export function typeName(t: FullType): string {
  if (t.name) return t.name;
  return baseTypeName(t.base);
}

export function baseTypeName(b: BaseType): string {
  switch (b.kind) {
    case 'builtin':
    case 'ref': return b.name + (b.range ? formatRange(b.range) : '');
    case 'record': return 'record';
    case 'choice': return `choice(${[...b.values].map((v) => `'${v}'`).join(', ')})`;
    case 'list': return `${typeName(b.element)}[]`;
    case 'dict': return `${typeName(b.element)}{}`;
    case 'link': return `${typeName(b.element)}*`;
  }
}

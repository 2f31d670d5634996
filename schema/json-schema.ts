/**
 * The subset of JSON Schema (draft 2020-12) that panfab's profile schemas
 * use. The Pan and TypeScript generators understand exactly this subset and
 * reject anything else, so that the three views of a profile cannot drift.
 */

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

export type JsonScalar = string | number | boolean;

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  // objects
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  unevaluatedProperties?: boolean;
  propertyNames?: JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  // arrays
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  // scalars
  enum?: JsonScalar[];
  const?: JsonScalar;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  // composition
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  // panfab annotations
  /** Pan type name of a schema file's root (for `$defs`, the key is the name). */
  'x-pan-name'?: string;
  /** The Pan type is hand-written in templates/panfab/types/base.pan, not generated. */
  'x-pan-base'?: boolean;
  /** TypeScript name of the interface or alias generated into schema/types.ts. */
  'x-ts-name'?: string;
}

/** The annotation keywords above, registered with ajv so that strict mode accepts them. */
export const PANFAB_KEYWORDS = ['x-pan-name', 'x-pan-base', 'x-ts-name'] as const;

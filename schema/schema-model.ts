/**
 * The profile schemas seen as a set of named types, for the generators
 * (Pan types, TypeScript types): reference resolution and naming.
 *
 * A schema file's root is named by its `x-pan-name`; a `$defs` entry by its
 * key, which is its Pan type name (type_* for scalars, structure_* for
 * records). References take three forms only: `#/$defs/N`, `f.schema.json`
 * and `f.schema.json#/$defs/N`.
 */
import type { JsonSchema } from './json-schema.js';
import type { SchemaFile } from './schemas.js';

/** A schema reachable by `$ref`: a file root or a `$defs` entry. */
export interface NamedSchema {
  readonly file: string;
  /** `$defs` key, or undefined for the file root. */
  readonly defName: string | undefined;
  readonly schema: JsonSchema;
}

export class SchemaGenerationError extends Error {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'SchemaGenerationError';
  }
}

/** Keywords the generators understand; any other would be silently lost in Pan and TypeScript. */
const SUPPORTED_KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$defs', 'title', 'description', 'type',
  'properties', 'required', 'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'minProperties', 'maxProperties',
  'items', 'minItems', 'maxItems', 'uniqueItems',
  'enum', 'const', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'default',
  'allOf', 'if', 'then',
  'x-pan-name', 'x-pan-base', 'x-ts-name',
]);

/** Subschema-valued keywords, to walk a schema. */
const SCHEMA_MAPS = ['properties', '$defs'] as const;
const SCHEMA_VALUES = ['additionalProperties', 'propertyNames', 'items', 'if', 'then'] as const;

/** Throw on the first keyword outside SUPPORTED_KEYWORDS. */
export function checkKeywords(schema: JsonSchema, where: string): void {
  for (const key of Object.keys(schema)) {
    if (!SUPPORTED_KEYWORDS.has(key)) throw new SchemaGenerationError(where, `keyword '${key}' is not supported by the generators`);
  }
  for (const map of SCHEMA_MAPS) {
    for (const [name, sub] of Object.entries(schema[map] ?? {})) checkKeywords(sub, `${where}/${map}/${name}`);
  }
  for (const key of SCHEMA_VALUES) {
    const sub = schema[key];
    if (typeof sub === 'object') checkKeywords(sub, `${where}/${key}`);
  }
  (schema.allOf ?? []).forEach((sub, i) => checkKeywords(sub, `${where}/allOf/${i}`));
}

export class SchemaSet {
  private readonly byFile = new Map<string, JsonSchema>();

  constructor(readonly files: readonly SchemaFile[]) {
    for (const f of files) {
      checkKeywords(f.schema, f.file);
      this.byFile.set(f.file, f.schema);
    }
  }

  root(file: string): NamedSchema {
    const schema = this.byFile.get(file);
    if (schema === undefined) throw new SchemaGenerationError(file, 'no such schema file');
    return { file, defName: undefined, schema };
  }

  /** Every `$defs` entry of a file, in the order written. */
  defs(file: string): NamedSchema[] {
    const defs = this.root(file).schema.$defs ?? {};
    return Object.entries(defs).map(([defName, schema]) => ({ file, defName, schema }));
  }

  /** Resolve a `$ref` written in `fromFile`. */
  resolve(ref: string, fromFile: string): NamedSchema {
    const m = /^([A-Za-z0-9_.-]+\.schema\.json)?(?:#\/\$defs\/([A-Za-z0-9_]+))?$/.exec(ref);
    if (m === null || (m[1] === undefined && m[2] === undefined)) {
      throw new SchemaGenerationError(fromFile, `unsupported $ref '${ref}'`);
    }
    const file = m[1] ?? fromFile;
    const root = this.root(file);
    if (m[2] === undefined) return root;
    const schema = root.schema.$defs?.[m[2]];
    if (schema === undefined) throw new SchemaGenerationError(fromFile, `$ref '${ref}' names no definition`);
    return { file, defName: m[2], schema };
  }

  /** Pan type name of a named schema, undefined for a root without x-pan-name. */
  panName(named: NamedSchema): string | undefined {
    return named.defName ?? named.schema['x-pan-name'];
  }
}

/** The JSON types a schema admits, as a list ([] when it does not say). */
export function schemaTypes(schema: JsonSchema): string[] {
  if (schema.type === undefined) {
    if (schema.enum !== undefined && schema.enum.every((v) => typeof v === 'string')) return ['string'];
    return [];
  }
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** An object with named fields (a Pan record / a TS interface), as opposed to a dict. */
export function isRecord(schema: JsonSchema): boolean {
  return schemaTypes(schema).includes('object') && (schema.properties !== undefined || schema.allOf?.some((s) => s.$ref !== undefined) === true);
}

/** The `$ref`s of `allOf` entries: the records a record includes. */
export function includedRefs(schema: JsonSchema): string[] {
  return (schema.allOf ?? []).flatMap((s) => (s.$ref !== undefined ? [s.$ref] : []));
}

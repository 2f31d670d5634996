/**
 * Generates schema/types.ts (TypeScript interfaces of profiles) from the
 * JSON Schemas: every schema with an `x-ts-name` becomes an interface (records)
 * or a type alias (anything else); other schemas are written inline.
 */
import type { JsonSchema } from './json-schema.js';
import { SchemaGenerationError, SchemaSet, includedRefs, isRecord, schemaTypes, type NamedSchema } from './schema-model.js';

const HEADER = `/**
 * TypeScript types of compiled profiles, generated from schema/*.schema.json
 * by schema/ts-types.ts (node dist/schema/generate.js): do not edit.
 */
`;

export function generateTsTypes(set: SchemaSet): string {
  const included = includedSchemas(set);
  const blocks: string[] = [];
  for (const { file } of set.files) {
    for (const named of [set.root(file), ...set.defs(file)]) {
      if (named.schema['x-ts-name'] !== undefined) blocks.push(declaration(set, named, included.has(named.schema)));
    }
  }
  return `${HEADER}\n${blocks.join('\n\n')}\n`;
}

/** Records that others include (allOf $ref): their fields get an interface of their own. */
function includedSchemas(set: SchemaSet): Set<JsonSchema> {
  const out = new Set<JsonSchema>();
  for (const { file } of set.files) {
    for (const named of [set.root(file), ...set.defs(file)]) {
      for (const ref of includedRefs(named.schema)) out.add(set.resolve(ref, named.file).schema);
    }
  }
  return out;
}

/**
 * An interface for a record: closed records have no index signature; open
 * ones (no additionalProperties) take `[key: string]: unknown`; typed extra
 * fields give an index signature wide enough for the named fields too. A
 * record that others include is split: `<Name>Fields` holds the fields, and
 * includers extend it, so that they stay closed.
 */
function declaration(set: SchemaSet, named: NamedSchema, isIncluded: boolean): string {
  const name = named.schema['x-ts-name'] as string;
  const doc = docComment(named.schema, '');
  if (!isRecord(named.schema)) return `${doc}export type ${name} = ${typeExpr(set, named.schema, named.file)};`;
  const bases = includedRefs(named.schema).map((ref) => fieldsInterfaceName(set.resolve(ref, named.file), named.file));
  const fields = fieldLines(set, named);
  const index = indexSignature(set, named);
  if (!isIncluded) return interfaceText(doc, name, bases, [...fields, ...(index === undefined ? [] : [index])]);
  const fieldsDoc = `/** The fields of ${name}, for the records that include them. */\n`;
  return `${interfaceText(fieldsDoc, `${name}Fields`, bases, fields)}\n\n${interfaceText(doc, name, [`${name}Fields`], index === undefined ? [] : [index])}`;
}

function interfaceText(doc: string, name: string, bases: string[], lines: string[]): string {
  const head = `${doc}export interface ${name}${bases.length > 0 ? ` extends ${bases.join(', ')}` : ''} {`;
  return lines.length === 0 ? `${head}}` : [head, ...lines, '}'].join('\n');
}

function fieldLines(set: SchemaSet, named: NamedSchema): string[] {
  const required = new Set(named.schema.required ?? []);
  return Object.entries(named.schema.properties ?? {}).map(
    ([key, prop]) => `${docComment(propertyDocSource(set, prop, named.file), '  ')}  ${propertyKey(key)}${required.has(key) ? '' : '?'}: ${typeExpr(set, prop, named.file)};`,
  );
}

function indexSignature(set: SchemaSet, named: NamedSchema): string | undefined {
  const { schema, file } = named;
  const extra = schema.additionalProperties;
  if (extra === false || schema.unevaluatedProperties === false) return undefined;
  if (extra === undefined || extra === true) return '  [key: string]: unknown;';
  // TypeScript wants every named field to fit the index signature.
  const extraTypes = new Set(schemaTypes(resolved(set, extra, file)));
  const types = [typeExpr(set, extra, file)];
  for (const prop of Object.values(schema.properties ?? {})) {
    const propTypes = schemaTypes(resolved(set, prop, file));
    const scalar = propTypes.length > 0 && propTypes.every((t) => t !== 'object' && t !== 'array');
    const subsumed = scalar && propTypes.every((t) => extraTypes.has(t) || (t === 'integer' && extraTypes.has('number')));
    const type = typeExpr(set, prop, file);
    if (!subsumed && !types.includes(type)) types.push(type);
  }
  return `  [key: string]: ${[...types, 'undefined'].join(' | ')};`;
}

function resolved(set: SchemaSet, schema: JsonSchema, file: string): JsonSchema {
  return schema.$ref === undefined ? schema : set.resolve(schema.$ref, file).schema;
}

function fieldsInterfaceName(target: NamedSchema, where: string): string {
  return `${namedTsType(target, where)}Fields`;
}

function namedTsType(target: NamedSchema, where: string): string {
  const name = target.schema['x-ts-name'];
  if (name === undefined) throw new SchemaGenerationError(where, `included schema ${target.file}#${target.defName ?? ''} has no x-ts-name`);
  return name;
}

/** TypeScript type of a schema used in place. */
export function typeExpr(set: SchemaSet, schema: JsonSchema, file: string): string {
  if (schema.$ref !== undefined) {
    const target = set.resolve(schema.$ref, file);
    return target.schema['x-ts-name'] ?? typeExpr(set, target.schema, target.file);
  }
  if (schema.enum !== undefined) return schema.enum.map(literal).join(' | ');
  if (schema.const !== undefined) return literal(schema.const);
  const types = schemaTypes(schema);
  if (types.length === 0) return 'unknown';
  return types.map((t) => singleTypeExpr(set, schema, t, file)).join(' | ');
}

function singleTypeExpr(set: SchemaSet, schema: JsonSchema, type: string, file: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = schema.items === undefined ? 'unknown' : typeExpr(set, schema.items, file);
      return /[ |&]/.test(item) ? `(${item})[]` : `${item}[]`;
    }
    case 'object': {
      if (isRecord(schema)) throw new SchemaGenerationError(file, `a record used in place needs an x-ts-name (${JSON.stringify(Object.keys(schema.properties ?? {}))})`);
      const value = typeof schema.additionalProperties === 'object' ? typeExpr(set, schema.additionalProperties, file) : 'unknown';
      return `Record<string, ${value}>`;
    }
    default:
      throw new SchemaGenerationError(file, `unsupported type '${type}'`);
  }
}

function literal(value: string | number | boolean): string {
  return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(value);
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : `'${key}'`;
}

/** A property's own description, else that of the unnamed type it refers to. */
function propertyDocSource(set: SchemaSet, prop: JsonSchema, file: string): JsonSchema {
  if (prop.description !== undefined || prop.$ref === undefined) return prop;
  const target = set.resolve(prop.$ref, file);
  if (target.schema['x-ts-name'] !== undefined) return { default: prop.default };
  return { description: target.schema.description, default: prop.default ?? target.schema.default };
}

function docComment(schema: JsonSchema, indent: string): string {
  const parts: string[] = [];
  const title = schema.title !== undefined && schema.title.startsWith('/') ? `\`${schema.title}\`: ` : '';
  if (schema.description !== undefined) parts.push(`${title}${schema.description}`);
  else if (title !== '') parts.push(title.slice(0, -2));
  if (schema.default !== undefined) parts.push(`@default ${JSON.stringify(schema.default)}`);
  if (parts.length === 0) return '';
  const text = parts.join(' ').replace(/\*\//g, '*\\/');
  return `${indent}/** ${text} */\n`;
}

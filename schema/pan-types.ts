/**
 * Generates Pan type definitions from the profile JSON Schemas, so that the
 * compiler rejects at build time what the install server and agent would
 * reject at run time.
 *
 * Each schema file becomes a declaration template panfab/schema/<name>;
 * profile.schema.json becomes the unique template panfab/schema, which
 * includes them and binds the profile paths. Mapping:
 *
 *   object with properties      record: `:` required (or with a default,
 *                               which panc only fills in then), `?` optional;
 *                               `extensible` unless closed by
 *                               additionalProperties / unevaluatedProperties;
 *                               `allOf: [{$ref}]` -> `include`
 *   object without properties   dict `T{}`; propertyNames -> key check
 *   array                       `T[]`; minItems/maxItems -> `T[a..b]`
 *   integer, string lengths     `long(a..b)`, `string(a..b)`
 *   pattern, enum               `with match(SELF, '<Java regex>')`
 *   type: [several]             `element` checked by a generated is_<type>()
 *   if/then (required)          checks that call error() with a message
 *   x-pan-base                  hand-written in panfab/types/base
 */
import type { JsonScalar, JsonSchema } from './json-schema.js';
import { PatternError, regexLiteral, toJavaRegex } from './pan-regex.js';
import { SchemaGenerationError, SchemaSet, includedRefs, isRecord, schemaTypes, type NamedSchema } from './schema-model.js';

/** Where the generated templates go, relative to the repository root. */
export const PAN_SCHEMA_DIR = 'templates/panfab/schema';
/** Hand-written template with the format types and helper functions. */
export const PAN_BASE_TEMPLATE = 'panfab/types/base';
/** The template binding the profile paths to the generated types. */
export const PAN_SCHEMA_TEMPLATE = 'panfab/schema';
/** Records requiring the subtrees every profile must have. */
export const PROFILE_TEMPLATE = 'panfab/schema/profile';
/** The schema file that describes a whole profile: turned into binds. */
const PROFILE_SCHEMA = 'profile.schema.json';

export interface PanFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

export function generatePanTemplates(set: SchemaSet): PanFile[] {
  const generator = new PanGenerator(set);
  const files = set.files.filter((f) => f.file !== PROFILE_SCHEMA).map((f) => generator.typesTemplate(f.file));
  files.push(...generator.bindTemplates(PROFILE_SCHEMA));
  return files;
}

/** Pan template name of a schema file: hardware.schema.json -> panfab/schema/hardware. */
export function templateName(file: string): string {
  return `panfab/schema/${file.replace(/\.schema\.json$/, '').replace(/-/g, '_')}`;
}

// ---------------------------------------------------------------- Pan text helpers

/** A Pan single-quoted string: no escapes, a quote is doubled. */
export function panString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function panLiteral(value: unknown, where: string): string {
  if (typeof value === 'string') return panString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (Array.isArray(value)) return `list(${value.map((v) => panLiteral(v, where)).join(', ')})`;
  throw new SchemaGenerationError(where, `default ${JSON.stringify(value)} has no Pan literal form here`);
}

function range(min: number | undefined, max: number | undefined): string {
  if (min === undefined && max === undefined) return '';
  return `(${min ?? ''}..${max ?? ''})`;
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}

function comment(text: string | undefined, prefix = ''): string {
  if (text === undefined) return '';
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + word.length > 90) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${prefix}# ${l}\n`).join('');
}

/** The Pan built-in type holding any value of a schema's JSON type. */
function containerType(schema: JsonSchema): string {
  const types = schemaTypes(schema);
  if (types.length === 1 && types[0] === 'object') return 'dict';
  if (types.length === 1 && types[0] === 'array') return 'list';
  return 'element';
}

/** Strip the type_/structure_ prefix: the stem used to name hoisted types. */
function stem(name: string): string {
  return name.replace(/^(type|structure)_/, '');
}

// ---------------------------------------------------------------- type specs

/**
 * A full Pan type spec in pieces: `base [= default] [with ...]`. `checks` are
 * statements calling error() (they need a block); `conditions` are boolean
 * expressions.
 */
interface Spec {
  base: string;
  default?: string;
  checks: string[];
  conditions: string[];
}

function renderSpec(spec: Spec): string {
  let text = spec.base;
  if (spec.default !== undefined) text += ` = ${spec.default}`;
  if (spec.checks.length === 0 && spec.conditions.length > 0) return `${text} with ${spec.conditions.join(' && ')}`;
  if (spec.checks.length > 0) {
    const result = spec.conditions.length > 0 ? spec.conditions.join(' && ') : 'true';
    text += ` with {\n${indent([...spec.checks, `${result};`].join('\n'))}\n}`;
  }
  return text;
}

/** A spec that can stand where Pan wants a bare base type (list/dict elements). */
function isBare(spec: Spec): boolean {
  return spec.default === undefined && spec.checks.length === 0 && spec.conditions.length === 0 && !spec.base.includes('\n');
}

/** Per-template state: what it includes and declares, in order. */
class TemplateWriter {
  readonly includes = new Set<string>();
  readonly declarations: string[] = [];
  readonly declared = new Set<string>();
  readonly inProgress = new Set<string>();
  constructor(
    readonly file: string,
    readonly template: string,
  ) {}

  include(template: string): void {
    if (template !== this.template) this.includes.add(template);
  }

  render(kind: 'declaration' | 'unique', body: string): string {
    const header =
      `# Generated from schema/${this.file} by schema/pan-types.ts: do not edit.\n` +
      '# Regenerate with: node dist/schema/generate.js\n\n' +
      `${kind} template ${this.template};\n`;
    const includes = [...this.includes].map((t) => `include ${panString(t)};\n`).join('');
    return [header, includes, body].filter((s) => s !== '').join('\n');
  }
}

class PanGenerator {
  /** Every Pan type name generated so far, with the file declaring it. */
  private readonly owners = new Map<string, string>();

  constructor(private readonly set: SchemaSet) {}

  typesTemplate(file: string): PanFile {
    const w = new TemplateWriter(file, templateName(file));
    for (const named of this.set.defs(file)) this.declareNamed(w, named);
    const root = this.set.root(file);
    if (root.schema['x-pan-name'] !== undefined) this.declareNamed(w, root);
    return { path: `templates/${templateName(file)}.pan`, content: w.render('declaration', w.declarations.join('\n')) };
  }

  /**
   * The profile schema as binds of its subtrees to the part types, and of the
   * root to records that only require the subtrees profile.schema.json
   * requires (Pan binds alone check what is present, not what is missing).
   */
  bindTemplates(file: string): PanFile[] {
    const presence = new TemplateWriter(file, PROFILE_TEMPLATE);
    const rootType = this.presenceType(presence, this.set.root(file), 'profile');
    const w = new TemplateWriter(file, PAN_SCHEMA_TEMPLATE);
    const binds: string[] = [];
    if (rootType !== undefined) {
      w.include(PROFILE_TEMPLATE);
      binds.push(`bind '/' = ${rootType};`);
    }
    this.collectBinds(w, this.set.root(file), '', binds);
    const body = '# Bind the profile subtrees that panfab reads to their types.\n' + binds.join('\n') + '\n';
    const files = [{ path: `templates/${PAN_SCHEMA_TEMPLATE}.pan`, content: w.render('unique', body) }];
    if (rootType !== undefined) files.unshift({ path: `templates/${PROFILE_TEMPLATE}.pan`, content: presence.render('declaration', presence.declarations.join('\n')) });
    return files;
  }

  /** An extensible record requiring the node's required children; undefined when nothing is required below. */
  private presenceType(w: TemplateWriter, node: NamedSchema, ctx: string): string | undefined {
    const required = new Set(node.schema.required ?? []);
    const fields: string[] = [];
    for (const [key, prop] of Object.entries(node.schema.properties ?? {})) {
      const target = prop.$ref === undefined ? { file: node.file, defName: undefined, schema: prop } : this.set.resolve(prop.$ref, node.file);
      const nested = target.file === node.file ? this.presenceType(w, target, `${ctx}_${key}`) : undefined;
      if (!required.has(key) && nested === undefined) continue;
      fields.push(`${panString(key)} ${required.has(key) ? ':' : '?'} ${nested ?? containerType(target.schema)}`);
    }
    if (fields.length === 0) return undefined;
    const name = `structure_${ctx}`;
    this.claim(name, node.file);
    w.declarations.push(`${comment(node.schema.title ?? node.schema.description)}type ${name} = extensible {\n${indent(fields.join('\n'))}\n};\n`);
    return name;
  }

  private collectBinds(w: TemplateWriter, node: NamedSchema, path: string, binds: string[]): void {
    const schema = node.schema;
    if (typeof schema.additionalProperties === 'object') {
      const dict: JsonSchema = { type: 'object', additionalProperties: schema.additionalProperties };
      if (schema.propertyNames !== undefined) dict.propertyNames = schema.propertyNames;
      binds.push(`bind ${panString(path)} = ${renderSpec(this.spec(w, dict, node.file, path.slice(1).replace(/\//g, '_')))};`);
    }
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      if (prop.$ref === undefined) throw new SchemaGenerationError(node.file, `${path}/${key}: profile subtrees must be $refs`);
      const target = this.set.resolve(prop.$ref, node.file);
      // The profile schema's own definitions are containers of bound subtrees.
      if (target.file === node.file) {
        this.collectBinds(w, target, `${path}/${key}`, binds);
      } else {
        binds.push(`bind ${panString(`${path}/${key}`)} = ${this.refName(w, prop.$ref, node.file)};`);
      }
    }
  }

  /** Declare a named schema (and, first, the same-file types it uses). */
  private declareNamed(w: TemplateWriter, named: NamedSchema): void {
    const name = this.set.panName(named);
    if (name === undefined || named.schema['x-pan-base'] === true || w.declared.has(name)) return;
    if (w.inProgress.has(name)) throw new SchemaGenerationError(named.file, `type ${name} refers to itself`);
    w.inProgress.add(name);
    this.claim(name, named.file);
    const text = this.declarationText(w, named.schema, named.file, name);
    w.inProgress.delete(name);
    w.declared.add(name);
    w.declarations.push(`${comment(named.schema.description)}${text}\n`);
  }

  private claim(name: string, file: string): void {
    const owner = this.owners.get(name);
    if (owner !== undefined && owner !== file) throw new SchemaGenerationError(file, `Pan type ${name} is also declared by ${owner}`);
    this.owners.set(name, file);
  }

  private declarationText(w: TemplateWriter, schema: JsonSchema, file: string, name: string): string {
    if (schemaTypes(schema).length > 1) return this.unionDeclaration(w, schema, file, name);
    const spec = this.spec(w, schema, file, stem(name));
    return `type ${name} = ${renderSpec({ ...spec, default: undefined })};`;
  }

  /** Hoist an inline schema into a named type of this template; returns its name. */
  private hoist(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): string {
    const name = `${isRecord(schema) ? 'structure' : 'type'}_${ctx}`;
    if (!w.declared.has(name)) {
      this.claim(name, file);
      const text = this.declarationText(w, schema, file, name);
      w.declared.add(name);
      w.declarations.push(`${comment(schema.description)}${text}\n`);
    }
    return name;
  }

  /** Name of the type a `$ref` points to, declaring or including it as needed. */
  private refName(w: TemplateWriter, ref: string, file: string): string {
    const target = this.set.resolve(ref, file);
    const name = this.set.panName(target);
    if (name === undefined) throw new SchemaGenerationError(file, `$ref '${ref}' points to a schema without a Pan name`);
    if (target.schema['x-pan-base'] === true) w.include(PAN_BASE_TEMPLATE);
    else if (target.file === w.file) this.declareNamed(w, target);
    else w.include(templateName(target.file));
    return name;
  }

  // ------------------------------------------------------------ specs by kind

  private spec(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): Spec {
    const spec = this.specWithoutDefault(w, schema, file, ctx);
    if (schema.default !== undefined) spec.default = panLiteral(schema.default, file);
    return spec;
  }

  private specWithoutDefault(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): Spec {
    if (schema.$ref !== undefined) {
      if (schemaTypes(schema).length > 0 || schema.pattern !== undefined || schema.enum !== undefined) {
        throw new SchemaGenerationError(file, `${ctx}: constraints beside $ref are not supported`);
      }
      return { base: this.refName(w, schema.$ref, file), checks: [], conditions: [] };
    }
    if (isRecord(schema)) return this.recordSpec(w, schema, file, ctx);
    const types = schemaTypes(schema);
    if (types.length > 1) return { base: this.hoist(w, schema, file, ctx), checks: [], conditions: [] };
    switch (types[0]) {
      case 'string':
        return this.stringSpec(schema, file, ctx);
      case 'integer':
        return { base: `long${range(schema.minimum, schema.maximum)}`, checks: [], conditions: [] };
      case 'number':
        return { base: 'double', checks: [], conditions: numberConditions(schema, 'SELF') };
      case 'boolean':
        return { base: 'boolean', checks: [], conditions: [] };
      case 'array':
        return this.arraySpec(w, schema, file, ctx);
      case 'object':
        return this.dictSpec(w, schema, file, ctx);
      default:
        throw new SchemaGenerationError(file, `${ctx}: unsupported schema ${JSON.stringify(schema)}`);
    }
  }

  private stringSpec(schema: JsonSchema, file: string, ctx: string): Spec {
    const conditions: string[] = [];
    if (schema.enum !== undefined) conditions.push(`match(SELF, ${panString(enumRegex(schema.enum))})`);
    if (schema.pattern !== undefined) conditions.push(`match(SELF, ${panString(javaRegex(schema.pattern, file, ctx))})`);
    else if (schema.format !== undefined && schema.enum === undefined) {
      throw new SchemaGenerationError(file, `${ctx}: format '${schema.format}' needs a pattern or x-pan-base`);
    }
    return { base: `string${range(schema.minLength, schema.maxLength)}`, checks: [], conditions };
  }

  private arraySpec(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): Spec {
    const element = schema.items === undefined ? 'element' : this.elementType(w, schema.items, file, `${ctx}_item`);
    const conditions: string[] = [];
    if (schema.uniqueItems === true) {
      w.include(PAN_BASE_TEMPLATE);
      conditions.push('panfab_is_unique_list(SELF)');
    }
    return { base: `${element}${rangeBrackets(schema.minItems, schema.maxItems, '[', ']')}`, checks: [], conditions };
  }

  private dictSpec(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): Spec {
    const extra = schema.additionalProperties;
    if (extra === undefined || extra === true) return { base: 'dict', checks: this.keyChecks(w, schema, file, ctx), conditions: [] };
    if (extra === false) throw new SchemaGenerationError(file, `${ctx}: an object without properties must allow some`);
    const element = this.elementType(w, extra, file, `${ctx}_value`);
    return { base: `${element}${rangeBrackets(schema.minProperties, schema.maxProperties, '{', '}')}`, checks: this.keyChecks(w, schema, file, ctx), conditions: [] };
  }

  /** A bare type for list/dict elements: the spec itself, or a hoisted named type. */
  private elementType(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): string {
    const spec = this.spec(w, schema, file, ctx);
    return isBare(spec) ? spec.base : this.hoist(w, schema, file, ctx);
  }

  private keyChecks(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): string[] {
    if (schema.propertyNames === undefined) return [];
    const predicate = this.predicate(w, schema.propertyNames, file, 'k');
    return [`foreach (k; v; SELF) {\n    if (!(${predicate})) error(${invalidKey(ctx)});\n};`];
  }

  private recordSpec(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): Spec {
    const closed = schema.additionalProperties === false || schema.unevaluatedProperties === false;
    const members: string[] = includedRefs(schema).map((ref) => `include ${this.refName(w, ref, file)}`);
    const required = new Set(schema.required ?? []);
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      // A field with a default is required in Pan: panc only fills in missing required fields.
      const mark = required.has(key) || prop.default !== undefined ? ':' : '?';
      members.push(`${comment(prop.description)}${panString(key)} ${mark} ${this.fieldSpec(w, prop, file, `${ctx}_${key}`)}`);
    }
    const checks = [...this.extraFieldChecks(w, schema, file, ctx), ...this.conditionalChecks(schema, file, ctx)];
    return { base: `${closed ? '' : 'extensible '}{\n${indent(members.join('\n'))}\n}`, checks, conditions: [] };
  }

  /** A record field: inline when it fits on one line, else a hoisted named type. */
  private fieldSpec(w: TemplateWriter, prop: JsonSchema, file: string, ctx: string): string {
    const spec = this.spec(w, prop, file, ctx);
    if (spec.checks.length === 0 && !spec.base.includes('\n')) return renderSpec(spec);
    const withoutDefault: JsonSchema = { ...prop };
    delete withoutDefault.default;
    return renderSpec({ base: this.hoist(w, withoutDefault, file, ctx), default: spec.default, checks: [], conditions: [] });
  }

  /** Fields beyond the named ones must match additionalProperties (and keys propertyNames). */
  private extraFieldChecks(w: TemplateWriter, schema: JsonSchema, file: string, ctx: string): string[] {
    const extra = schema.additionalProperties;
    const lines: string[] = [];
    if (schema.propertyNames !== undefined) {
      lines.push(`if (!(${this.predicate(w, schema.propertyNames, file, 'k')})) error(${invalidKey(ctx)});`);
    }
    if (typeof extra === 'object') {
      const named = Object.keys(schema.properties ?? {}).map(regexLiteral);
      const isNamed = named.length > 0 ? `match(k, ${panString(`^(${named.join('|')})\\z`)})` : 'false';
      lines.push(`if (!${isNamed} && !(${this.predicate(w, extra, file, 'v')})) error(${panString(`${ctx}: invalid value for '`)} + k + '''');`);
    }
    if (lines.length === 0) return [];
    return [`foreach (k; v; SELF) {\n${indent(lines.join('\n'))}\n};`];
  }

  /** `allOf: [{if: {properties: {K: {const: V}}}, then: {required: [F...]}}]` as error() checks. */
  private conditionalChecks(schema: JsonSchema, file: string, ctx: string): string[] {
    const checks: string[] = [];
    for (const entry of schema.allOf ?? []) {
      if (entry.$ref !== undefined) continue;
      const condition = entry.if?.properties;
      const fields = entry.then?.required;
      const keys = Object.keys(condition ?? {});
      const key = keys[0];
      const value = key === undefined ? undefined : condition?.[key]?.const;
      if (keys.length !== 1 || key === undefined || value === undefined || fields === undefined) {
        throw new SchemaGenerationError(file, `${ctx}: only 'if one field is a constant then require fields' is supported in allOf`);
      }
      for (const field of fields) {
        const test = `exists(SELF[${panString(key)}]) && SELF[${panString(key)}] == ${panLiteral(value, file)} && !exists(SELF[${panString(field)}])`;
        checks.push(`if (${test}) error(${panString(`${ctx}: ${key} ${String(value)} needs ${field}`)});`);
      }
    }
    return checks;
  }

  // ------------------------------------------------------------ unions and predicates

  /** `type: [a, b, ...]`: an `element` checked by a generated is_<name>() function. */
  private unionDeclaration(w: TemplateWriter, schema: JsonSchema, file: string, name: string): string {
    const lines = ['v = ARGV[0];'];
    for (const type of schemaTypes(schema)) {
      const test = typeTest(type, 'v');
      if (type === 'array') {
        const item = schema.items === undefined ? 'true' : this.predicate(w, schema.items, file, 'e');
        lines.push(`if (${test}) {\n    foreach (i; e; v) {\n        if (!(${item})) return(false);\n    };\n    return(true);\n};`);
      } else if (type === 'object') {
        throw new SchemaGenerationError(file, `${name}: objects in a type union are not supported`);
      } else {
        const rest = scalarConditions(schema, type, 'v', file);
        lines.push(`if (${test}) return(${rest.length > 0 ? rest.join(' && ') : 'true'});`);
      }
    }
    lines.push('false;');
    return `function is_${name} = {\n${indent(lines.join('\n'))}\n};\ntype ${name} = element with is_${name}(SELF);`;
  }

  /** A DML boolean expression: does variable `v` match this (scalar or union) schema? */
  private predicate(w: TemplateWriter, schema: JsonSchema, file: string, v: string): string {
    if (schema.$ref !== undefined) {
      const target = this.set.resolve(schema.$ref, file);
      const name = this.set.panName(target);
      if (name !== undefined && target.schema['x-pan-base'] === true) {
        w.include(PAN_BASE_TEMPLATE);
        return `is_${stem(name)}(${v})`;
      }
      if (name !== undefined && schemaTypes(target.schema).length > 1) return `is_${this.refName(w, schema.$ref, file)}(${v})`;
      return this.predicate(w, target.schema, target.file, v);
    }
    const types = schemaTypes(schema);
    if (types.length !== 1 || types[0] === 'array' || types[0] === 'object') {
      throw new SchemaGenerationError(file, `no inline predicate for ${JSON.stringify(schema)}`);
    }
    const type = types[0] as string;
    return [typeTest(type, v), ...scalarConditions(schema, type, v, file)].join(' && ');
  }
}

/** toJavaRegex, failing as a generation error that says where the pattern is. */
function javaRegex(pattern: string, file: string, ctx: string): string {
  try {
    return toJavaRegex(pattern);
  } catch (e) {
    if (e instanceof PatternError) throw new SchemaGenerationError(file, `${ctx}: ${e.message}`);
    throw e;
  }
}

/** DML for the message of an invalid dict key held in `k`. */
function invalidKey(ctx: string): string {
  return `${panString(`${ctx}: invalid key '`)} + k + ''''`;
}

function typeTest(type: string, v: string): string {
  return `is_${panTypeTest(type)}(${v})`;
}

function panTypeTest(type: string): string {
  switch (type) {
    case 'integer':
      return 'long';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'list';
    case 'object':
      return 'dict';
    case 'null':
      return 'null';
    default:
      return type;
  }
}

/** Conditions other than the type test that a scalar of `type` must meet. */
function scalarConditions(schema: JsonSchema, type: string, v: string, file: string): string[] {
  const out: string[] = [];
  if (type === 'string') {
    if (schema.minLength !== undefined) out.push(`length(${v}) >= ${schema.minLength}`);
    if (schema.maxLength !== undefined) out.push(`length(${v}) <= ${schema.maxLength}`);
    if (schema.enum !== undefined) out.push(`match(${v}, ${panString(enumRegex(schema.enum))})`);
    if (schema.pattern !== undefined) out.push(`match(${v}, ${panString(javaRegex(schema.pattern, file, 'pattern'))})`);
  } else if (type === 'integer' || type === 'number') {
    out.push(...numberConditions(schema, v));
  }
  return out;
}

function numberConditions(schema: JsonSchema, v: string): string[] {
  const out: string[] = [];
  if (schema.minimum !== undefined) out.push(`${v} >= ${schema.minimum}`);
  if (schema.maximum !== undefined) out.push(`${v} <= ${schema.maximum}`);
  return out;
}

export function enumRegex(values: readonly JsonScalar[]): string {
  return toJavaRegex(`^(${values.map((v) => regexLiteral(String(v))).join('|')})$`);
}

function rangeBrackets(min: number | undefined, max: number | undefined, open: string, close: string): string {
  if (min === undefined && max === undefined) return `${open}${close}`;
  return `${open}${min ?? ''}..${max ?? ''}${close}`;
}

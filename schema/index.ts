/**
 * Profile validation against panfab's JSON Schemas: what the install server
 * and the agent components call before they act on a profile.
 *
 *   const issues = validateProfile(profile, ['network', 'aii']);  // [] when valid
 *   assertValidProfile(profile, 'out/profiles/node1.example.org.json');
 *
 * Without `parts`, the whole profile is checked against profile.schema.json,
 * which requires /hardware and /system/network and checks every other known
 * subtree when present. Parts named explicitly are also required to exist.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { PANFAB_KEYWORDS, type JsonSchema } from './json-schema.js';
import { SCHEMA_BASE_URI, SCHEMA_FILES } from './schemas.js';
import type { Profile } from './types.js';

export type * from './types.js';

export type ProfilePart = 'hardware' | 'network' | 'enclosure' | 'aii' | 'blockdevices' | 'filesystems' | 'components' | 'xen';

export interface SchemaIssue {
  /** JSON pointer of the offending value, like /system/aii/nbp/kernel ('' is the root). */
  path: string;
  message: string;
}

interface PartLocation {
  /** Path of the subtree in the profile. */
  readonly path: readonly string[];
  /** Schema of the subtree, relative to SCHEMA_BASE_URI. */
  readonly schema: string;
}

/** Where each part lives in a profile and which schema checks it. */
export const PROFILE_PARTS: Readonly<Record<ProfilePart, PartLocation>> = {
  hardware: { path: ['hardware'], schema: 'hardware.schema.json' },
  network: { path: ['system', 'network'], schema: 'network.schema.json' },
  enclosure: { path: ['system', 'enclosure'], schema: 'enclosure.schema.json' },
  aii: { path: ['system', 'aii'], schema: 'aii.schema.json' },
  blockdevices: { path: ['system', 'blockdevices'], schema: 'blockdevices.schema.json' },
  filesystems: { path: ['system', 'filesystems'], schema: 'filesystems.schema.json' },
  components: { path: ['software', 'components'], schema: 'profile.schema.json#/$defs/components' },
  xen: { path: ['software', 'components', 'xen'], schema: 'xen.schema.json' },
};

/** At most this many issues are spelled out in a ProfileSchemaError message. */
const MAX_LISTED_ISSUES = 20;

export class ProfileSchemaError extends Error {
  readonly source: string;
  readonly issues: SchemaIssue[];

  constructor(source: string, issues: SchemaIssue[]) {
    super(formatIssues(source, issues));
    this.name = 'ProfileSchemaError';
    this.source = source;
    this.issues = issues;
  }
}

/** One line per issue: `source: /system/aii/nbp/kernel: must match pattern "..."`. */
export function formatIssues(source: string, issues: readonly SchemaIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${source}: ${i.path || '/'}: ${i.message}`);
  if (issues.length > MAX_LISTED_ISSUES) lines.push(`${source}: ... and ${issues.length - MAX_LISTED_ISSUES} more issues`);
  return lines.join('\n');
}

/** Check a profile (or the given parts of it); returns [] when it is valid. */
export function validateProfile(profile: unknown, parts?: ProfilePart[]): SchemaIssue[] {
  if (parts === undefined) return runValidator(validatorFor('profile'), profile);
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const part of parts) {
    for (const issue of runValidator(validatorFor(part), profile)) {
      const key = `${issue.path}\n${issue.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        issues.push(issue);
      }
    }
  }
  return issues;
}

/** Throw a ProfileSchemaError listing every issue unless the profile is valid. */
export function assertValidProfile(profile: unknown, source: string, parts?: ProfilePart[]): asserts profile is Profile {
  const issues = validateProfile(profile, parts);
  if (issues.length > 0) throw new ProfileSchemaError(source, issues);
}

// ---------------------------------------------------------------- ajv, compiled once and lazily

let ajvInstance: Ajv2020 | undefined;
const validators = new Map<ProfilePart | 'profile', ValidateFunction>();

function ajv(): Ajv2020 {
  if (ajvInstance !== undefined) return ajvInstance;
  // strictRequired off: `then: {required: [...]}` names fields that the enclosing schema defines.
  const instance = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
  formatsModule.default(instance, ['ipv4']);
  for (const keyword of PANFAB_KEYWORDS) instance.addKeyword({ keyword });
  for (const { schema } of SCHEMA_FILES) instance.addSchema(schema);
  ajvInstance = instance;
  return instance;
}

function validatorFor(name: ProfilePart | 'profile'): ValidateFunction {
  let validate = validators.get(name);
  if (validate === undefined) {
    validate = name === 'profile' ? ajv().getSchema(`${SCHEMA_BASE_URI}profile.schema.json`) : ajv().compile(partSchema(name));
    if (validate === undefined) throw new Error('panfab: profile.schema.json is not registered');
    validators.set(name, validate);
  }
  return validate;
}

/** A schema requiring the part's subtree to exist and to match the part's schema. */
function partSchema(part: ProfilePart): JsonSchema {
  const { path, schema } = PROFILE_PARTS[part];
  let wrapped: JsonSchema = { $ref: SCHEMA_BASE_URI + schema };
  for (const key of [...path].reverse()) {
    wrapped = { type: 'object', required: [key], properties: { [key]: wrapped } };
  }
  return wrapped;
}

function runValidator(validate: ValidateFunction, profile: unknown): SchemaIssue[] {
  if (validate(profile)) return [];
  const issues: SchemaIssue[] = [];
  for (const error of validate.errors ?? []) {
    const issue = toIssue(error);
    if (issue !== undefined) issues.push(issue);
  }
  return issues;
}

// ---------------------------------------------------------------- ajv errors -> issues

function escapePointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function childPath(parent: string, key: unknown): string {
  return `${parent}/${escapePointerSegment(String(key))}`;
}

/** A concise issue for one ajv error; undefined for errors that only summarise others. */
function toIssue(error: ErrorObject): SchemaIssue | undefined {
  const params = error.params as Record<string, unknown>;
  // An invalid dict key: ajv reports it on the dict with the key in `propertyName`.
  if (error.propertyName !== undefined) {
    return { path: childPath(error.instancePath, error.propertyName), message: `key ${withHint(error.message ?? 'is invalid', error.parentSchema)}` };
  }
  switch (error.keyword) {
    case 'propertyNames': // summary of the key errors above
    case 'if': // summary of the `then` errors
      return undefined;
    case 'required':
      return { path: childPath(error.instancePath, params.missingProperty), message: 'is required' };
    case 'additionalProperties':
      return { path: childPath(error.instancePath, params.additionalProperty), message: 'is not an allowed field' };
    case 'unevaluatedProperties':
      return { path: childPath(error.instancePath, params.unevaluatedProperty), message: 'is not an allowed field' };
    case 'pattern':
      return { path: error.instancePath, message: withHint(error.message ?? 'must match a pattern', error.parentSchema) };
    case 'enum':
      return { path: error.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { path: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** A pattern says little to a person: add the first sentence of the schema's description. */
function withHint(message: string, schema: unknown): string {
  const description = (schema as { description?: unknown } | undefined)?.description;
  if (typeof description !== 'string') return message;
  const firstSentence = /^.*?\.(\s|$)/.exec(description)?.[0].trim() ?? description;
  return `${message} (${firstSentence.replace(/\.$/, '')})`;
}

/**
 * The generated Pan types, run by panfab's own compiler: they parse, accept
 * every valid fixture (and the compiled JSON is the fixture again, passing the
 * JSON Schemas), fill the schemas' defaults, and reject the invalid variants.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newSession } from '../compiler/build/compile.js';
import { formatProfile } from '../compiler/output/index.js';
import { parseTemplate } from '../compiler/parser/index.js';
import { FIXTURES, buildVariant, loadFixture, loadInvalidVariants, removePointer, type InvalidVariant } from './fixtures.js';
import { validateProfile } from './index.js';
import { PAN_SCHEMA_TEMPLATE } from './pan-types.js';
import { repositoryRoot } from './repo-root.js';

const templatesDir = join(repositoryRoot(), 'templates');

/** A JSON value as a Pan DML expression. */
function dml(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `list(${value.map(dml).join(', ')})`;
  if (typeof value === 'object' && value !== null) return `dict(${Object.entries(value).map(([k, v]) => `${dml(k)}, ${dml(v)}`).join(', ')})`;
  throw new Error(`no Pan form for ${String(value)}`);
}

/** An object template that includes the schema and sets the profile's trees. */
function objectTemplate(name: string, profile: unknown): string {
  const trees = typeof profile === 'object' && profile !== null ? Object.entries(profile) : [];
  return [`object template ${name};`, '', `include '${PAN_SCHEMA_TEMPLATE}';`, '', ...trees.map(([k, v]) => `'/${k}' = ${dml(v)};`), ''].join('\n');
}

interface Compiled {
  /** The JSON profile, when the object compiled. */
  json?: Record<string, unknown>;
  /** The formatted compiler error otherwise. */
  error?: string;
}

/** Compile object templates (name -> profile) in one compiler session. */
function compileProfiles(dir: string, profiles: Record<string, unknown>): Record<string, Compiled> {
  for (const [name, profile] of Object.entries(profiles)) writeFileSync(join(dir, `${name}.pan`), objectTemplate(name, profile));
  const session = newSession({ includePath: [templatesDir, dir], formats: ['json'] });
  const out: Record<string, Compiled> = {};
  for (const name of Object.keys(profiles)) {
    const built = session.object(name, join(dir, `${name}.pan`));
    if (built.error !== undefined || built.root === undefined) out[name] = { error: built.error?.format() ?? 'no configuration' };
    else out[name] = { json: JSON.parse(String(formatProfile('json', built.root, [], name))) as Record<string, unknown> };
  }
  return out;
}

describe('the generated templates parse', () => {
  const files = [
    `${PAN_SCHEMA_TEMPLATE}.pan`,
    'panfab/types/base.pan',
    ...readdirSync(join(templatesDir, 'panfab', 'schema')).map((f) => `panfab/schema/${f}`),
  ];

  it.each(files)('%s', (file) => {
    const ast = parseTemplate(readFileSync(join(templatesDir, file), 'utf8'), file);
    expect(`${ast.name}.pan`).toBe(file);
    expect(ast.kind).toBe(file === `${PAN_SCHEMA_TEMPLATE}.pan` ? 'unique' : 'declaration');
    expect(ast.statements.length).toBeGreaterThan(0);
  });
});

describe('the generated Pan types in the compiler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'panfab-pan-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accept the valid fixtures; the compiled JSON is the fixture and passes the JSON Schemas', () => {
    const names = Object.values(FIXTURES);
    const compiled = compileProfiles(dir, Object.fromEntries(names.map((n) => [n, loadFixture(n)])));
    for (const name of names) {
      expect(compiled[name]?.error, name).toBeUndefined();
      expect(compiled[name]?.json, name).toEqual(loadFixture(name));
      expect(validateProfile(compiled[name]?.json)).toEqual([]);
    }
  });

  it("fill in the schemas' defaults", () => {
    const full = loadFixture(FIXTURES.dom0);
    const bare = loadFixture(FIXTURES.dom0);
    const defaulted = [
      '/system/aii/protected',
      '/software/components/accounts/active',
      '/software/components/accounts/dispatch',
      '/software/components/filesystems/dispatch',
      '/software/components/filesystems/manage_blockdevs',
      '/software/components/xen/dispatch',
      '/software/components/xen/config_format',
      '/software/components/xen/config_dir',
      '/software/components/xen/remove_absent_domains',
      ...['vm1.example.org', 'vm2.example.org'].flatMap((d) => [`/software/components/xen/domains/${d}/state`, `/software/components/xen/domains/${d}/install_options/on_reboot`]),
    ];
    for (const pointer of defaulted) removePointer(bare, pointer);
    expect(bare).not.toEqual(full);
    const { json, error } = compileProfiles(dir, { bare })['bare'] ?? {};
    expect(error).toBeUndefined();
    expect(json).toEqual(full);
  });

  /** Variants the Pan types accept, and why that agrees with the schemas. */
  const PAN_ACCEPTS: Record<string, string> = {
    'component without active': 'Pan fills in the default active = true',
    'xen component missing when asked for': 'the Pan types have no notion of the parts a consumer asks for',
  };

  it('reject every invalid variant, naming the offending element', () => {
    const variants = loadInvalidVariants();
    const compiled = compileProfiles(dir, Object.fromEntries(variants.map((v, i) => [`variant${i}`, buildVariant(v)])));
    const problems: string[] = [];
    variants.forEach((variant, i) => {
      const { json, error } = compiled[`variant${i}`] ?? {};
      if (variant.name in PAN_ACCEPTS) {
        if (error !== undefined) problems.push(`${variant.name}: rejected by Pan: ${error}`);
        else if (validateProfile(json).length > 0) problems.push(`${variant.name}: Pan output fails the JSON Schemas`);
      } else if (error === undefined) {
        problems.push(`${variant.name}: accepted by Pan`);
      } else if (!namesAnExpectedElement(variant, error)) {
        problems.push(`${variant.name}: the error does not name ${variant.expect.join(' or ')}:\n${error}`);
      }
    });
    expect(problems).toEqual([]);
  });
});

/**
 * A validation error gives the element path; error() calls name the offending
 * key, field or value (a list entry is named by its list, a duplicate by its value).
 */
function namesAnExpectedElement(variant: InvalidVariant, error: string): boolean {
  const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
  const values = Object.values(variant.set ?? {}).filter((v): v is string => typeof v === 'string');
  return (
    values.some((v) => error.includes(`'${v}'`)) ||
    variant.expect.some((pointer) => {
      const segments = pointer.split('/').map(unescape);
      const named = [segments.at(-1), /^\d+$/.test(segments.at(-1) ?? '') ? segments.at(-2) : undefined];
      return error.includes(`element path: '${unescape(pointer)}'`) || named.some((n) => n !== undefined && (error.includes(`'${n}'`) || error.includes(` needs ${n}`)));
    })
  );
}

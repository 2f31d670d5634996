import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILE_PARTS } from './index.js';
import type { JsonSchema } from './json-schema.js';
import { PAN_BASE_TEMPLATE, generatePanTemplates, panString, templateName } from './pan-types.js';
import { toJavaRegex } from './pan-regex.js';
import { repositoryRoot } from './repo-root.js';
import { SchemaGenerationError, SchemaSet } from './schema-model.js';
import { SCHEMA_FILES, type SchemaFile } from './schemas.js';

const URI = 'https://panfab.invalid/schema/';

function generate(files: Record<string, JsonSchema>): Record<string, string> {
  const list: SchemaFile[] = Object.entries(files).map(([file, schema]) => ({ file, schema: { $id: URI + file, ...schema } }));
  return Object.fromEntries(generatePanTemplates(new SchemaSet(list)).map((f) => [f.path, f.content]));
}

const HEADER = (file: string, template: string) =>
  `# Generated from schema/${file} by schema/pan-types.ts: do not edit.\n# Regenerate with: node dist/schema/generate.js\n\ndeclaration template ${template};\n`;

describe('schema to Pan mapping', () => {
  it('records, ranges, patterns, enums, defaults, lists, dicts, format types', () => {
    const out = generate({
      'common.schema.json': { $defs: { type_ipv4: { type: 'string', pattern: '^[0-9.]+$', 'x-pan-base': true } } },
      't.schema.json': {
        'x-pan-name': 'structure_t',
        description: 'A test record.',
        type: 'object',
        properties: {
          a: { type: 'integer', minimum: 1 },
          b: { description: 'A word.', type: 'string', minLength: 1, maxLength: 8, pattern: '^[a-z]+$' },
          c: { type: 'boolean', default: true },
          d: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/$defs/type_word' } },
          e: { type: 'string', enum: ['x', 'y.z'] },
          f: { type: 'array', items: { type: 'string', pattern: "^[a-z']+$" } },
          g: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[a-z]+$', type: 'string' }, additionalProperties: { type: 'integer', maximum: 9 } },
          h: { $ref: 'common.schema.json#/$defs/type_ipv4' },
        },
        required: ['a', 'd'],
        additionalProperties: false,
        $defs: { type_word: { type: 'string', pattern: '^[a-z]+$' } },
      },
      'profile.schema.json': { properties: { t: { $ref: 't.schema.json' } } },
    });
    expect(out['templates/panfab/schema/common.pan']).toBe(HEADER('common.schema.json', 'panfab/schema/common'));
    expect(out['templates/panfab/schema/t.pan']).toBe(T_PAN);
    expect(out['templates/panfab/schema.pan']).toContain("unique template panfab/schema;\n\ninclude 'panfab/schema/t';\n");
    expect(out['templates/panfab/schema.pan']).toMatch(/\nbind '\/t' = structure_t;\n$/);
  });

  it('includes, conditional requirements, type unions and typed extra fields', () => {
    const out = generate({
      'base.schema.json': { 'x-pan-name': 'structure_base', type: 'object', properties: { active: { type: 'boolean', default: true } }, required: ['active'] },
      'u.schema.json': {
        'x-pan-name': 'structure_u',
        type: 'object',
        allOf: [{ $ref: 'base.schema.json' }, { if: { properties: { kind: { const: 'disk' } }, required: ['kind'] }, then: { required: ['size'] } }],
        properties: { kind: { type: 'string', enum: ['disk', 'net'] }, size: { type: 'integer', minimum: 1, maximum: 10 }, opts: { $ref: '#/$defs/structure_opts' } },
        required: ['kind'],
        unevaluatedProperties: false,
        $defs: {
          type_value: { description: 'A value.', type: ['integer', 'boolean', 'string', 'array'], minimum: 0, pattern: '^[a-z]*$', items: { type: 'string', maxLength: 3 } },
          structure_opts: {
            type: 'object',
            properties: { name: { type: 'string' } },
            required: ['name'],
            propertyNames: { type: 'string', pattern: '^[a-z]+$' },
            additionalProperties: { $ref: '#/$defs/type_value' },
          },
        },
      },
      'profile.schema.json': { properties: { u: { $ref: 'u.schema.json' } } },
    });
    expect(out['templates/panfab/schema/base.pan']).toBe(`${HEADER('base.schema.json', 'panfab/schema/base')}\ntype structure_base = extensible {\n    'active' : boolean = true\n};\n`);
    expect(out['templates/panfab/schema/u.pan']).toBe(U_PAN);
  });

  it('binds containers of the profile schema down to named types, dicts as T{}', () => {
    const out = generate({
      'c.schema.json': { 'x-pan-name': 'structure_c', type: 'object', properties: { on: { type: 'boolean' } } },
      'profile.schema.json': {
        properties: { software: { $ref: '#/$defs/software' } },
        $defs: {
          software: { type: 'object', properties: { components: { $ref: '#/$defs/components' } } },
          components: { type: 'object', properties: { special: { $ref: 'c.schema.json' } }, additionalProperties: { $ref: 'c.schema.json' } },
        },
      },
    });
    expect(out['templates/panfab/schema.pan']).toContain("bind '/software/components' = structure_c{};\nbind '/software/components/special' = structure_c;\n");
  });

  it.each<[string, Record<string, JsonSchema>, string]>([
    ['an unsupported keyword', { 'a.schema.json': { 'x-pan-name': 'type_a', anyOf: [{ type: 'string' }] } as JsonSchema }, "keyword 'anyOf' is not supported"],
    ['a misspelt keyword', { 'a.schema.json': { 'x-pan-name': 'type_a', type: 'string', patern: '^a$' } as JsonSchema }, "keyword 'patern'"],
    ['constraints beside $ref', { 'a.schema.json': { 'x-pan-name': 'type_a', $ref: '#/$defs/type_b', pattern: '^a$', $defs: { type_b: { type: 'string' } } } }, 'beside $ref'],
    ['a format without pattern', { 'a.schema.json': { 'x-pan-name': 'type_a', type: 'string', format: 'email' } }, "format 'email' needs a pattern"],
    ['an unanchored pattern', { 'a.schema.json': { 'x-pan-name': 'type_a', type: 'string', pattern: 'a+' } }, "must start with '^'"],
    ['a dangling $ref', { 'a.schema.json': { 'x-pan-name': 'type_a', $ref: '#/$defs/type_missing' } }, 'names no definition'],
    ['a $ref outside the schema set', { 'a.schema.json': { 'x-pan-name': 'type_a', $ref: 'https://example.invalid/x.json' } }, 'unsupported $ref'],
    ['a type referring to itself', { 'a.schema.json': { 'x-pan-name': 'structure_a', type: 'object', properties: { next: { $ref: '#' } } } }, 'unsupported $ref'],
    [
      'a cycle between definitions',
      { 'a.schema.json': { $defs: { structure_x: { type: 'object', properties: { y: { $ref: '#/$defs/structure_y' } } }, structure_y: { type: 'object', properties: { x: { $ref: '#/$defs/structure_x' } } } } } },
      'refers to itself',
    ],
    [
      'one Pan name in two files',
      { 'a.schema.json': { $defs: { type_x: { type: 'string' } } }, 'b.schema.json': { $defs: { type_x: { type: 'long' as 'integer' } } } },
      'type_x is also declared by a.schema.json',
    ],
    ['an if/then that is not a constant test', { 'a.schema.json': { 'x-pan-name': 'structure_a', type: 'object', properties: { k: { type: 'string' } }, allOf: [{ if: { required: ['k'] }, then: { required: ['k'] } }] } }, "only 'if one field is a constant"],
  ])('rejects %s', (_name, files, message) => {
    const withProfile = { ...files, 'profile.schema.json': {} };
    expect(() => generate(withProfile)).toThrow(SchemaGenerationError);
    expect(() => generate(withProfile)).toThrow(message);
  });
});

// ---------------------------------------------------------------- the real templates

const generated = generatePanTemplates(new SchemaSet(SCHEMA_FILES));
const root = repositoryRoot();
const basePan = readFileSync(join(root, 'templates', `${PAN_BASE_TEMPLATE}.pan`), 'utf8');
const BUILTIN_TYPES = new Set(['boolean', 'long', 'double', 'string', 'element', 'property', 'dict', 'list', 'nlist', 'resource']);
const BUILTIN_FUNCTIONS = new Set(['is_string', 'is_long', 'is_double', 'is_boolean', 'is_list', 'is_dict', 'is_null', 'match', 'length', 'exists', 'error', 'return', 'to_string', 'if', 'foreach']);

interface TemplateFacts {
  name: string;
  includes: string[];
  types: Set<string>;
  functions: Set<string>;
  typeRefs: Set<string>;
  calls: Set<string>;
}

/**
 * Pan text with comments removed and single-quoted strings emptied (`''`), or
 * undefined when a string is not closed. Enough to reason about generated code.
 */
function code(text: string): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === "'") {
      for (i++; ; i++) {
        if (i >= text.length) return undefined;
        if (text[i] === "'" && text[i + 1] === "'") i++;
        else if (text[i] === "'") break;
      }
      out += "''";
    } else {
      out += c;
    }
  }
  return out;
}

/** What a template declares, includes and uses (types after ':', '?', '=', 'include'; calls). */
function facts(text: string): TemplateFacts {
  const stripped = code(text) ?? '';
  const name = /^(?:declaration |unique |object )?template ([\w/]+);/m.exec(stripped)?.[1] ?? '';
  const includes = [...text.matchAll(/^include '([^']+)';/gm)].map((m) => m[1] as string);
  const types = new Set([...stripped.matchAll(/^type (\w+) =/gm)].map((m) => m[1] as string));
  const functions = new Set([...stripped.matchAll(/^function (\w+) =/gm)].map((m) => m[1] as string));
  const typeRefs = new Set(
    [...stripped.matchAll(/(?:[:?]|type \w+ =|bind '' =|include)\s+(?:extensible\s+)?([a-z]\w*)/g)].map((m) => m[1] as string).filter((t) => !['extensible'].includes(t)),
  );
  const calls = new Set([...stripped.matchAll(/\b([a-z_]\w*)\s*\(/g)].map((m) => m[1] as string));
  return { name, includes, types, functions, typeRefs, calls };
}

describe('the generated Pan templates', () => {
  const byName = new Map<string, TemplateFacts>(generated.map((f) => [facts(f.content).name, facts(f.content)]));
  byName.set(PAN_BASE_TEMPLATE, facts(basePan));

  it('are named after their path, as panc requires', () => {
    for (const f of generated) expect(f.path).toBe(`templates/${facts(f.content).name}.pan`);
    expect(generated.map((f) => f.path)).toContain('templates/panfab/schema.pan');
    expect(facts(basePan).name).toBe(PAN_BASE_TEMPLATE);
  });

  it('use only types and functions declared in themselves or in what they include', () => {
    const reachable = (name: string, seen = new Set<string>()): TemplateFacts[] => {
      if (seen.has(name)) return [];
      seen.add(name);
      const f = byName.get(name);
      if (f === undefined) throw new Error(`include of unknown template ${name}`);
      return [f, ...f.includes.flatMap((i) => reachable(i, seen))];
    };
    let refs = 0;
    for (const [name, f] of byName) {
      const visible = reachable(name);
      const types = new Set(visible.flatMap((v) => [...v.types]));
      const functions = new Set(visible.flatMap((v) => [...v.functions]));
      for (const t of f.typeRefs) {
        refs++;
        expect(BUILTIN_TYPES.has(t) || types.has(t), `${name} uses type ${t}`).toBe(true);
      }
      for (const c of f.calls) expect(BUILTIN_FUNCTIONS.has(c) || BUILTIN_TYPES.has(c) || functions.has(c), `${name} calls ${c}`).toBe(true);
    }
    expect(refs).toBeGreaterThan(80);
  });

  it('have balanced brackets and quotes', () => {
    for (const f of [...generated.map((g) => g.content), basePan]) {
      const stripped = code(f);
      expect(stripped, 'unterminated string').toBeDefined();
      for (const [open, close] of ['{}', '()', '[]']) {
        expect(stripped?.split(open as string).length, `${open}${close}`).toBe(stripped?.split(close as string).length);
      }
    }
  });

  it('bind every profile part the validator knows', () => {
    const schemaPan = generated.find((f) => f.path === 'templates/panfab/schema.pan')?.content ?? '';
    const bound = [...schemaPan.matchAll(/^bind '([^']+)' = (\w+)/gm)].map((m) => m[1]);
    for (const [part, { path }] of Object.entries(PROFILE_PARTS)) expect(bound, part).toContain(`/${path.join('/')}`);
    expect(schemaPan).toContain("bind '/software/components' = structure_component{} with {");
    expect(schemaPan).toContain("bind '/software/components/xen' = structure_component_xen;");
  });
});

describe('the hand-written base template agrees with common.schema.json', () => {
  const common = SCHEMA_FILES.find((f) => f.file === 'common.schema.json')?.schema.$defs ?? {};
  const baseTypes = Object.entries(common).filter(([, s]) => s['x-pan-base'] === true);

  it.each(baseTypes)('%s', (name, schema) => {
    const fn = `is_${name.replace(/^type_/, '')}`;
    expect(basePan).toContain(`type ${name} = string with ${fn}(SELF);`);
    const body = new RegExp(`function ${fn} = \\{([^}]*(\\{[^}]*\\}[^}]*)*)\\};`).exec(basePan)?.[1] ?? '';
    expect(body, fn).toContain(`match(ARGV[0], ${panString(toJavaRegex(schema.pattern as string))})`);
    if (schema.maxLength !== undefined) expect(body).toContain(`length(ARGV[0]) <= ${schema.maxLength}`);
    else expect(body).not.toContain('length(ARGV[0])');
  });

  it('covers the four format types the issue names', () => {
    expect(baseTypes.map(([n]) => n).sort()).toEqual(['type_absolute_path', 'type_fqdn', 'type_hwaddr', 'type_ipv4']);
    expect(templateName('filesystems-component.schema.json')).toBe('panfab/schema/filesystems_component');
  });
});

const T_PAN = `# Generated from schema/t.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/t;

include 'panfab/types/base';

type type_word = string with match(SELF, '^[a-z]+\\z');

type type_t_f_item = string with match(SELF, '^[a-z'']+\\z');

type type_t_g = long(..9){1..} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && match(k, '^[a-z]+\\z'))) error('t_g: invalid key ''' + k + '''');
    };
    true;
};

# A test record.
type structure_t = {
    'a' : long(1..)
    # A word.
    'b' ? string(1..8) with match(SELF, '^[a-z]+\\z')
    'c' : boolean = true
    'd' : type_word[1..] with panfab_is_unique_list(SELF)
    'e' ? string with match(SELF, '^(x|y\\.z)\\z')
    'f' ? type_t_f_item[]
    'g' ? type_t_g
    'h' ? type_ipv4
};
`;

const U_PAN = `# Generated from schema/u.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/u;

include 'panfab/schema/base';

# A value.
function is_type_value = {
    v = ARGV[0];
    if (is_long(v)) return(v >= 0);
    if (is_boolean(v)) return(true);
    if (is_string(v)) return(match(v, '^[a-z]*\\z'));
    if (is_list(v)) {
        foreach (i; e; v) {
            if (!(is_string(e) && length(e) <= 3)) return(false);
        };
        return(true);
    };
    false;
};
type type_value = element with is_type_value(SELF);

type structure_opts = extensible {
    'name' : string
} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && match(k, '^[a-z]+\\z'))) error('opts: invalid key ''' + k + '''');
        if (!match(k, '^(name)\\z') && !(is_type_value(v))) error('opts: invalid value for ''' + k + '''');
    };
    true;
};

type structure_u = {
    include structure_base
    'kind' : string with match(SELF, '^(disk|net)\\z')
    'size' ? long(1..10)
    'opts' ? structure_opts
} with {
    if (exists(SELF['kind']) && SELF['kind'] == 'disk' && !exists(SELF['size'])) error('u: kind disk needs size');
    true;
};
`;

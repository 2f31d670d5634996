/**
 * schema/types.ts agrees with the schemas: it is generated from them (see
 * generate.test.ts), and here the TypeScript compiler itself checks that every
 * schema-valid fixture is a well-typed Profile and that typical schema
 * violations are type errors too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FIXTURES, FIXTURE_DIR } from './fixtures.js';
import { repositoryRoot } from './repo-root.js';

const schemaDir = join(repositoryRoot(), 'schema');
const IMPORT = "import type { ComponentConfig, Components, Filesystem, NetworkInterface, Nic, Profile, XenComponent, XenDomain } from '../types.js';\n";

/** Type-check in-memory modules placed in schema/__typecheck__/; returns the diagnostics of each. */
function typecheck(sources: Record<string, string>): Record<string, string[]> {
  const dir = join(schemaDir, '__typecheck__');
  const files = new Map(Object.entries(sources).map(([name, text]) => [join(dir, `${name}.ts`), IMPORT + text]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, version, ...rest) => {
    const text = files.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, version) : getSourceFile.call(host, f, version, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const out: Record<string, string[]> = {};
  for (const [path] of files) {
    const name = path.slice(dir.length + 1, -3);
    const sourceFile = program.getSourceFile(path);
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    out[name] = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  }
  return out;
}

const fixtureSources = Object.fromEntries(
  Object.values(FIXTURES).map((name) => [name.replace(/\W/g, '_'), `export const profile: Profile = ${readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')};\n`]),
);

const invalidSources: Record<string, [string, RegExp]> = {
  enum_value: ["export const i: NetworkInterface = { bootproto: 'bootp' };", /'"bootp"' is not assignable/],
  missing_required: ['export const n: Nic = { boot: true };', /Property 'hwaddr' is missing/],
  wrong_scalar: ["export const d: XenDomain = { options: { name: 'vm', memory: '4G' }, disks: [], vif: [], auto: true };", /'string' is not assignable to type 'number'/],
  closed_record: ['export const x: XenComponent = { active: true, create_filesystems: true, create_domains: true, domains: {}, create_domain: true };', /'create_domain' does not exist/],
  filesystem_type: ["export const f: Filesystem = { block_device: 'partitions/sda1', mountpoint: '/', type: 'btrfs', format: true, preserve: true, mount: true };", /'"btrfs"' is not assignable/],
  component_flag: ["export const c: Components = { xen: { active: 'yes', create_filesystems: true, create_domains: true, domains: {} } };", /'string' is not assignable to type 'boolean'/],
};

describe('schema/types.ts', () => {
  const results = typecheck({
    ...fixtureSources,
    open_component: "export const c: ComponentConfig = { active: true, rootshell: '/bin/bash' };\nexport const p: Pick<Profile, 'software'> = { software: { components: { chrony: c, other: { active: false, servers: ['a'] } } } };\n",
    ...Object.fromEntries(Object.entries(invalidSources).map(([name, [text]]) => [name, `${text}\n`])),
  });

  it.each(Object.keys(fixtureSources))('types the valid fixture %s as a Profile', (name) => {
    expect(results[name]).toEqual([]);
  });

  it('lets components other than xen and filesystems carry their own fields', () => {
    expect(results.open_component).toEqual([]);
  });

  it.each(Object.entries(invalidSources))('rejects %s', (name, [, message]) => {
    expect(results[name]?.length, name).toBeGreaterThan(0);
    expect(results[name]?.join('\n')).toMatch(message);
  });
});

import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatedFiles, staleFiles } from './generate.js';
import { repositoryRoot } from './repo-root.js';
import { SCHEMA_FILES } from './schemas.js';

const root = repositoryRoot();

describe('generated files', () => {
  it('the committed schema/types.ts and templates/panfab/schema* are what the schemas generate', () => {
    expect(staleFiles(root, generatedFiles())).toEqual({ outdated: [], orphans: [] });
  });

  it('one Pan template per schema file, plus the profile records and the binding template', () => {
    const paths = generatedFiles().map((f) => f.path);
    expect(paths.filter((p) => p.endsWith('.pan'))).toHaveLength(SCHEMA_FILES.length + 1);
    expect(paths).toContain('templates/panfab/schema/profile.pan');
    expect(paths).toContain('schema/types.ts');
    expect(paths).toContain('templates/panfab/schema.pan');
  });

  it('generation is deterministic', () => {
    expect(generatedFiles()).toEqual(generatedFiles());
  });

  it('SCHEMA_FILES registers every *.schema.json of schema/', () => {
    const onDisk = readdirSync(join(root, 'schema')).filter((f) => f.endsWith('.schema.json')).sort();
    expect(SCHEMA_FILES.map((f) => f.file).sort()).toEqual(onDisk);
    for (const { file, schema } of SCHEMA_FILES) expect(schema.$id).toBe(`https://panfab.invalid/schema/${file}`);
  });
});

describe('staleFiles', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reports a hand-edited output and a template no schema produces', () => {
    dir = mkdtempSync(join(tmpdir(), 'panfab-gen-'));
    cpSync(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
    cpSync(join(root, 'schema', 'types.ts'), join(dir, 'schema', 'types.ts'));
    expect(staleFiles(dir, generatedFiles())).toEqual({ outdated: [], orphans: [] });
    writeFileSync(join(dir, 'templates/panfab/schema/xen.pan'), '# edited\n');
    writeFileSync(join(dir, 'templates/panfab/schema/old.pan'), 'declaration template panfab/schema/old;\n');
    rmSync(join(dir, 'schema', 'types.ts'));
    expect(staleFiles(dir, generatedFiles())).toEqual({
      outdated: ['schema/types.ts', 'templates/panfab/schema/xen.pan'],
      orphans: ['templates/panfab/schema/old.pan'],
    });
  });
});

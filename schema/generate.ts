/**
 * Regenerates everything derived from the JSON Schemas: schema/types.ts and
 * the Pan types under templates/panfab/schema/. The outputs are committed;
 * a test fails when they differ from what this produces.
 *
 *   node dist/schema/generate.js          write the files that changed
 *   node dist/schema/generate.js --check  list stale files, exit 1 if any
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeIfChangedSync } from '../common/fs.js';
import { PAN_SCHEMA_DIR, generatePanTemplates } from './pan-types.js';
import { repositoryRoot } from './repo-root.js';
import { SchemaSet } from './schema-model.js';
import { SCHEMA_FILES } from './schemas.js';
import { generateTsTypes } from './ts-types.js';

export interface GeneratedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

export function generatedFiles(): GeneratedFile[] {
  const set = new SchemaSet(SCHEMA_FILES);
  return [{ path: 'schema/types.ts', content: generateTsTypes(set) }, ...generatePanTemplates(set)];
}

/** Files that differ from their generated content, and generated-looking files no schema produces. */
export function staleFiles(root: string, files: readonly GeneratedFile[]): { outdated: string[]; orphans: string[] } {
  const outdated = files.filter((f) => !existsSync(join(root, f.path)) || readFileSync(join(root, f.path), 'utf8') !== f.content).map((f) => f.path);
  const wanted = new Set(files.map((f) => f.path));
  const panDir = join(root, PAN_SCHEMA_DIR);
  const present = existsSync(panDir) ? readdirSync(panDir).map((f) => `${PAN_SCHEMA_DIR}/${f}`) : [];
  const orphans = present.filter((p) => p.endsWith('.pan') && !wanted.has(p));
  return { outdated, orphans };
}

function main(argv: string[]): number {
  const root = repositoryRoot();
  const files = generatedFiles();
  if (argv.includes('--check')) {
    const { outdated, orphans } = staleFiles(root, files);
    for (const p of outdated) process.stderr.write(`${p}: out of date, run node dist/schema/generate.js\n`);
    for (const p of orphans) process.stderr.write(`${p}: not generated from any schema (remove it by hand)\n`);
    return outdated.length + orphans.length > 0 ? 1 : 0;
  }
  for (const f of files) {
    if (writeIfChangedSync(join(root, f.path), f.content)) process.stdout.write(`wrote ${relative(process.cwd(), join(root, f.path))}\n`);
  }
  const { orphans } = staleFiles(root, files);
  for (const p of orphans) process.stderr.write(`${p}: not generated from any schema (left in place)\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`panfab schema generate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

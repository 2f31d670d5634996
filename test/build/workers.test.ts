/**
 * Worker threads give exactly what one thread gives: every output file (all
 * formats, dep files included), the messages (warnings, errors) in the same
 * order, on the acceptance site (the ten Quattor example profiles) plus two
 * broken object templates. The plain compile() API agrees too.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BuildOptions, BuildResult, OutputFormat } from '../../compiler/build/api.js';
import { compile } from '../../compiler/build/compile.js';
import { runBuild } from '../../compiler/build/driver.js';
import { panFilesIn } from '../../compiler/loader/pan-files.js';

const CFG = resolve(fileURLToPath(import.meta.url), '../../../../shared/acceptance/quattor-examples/cfg');
const INCLUDE = ['clusters/grid/umd4', 'clusters/grid/umd4/profiles', 'clusters/grid/umd4/site', 'sites/example', 'grid/umd-4', 'os', 'quattor/dev', 'standard'];
const FORMATS: OutputFormat[] = ['pan', 'pan.gz', 'json', 'json.gz', 'dep', 'text', 'dot'];

const tmp = mkdtempSync(join(tmpdir(), 'panfab-workers-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BROKEN = {
  'parse-error.example.org.pan': 'object template parse-error.example.org;\n"/a" = ;\n',
  'eval-error.example.org.pan': "object template eval-error.example.org;\ninclude 'pan/types';\n\"/a\" = 1 + \"b\";\n",
};
mkdirSync(join(tmp, 'broken'));
for (const [name, text] of Object.entries(BROKEN)) writeFileSync(join(tmp, 'broken', name), text);

/** The ten example profiles, with the broken ones among them (so that they land in different batches). */
function objectTemplates(): string[] {
  const dir = join(CFG, 'clusters/grid/umd4/profiles');
  const files = panFilesIn(dir);
  const [parseError, evalError] = Object.keys(BROKEN).map((n) => join(tmp, 'broken', n)) as [string, string];
  return [...files.slice(0, 5), parseError, ...files.slice(5), evalError];
}

function listOutputs(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of readdirSync(dir).sort()) if (!f.startsWith('profiles-')) out.set(f, readFileSync(join(dir, f)));
  return out;
}

async function buildWith(nthread: number | undefined, outputDir: string): Promise<BuildResult> {
  const options: BuildOptions = {
    includePath: INCLUDE.map((d) => join(CFG, d)), outputDir, formats: FORMATS, progress: false, index: false,
    ...(nthread !== undefined ? { nthread } : {}),
  };
  return runBuild(objectTemplates(), options);
}

describe('worker threads', () => {
  it('are not started by default for a build too small to repay their warm-up', async () => {
    const r = await buildWith(undefined, join(tmp, 'default'));
    expect(r.stats).toMatchObject({ total: 12, compiled: 10, failed: 2, threads: 1 });
  });

  it('write the same files and report the same messages as one thread', async () => {
    const one = await buildWith(1, join(tmp, 'one'));
    const two = await buildWith(2, join(tmp, 'two'));
    expect(one.stats.threads).toBe(1);
    expect(two.stats.threads).toBe(2);
    expect(one.stats).toMatchObject({ total: 12, compiled: 10, failed: 2 });
    expect(two.stats).toMatchObject({ total: 12, compiled: 10, failed: 2 });

    const a = listOutputs(join(tmp, 'one'));
    const b = listOutputs(join(tmp, 'two'));
    expect(a.size).toBe(10 * FORMATS.length);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect(Buffer.compare(bytes, b.get(name) as Buffer), name).toBe(0);

    expect(two.messages).toEqual(one.messages);
    const errors = one.messages.filter((m) => m.stream === 'error').map((m) => m.text);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^parse error \[.*parse-error\.example\.org\.pan:2\.\d+-2\.\d+\]/);
    expect(errors[1]).toMatch(/^evaluation error \[.*eval-error\.example\.org\.pan:3\.\d+-3\.\d+\]/);
    expect(one.messages.some((m) => m.stream === 'warning' && m.text.startsWith('deprecation warning'))).toBe(true);

    // The plain compile() API (one thread, no driver) writes the same bytes.
    const plain = await compile(objectTemplates(), { includePath: INCLUDE.map((d) => join(CFG, d)), outputDir: join(tmp, 'plain'), formats: FORMATS });
    expect(plain.errors.map((e) => e.format())).toEqual(errors);
    const c = listOutputs(join(tmp, 'plain'));
    expect([...c.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect(Buffer.compare(bytes, c.get(name) as Buffer), name).toBe(0);
  }, 300_000);
});

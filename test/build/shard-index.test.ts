/**
 * The profiles index beside the outputs (content, kept up to date, read by
 * the install server's profiles-info.xml parser) and sharded builds: a
 * deterministic split whose parts merge into the same index as one build.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProfilesInfo } from '../../aii/profiles/http.js';
import type { BuildOptions } from '../../compiler/build/api.js';
import { runBuild } from '../../compiler/build/driver.js';
import { runIndexMerge } from '../../compiler/build/command.js';
import { readIndex, type IndexedProfiles } from '../../compiler/build/profiles-index.js';
import { makeSmallSite, type SmallSite } from './small-site.js';

let site: SmallSite | undefined;
afterEach(() => {
  site?.cleanup();
  site = undefined;
});

async function build(s: SmallSite, out: string, more: Partial<BuildOptions> = {}, files = s.objects) {
  return runBuild(files, { includePath: s.includePath, outputDir: out, formats: ['json', 'dep'], nthread: 1, progress: false, ...more });
}

function index(dir: string, file = 'profiles-index.json'): IndexedProfiles {
  const i = readIndex(join(dir, file));
  if (i === undefined) throw new Error(`no ${file} in ${dir}`);
  return i.profiles;
}

/** Index content without modification times (a copy does not keep them). */
function content(profiles: IndexedProfiles): Record<string, Record<string, string>> {
  return Object.fromEntries([...profiles].map(([name, outputs]) => [name, Object.fromEntries([...outputs].map(([f, o]) => [f, `${o.file} ${o.size} ${o.sha256}`]))]));
}

const quiet = { out: () => undefined, err: () => undefined };

describe('profiles index', () => {
  it('lists every output with its hash, size and time, and profiles-info.xml the profiles', async () => {
    site = makeSmallSite(4);
    await build(site, site.out);
    const profiles = index(site.out);
    expect([...profiles.keys()]).toEqual(['a', 'b', 'c', 'n01.example.org', 'n02.example.org', 'n03.example.org', 'n04.example.org']);
    for (const outputs of profiles.values()) {
      expect([...outputs.keys()]).toEqual(['dep', 'json']);
      for (const o of outputs.values()) {
        const bytes = readFileSync(join(site.out, o.file));
        expect(o.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(o.size).toBe(bytes.length);
        expect(o.mtime).toBe(statSync(join(site.out, o.file)).mtimeMs);
      }
    }
    const info = readFileSync(join(site.out, 'profiles-info.xml'), 'utf8');
    expect(info).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<profiles>\n <profile mtime="\d+">a\.json<\/profile>\n/);
    expect(info).not.toContain('.dep');
    // The install server's reader finds the host profiles in it.
    expect(parseProfilesInfo(info, 'test')).toEqual(['n01.example.org', 'n02.example.org', 'n03.example.org', 'n04.example.org']);
  });

  it('is rewritten only when something changed, and keeps profiles of earlier builds while their files exist', async () => {
    site = makeSmallSite(2);
    await build(site, site.out);
    const path = join(site.out, 'profiles-index.json');
    const before = statSync(path).mtimeMs;
    await build(site, site.out);
    expect(statSync(path).mtimeMs).toBe(before);
    // A build of one profile keeps the others listed.
    await build(site, site.out, {}, [site.objects[0] as string]);
    expect(index(site.out).size).toBe(5);
    // A profile whose files are gone is dropped.
    unlinkSync(join(site.out, 'n01.example.org.json'));
    unlinkSync(join(site.out, 'n01.example.org.dep'));
    await build(site, site.out, {}, [site.objects[0] as string]);
    expect(index(site.out).has('n01.example.org')).toBe(false);
  });

  it('is not even read by a cached build that compiles nothing, once its stamps can be trusted', async () => {
    site = makeSmallSite(2);
    const cached = { cacheDir: site.cache };
    const path = join(site.out, 'profiles-index.json');
    const age = (): void => {
      const old = new Date(Date.now() - 60_000);
      for (const f of ['profiles-index.json', 'profiles-info.xml']) utimesSync(join(site!.out, f), old, old);
    };
    /** Same size, same stamp, other content: only a build that reads the index would put it right. */
    const tamper = (): void => {
      const { mtime } = statSync(path);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/"sha256": "[0-9a-f]/, '"sha256": "X'));
      utimesSync(path, mtime, mtime);
    };
    const good = (): string => readFileSync(path, 'utf8');
    await build(site, site.out, cached);
    const written = good();
    age(); // as a later build finds it; its new stamps are recorded by the next build
    expect((await build(site, site.out, cached)).stats.compiled).toBe(0);
    tamper();
    expect((await build(site, site.out, cached)).stats.compiled).toBe(0);
    expect(good()).not.toBe(written); // left alone
    expect(good()).toContain('"sha256": "X');
    await build(site, site.out, cached, [...site.objects].reverse());
    expect(good()).toContain('"sha256": "X'); // the same object templates in another order: left alone too
    // Other object templates: the index is read and made again.
    await build(site, site.out, cached, site.objects.slice(0, 4));
    expect(index(site.out).size).toBe(5); // n02 kept from the earlier build
    expect(good()).toBe(written);
    // A build that compiles something reads and writes it too.
    await build(site, site.out, cached);
    age();
    await build(site, site.out, cached);
    tamper();
    site.write('profiles/n01.example.org.pan', `object template n01.example.org;\ninclude 'other';\n"/system/n" = 10;\n`);
    expect((await build(site, site.out, cached)).stats.compiled).toBe(1);
    expect(good()).not.toContain('"sha256": "X');
    // Without the index (--no-index), the record goes: the next build reads the index again.
    age();
    await build(site, site.out, cached);
    tamper();
    await build(site, site.out, { ...cached, index: false });
    await build(site, site.out, cached);
    expect(good()).not.toContain('"sha256": "X');
  });
});

describe('--shard K/N', () => {
  it('splits the templates deterministically; the parts merge into the index of one build', async () => {
    site = makeSmallSite(12);
    await build(site, join(site.root, 'all'));
    const seen = new Map<string, number>();
    for (let k = 1; k <= 3; k++) {
      const dir = join(site.root, `shard${k}`);
      const r = await build(site, dir, { shard: { index: k, count: 3 } });
      expect(r.errors).toEqual([]);
      expect(readdirSync(dir).filter((f) => f.startsWith('profiles-'))).toEqual([`profiles-index.shard-${k}-of-3.json`]);
      for (const o of r.objects) {
        expect(seen.has(o.file)).toBe(false);
        seen.set(o.file, k);
      }
      // The same split every time.
      const again = await build(site, join(site.root, `again${k}`), { shard: { index: k, count: 3 } });
      expect(again.objects.map((o) => o.file)).toEqual(r.objects.map((o) => o.file));
    }
    expect([...seen.keys()].sort()).toEqual(site.objects);
    expect(new Set(seen.values()).size).toBeGreaterThan(1);

    const merged = join(site.root, 'merged');
    mkdirSync(merged);
    for (let k = 1; k <= 3; k++) cpSync(join(site.root, `shard${k}`), merged, { recursive: true });
    expect(await runIndexMerge(merged, quiet)).toBe(0);
    expect(content(index(merged))).toEqual(content(index(join(site.root, 'all'))));
    expect(readFileSync(join(merged, 'profiles-info.xml'), 'utf8').match(/<profile /g)).toHaveLength(15);
    for (const o of index(merged).values()) for (const f of o.values()) expect(f.mtime).toBe(statSync(join(merged, f.file)).mtimeMs);
  });

  it('refuses to merge missing parts, a profile in two parts, or changed files', async () => {
    site = makeSmallSite(6);
    const dir = join(site.root, 'merged');
    for (let k = 1; k <= 2; k++) await build(site, dir, { shard: { index: k, count: 2 } });
    let err = '';
    const io = { out: () => undefined, err: (t: string) => { err += t; } };
    expect(await runIndexMerge(dir, io)).toBe(0);

    const part1 = join(dir, 'profiles-index.shard-1-of-2.json');
    const part2 = join(dir, 'profiles-index.shard-2-of-2.json');
    const saved2 = readFileSync(part2, 'utf8');
    rmSync(part2);
    expect(await runIndexMerge(dir, io)).toBe(1);
    expect(err).toContain('shard 2 of 2 missing');

    writeFileSync(part2, readFileSync(part1, 'utf8'));
    expect(await runIndexMerge(dir, io)).toBe(1);
    expect(err).toMatch(/profile '.*' is in both profiles-index\.shard-1-of-2\.json and profiles-index\.shard-2-of-2\.json/);

    writeFileSync(part2, saved2);
    const [name, outputs] = [...index(dir, 'profiles-index.shard-2-of-2.json')][0]!;
    writeFileSync(join(dir, outputs.get('json')!.file), '{}');
    expect(await runIndexMerge(dir, io)).toBe(1);
    expect(err).toContain(`${name}.json: content differs from profiles-index.shard-2-of-2.json`);
  });
});

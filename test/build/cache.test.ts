/**
 * The build cache on a small site: which profiles an edit recompiles (edited
 * template, a template appearing where a lookup had failed, a data file, an
 * object read by another through value(), a file_exists probe), what
 * --affected-by lists, and that unchanged outputs are left alone.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { affectedJobs } from '../../compiler/build/affected.js';
import { contentHash } from '../../compiler/loader/file-state.js';
import type { BuildOptions, BuildStatus, DirtyReasons } from '../../compiler/build/api.js';
import { whyLine } from '../../compiler/build/command.js';
import { jobsOf, runBuild } from '../../compiler/build/driver.js';
import { makeSmallSite, type SmallSite } from './small-site.js';

let site: SmallSite | undefined;
afterEach(() => {
  site?.cleanup();
  site = undefined;
});

function optionsOf(s: SmallSite, more: Partial<BuildOptions> = {}): BuildOptions {
  return { includePath: s.includePath, outputDir: s.out, formats: ['json', 'dep'], cacheDir: s.cache, nthread: 1, progress: false, ...more };
}

/** Build every object template; status by object template base name. */
async function build(s: SmallSite, more: Partial<BuildOptions> = {}, files = s.objects): Promise<Record<string, BuildStatus>> {
  const result = await runBuild(files, optionsOf(s, more));
  return Object.fromEntries(result.objects.map((o) => [basename(o.file, '.pan'), o.status]));
}

function json(s: SmallSite, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(s.out, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

function affected(s: SmallSite, edited: string[]): string[] {
  return affectedJobs(jobsOf(s.objects, optionsOf(s)), edited.map((f) => s.path(f)), optionsOf(s)).map((j) => basename(j.file, '.pan'));
}

describe('build cache', () => {
  it('compiles everything once, then nothing while nothing changes (outputs untouched)', async () => {
    site = makeSmallSite();
    expect(await build(site)).toEqual({ a: 'compiled', b: 'compiled', c: 'compiled' });
    expect(json(site, 'b')).toMatchObject({ system: { copy: 'from a', common: 'v1' } });
    const mtime = statSync(join(site.out, 'a.json')).mtimeMs;
    expect(await build(site)).toEqual({ a: 'unchanged', b: 'unchanged', c: 'unchanged' });
    expect(statSync(join(site.out, 'a.json')).mtimeMs).toBe(mtime);
  });

  it('recompiles exactly the profiles that loaded an edited template', async () => {
    site = makeSmallSite();
    await build(site);
    site.write('lib/common.pan', 'unique template common;\n"/system/common" = "v2";\n');
    expect(await build(site)).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    expect(json(site, 'a')).toMatchObject({ system: { common: 'v2' } });
    expect(await build(site)).toEqual({ a: 'unchanged', b: 'unchanged', c: 'unchanged' });
  });

  it('says why each profile was compiled (--verbose): no earlier build, a changed input, a changed output', async () => {
    site = makeSmallSite();
    const first = await runBuild(site.objects, optionsOf(site));
    expect(first.stats.why).toEqual({ new: 3, inputs: 0, outputs: 0, changedInputCount: 0, changedInputs: [] });
    site.write('lib/common.pan', 'unique template common;\n"/system/common" = "v3";\n');
    unlinkSync(join(site.out, 'c.json'));
    const second = await runBuild(site.objects, optionsOf(site));
    expect(second.stats.why).toEqual({ new: 0, inputs: 2, outputs: 1, changedInputCount: 1, changedInputs: ['template common'] });
    expect(whyLine(second.stats.why as DirtyReasons)).toBe(
      'compiled because: 0 had no earlier build, 2 had an input changed (1 input changed: template common), 1 had an output file changed');
    expect((await runBuild(site.objects, optionsOf(site))).stats.why).toEqual({ new: 0, inputs: 0, outputs: 0, changedInputCount: 0, changedInputs: [] });
  });

  it('says when the cache only held the builds of another compiler (another panfab or Node.js version)', async () => {
    site = makeSmallSite();
    mkdirSync(site.cache, { recursive: true });
    writeFileSync(join(site.cache, 'build-state-0123456789abcdef-0123456789abcdef.v8'), 'state of another compiler');
    const result = await runBuild(site.objects, optionsOf(site));
    expect(result.stats.why).toMatchObject({ new: 3, otherCompiler: true });
    expect(whyLine(result.stats.why as DirtyReasons)).toMatch(/^compiled because: 3 had no earlier build \(the cache holds builds by another panfab or Node.js version\), 0 had/);
    expect(readdirSync(site.cache).filter((n) => n.includes('0123456789abcdef'))).toEqual([]); // pruned
    site.write('lib/common.pan', 'unique template common;\n"/system/common" = "v4";\n');
    expect((await runBuild(site.objects, optionsOf(site))).stats.why?.otherCompiler).toBeUndefined();
  });

  it('prunes the parse cache of the trees no profile uses any more, after a build that compiled something', async () => {
    site = makeSmallSite();
    const big = (v: string): string => `unique template common;\n"/system/common" = "${v}";\n${'"/system/pad" = "x";\n'.repeat(60)}`;
    site.write('lib/common.pan', big('v1'));
    await runBuild(site.objects, optionsOf(site));
    const astDir = join(site.cache, readdirSync(site.cache).find((n) => n.startsWith('ast-')) as string);
    const trees = (): string[] => readdirSync(astDir).sort();
    const tree = (text: string): string => `${contentHash(text)}.v8`;
    const dead = `${'0'.repeat(64)}.v8`;
    expect(trees()).toContain(tree(big('v1')));
    const hoursAgo = new Date(Date.now() - 2 * 3_600_000);
    writeFileSync(join(astDir, dead), 'a tree nothing uses');
    for (const f of trees()) utimesSync(join(astDir, f), hoursAgo, hoursAgo); // past the grace period
    const before = trees();
    await runBuild(site.objects, optionsOf(site)); // compiles nothing: prunes nothing
    expect(trees()).toEqual(before);
    site.write('lib/common.pan', big('v2'));
    expect(await build(site)).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    // The tree of the edited template's old text went, and so did the dead one; the others stay.
    expect(trees()).toEqual([...before.filter((f) => f !== tree(big('v1')) && f !== dead), tree(big('v2'))].sort());
  });

  it('keeps the profiles built from a template edited in comments and layout only (its syntax tree is the same)', async () => {
    site = makeSmallSite();
    const padding = '"/system/pad" = "x";\n'.repeat(60); // 1 KiB or more: the parse cache keeps its tree
    site.write('lib/common.pan', `unique template common;\n"/system/common" = "v1";\n${padding}`);
    await build(site);
    const mtime = statSync(join(site.out, 'a.json')).mtimeMs;
    site.write('lib/common.pan', `# a comment\nunique template common;\n\n  "/system/common"   =   "v1"; # another\n${padding}`);
    const kept = await runBuild(site.objects, optionsOf(site));
    expect(Object.fromEntries(kept.objects.map((o) => [basename(o.file, '.pan'), o.status]))).toEqual({ a: 'unchanged', b: 'unchanged', c: 'unchanged' });
    expect(kept.stats.why?.layoutOnly).toEqual([site.path('lib/common.pan')]);
    expect(whyLine(kept.stats.why as DirtyReasons)).toMatch(/edited in comments or layout only, so not compiled again for that: .*common\.pan$/);
    expect(statSync(join(site.out, 'a.json')).mtimeMs).toBe(mtime);
    // The state now holds the new text: the next build is a plain no-op, and a real edit is compiled.
    expect((await runBuild(site.objects, optionsOf(site))).stats.why?.layoutOnly).toBeUndefined();
    site.write('lib/common.pan', `# a comment\nunique template common;\n\n  "/system/common"   =   "v2"; # another\n${padding}`);
    expect(await build(site)).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    expect(json(site, 'a')).toMatchObject({ system: { common: 'v2' } });
  });

  it('compiles again the profiles whose messages name a template edited in layout only (their lines moved)', async () => {
    site = makeSmallSite();
    const padding = '"/system/pad" = "x";\n'.repeat(60);
    site.write('lib/common.pan', `unique template common;\n"/system/old" = { deprecated(0, "do not use"); 1; };\n${padding}`);
    const first = await runBuild(site.objects, optionsOf(site));
    expect(first.messages.map((m) => m.text).join('\n')).toMatch(/common\.pan:2\./);
    site.write('lib/common.pan', `# one more line\nunique template common;\n"/system/old" = { deprecated(0, "do not use"); 1; };\n${padding}`);
    const second = await runBuild(site.objects, optionsOf(site));
    // a and b include it and print its warning: compiled again, the warning at its new line.
    expect(Object.fromEntries(second.objects.map((o) => [basename(o.file, '.pan'), o.status]))).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    expect(second.messages.map((m) => m.text).join('\n')).toMatch(/common\.pan:3\./);
    expect(second.messages.map((m) => m.text).join('\n')).not.toMatch(/common\.pan:2\./);
  });

  it('forgets the profiles a build did not check whose messages name a template edited in layout only', async () => {
    site = makeSmallSite();
    const padding = '"/system/pad" = "x";\n'.repeat(60);
    site.write('lib/common.pan', `unique template common;\n"/system/old" = { deprecated(0, "do not use"); 1; };\n${padding}`);
    await build(site);
    site.write('lib/common.pan', `# one more line\nunique template common;\n"/system/old" = { deprecated(0, "do not use"); 1; };\n${padding}`);
    // A build of a alone checks common (and compiles a, whose warning moved); b shares that entry.
    expect(await build(site, {}, [site.path('profiles/a.pan')])).toEqual({ a: 'compiled' });
    const all = await runBuild(site.objects, optionsOf(site));
    expect(Object.fromEntries(all.objects.map((o) => [basename(o.file, '.pan'), o.status]))).toEqual({ a: 'unchanged', b: 'compiled', c: 'unchanged' });
    const text = all.messages.map((m) => m.text).join('\n');
    expect(text).toMatch(/common\.pan:3\./);
    expect(text).not.toMatch(/common\.pan:2\./);
  });

  it('keeps the trees of small templates two profiles load, so that their layout edits are told apart too', async () => {
    site = makeSmallSite();
    await build(site); // common (under 1 KiB) is loaded by a, then b: its tree is kept
    site.write('lib/common.pan', '# a comment\nunique template common;\n\n"/system/common" = "v1";\n');
    expect(await build(site)).toEqual({ a: 'unchanged', b: 'unchanged', c: 'unchanged' });
  });

  it('compiles again after a layout edit of a small template one profile loads (no tree of it is kept)', async () => {
    site = makeSmallSite();
    await build(site);
    site.write('lib/other.pan', '# a comment\nunique template other;\n"/system/other" = "v1";\n');
    expect(await build(site)).toEqual({ a: 'unchanged', b: 'unchanged', c: 'compiled' });
  });

  it('recompiles the profiles that probed a path where a template now appears', async () => {
    site = makeSmallSite();
    await build(site);
    // if_exists("optional/extra") found nothing; now it exists (in the first include directory).
    site.write('site/optional/extra.pan', 'template optional/extra;\n"/system/extra" = true;\n');
    // b read a through value(): a's inputs are b's inputs.
    expect(await build(site)).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    expect(json(site, 'a')).toMatchObject({ system: { extra: true } });
    // A template shadowing one found later on the include path.
    site.write('site/other.pan', 'unique template other;\n"/system/other" = "shadow";\n');
    expect(await build(site)).toEqual({ a: 'unchanged', b: 'unchanged', c: 'compiled' });
    expect(json(site, 'c')).toMatchObject({ system: { other: 'shadow' } });
  });

  it('recompiles the profiles that read an edited file through file_contents', async () => {
    site = makeSmallSite();
    await build(site);
    site.write('lib/motd.txt', 'welcome v2\n');
    expect(await build(site)).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    expect(json(site, 'a')).toMatchObject({ system: { motd: 'welcome v2\n' } });
  });

  it('recompiles the objects that read an edited object through value()', async () => {
    site = makeSmallSite();
    await build(site);
    site.write('profiles/a.pan', "object template a;\ninclude 'common';\ninclude 'features/a';\n\"/system/x\" = \"from a, edited\";\n");
    expect(await build(site)).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    expect(json(site, 'b')).toMatchObject({ system: { copy: 'from a, edited' } });
  });

  it('recompiles a profile whose file_exists() answer changes', async () => {
    site = makeSmallSite();
    const e = site.write('profiles/e.pan', 'object template e;\n"/system/flag" = file_exists("flag.txt");\n');
    const files = [...site.objects, e];
    expect((await build(site, {}, files)).e).toBe('compiled');
    expect(json(site, 'e')).toMatchObject({ system: { flag: false } });
    expect(await build(site, {}, files)).toMatchObject({ e: 'unchanged', c: 'unchanged' });
    site.write('lib/flag.txt', 'on\n');
    expect((await build(site, {}, files)).e).toBe('compiled');
    expect(json(site, 'e')).toMatchObject({ system: { flag: true } });
  });

  it('writes a deleted output again, and always retries a failed profile', async () => {
    site = makeSmallSite();
    const bad = site.write('profiles/bad.pan', 'object template bad;\n"/x" = 1 + "a";\n');
    const files = [...site.objects, bad];
    expect((await build(site, {}, files)).bad).toBe('failed');
    unlinkSync(join(site.out, 'c.json'));
    expect(await build(site, {}, files)).toEqual({ a: 'unchanged', b: 'unchanged', c: 'compiled', bad: 'failed' });
    expect(statSync(join(site.out, 'c.json')).isFile()).toBe(true);
  });

  it('keeps the state of each option set apart', async () => {
    site = makeSmallSite();
    await build(site);
    expect(await build(site, { formats: ['json'] })).toEqual({ a: 'compiled', b: 'compiled', c: 'compiled' });
    expect(await build(site)).toEqual({ a: 'unchanged', b: 'unchanged', c: 'unchanged' });
  });

  it('starts afresh from a damaged state file', async () => {
    site = makeSmallSite();
    await build(site);
    for (const f of ['build-state']) {
      const { readdirSync, writeFileSync } = await import('node:fs');
      for (const n of readdirSync(site.cache).filter((x) => x.startsWith(f))) writeFileSync(join(site.cache, n), 'garbage');
    }
    expect(await build(site)).toEqual({ a: 'compiled', b: 'compiled', c: 'compiled' });
  });
});

describe('--affected-by', () => {
  it('lists the object templates that loaded or probed the edited files', async () => {
    site = makeSmallSite();
    await build(site);
    expect(affected(site, ['lib/common.pan'])).toEqual(['a', 'b']);
    expect(affected(site, ['lib/motd.txt'])).toEqual(['a', 'b']);
    expect(affected(site, ['site/optional/extra.pan'])).toEqual(['a', 'b']);
    expect(affected(site, ['site/other.pan'])).toEqual(['c']);
    expect(affected(site, ['profiles/a.pan'])).toEqual(['a', 'b']);
    expect(affected(site, ['profiles/c.pan', 'lib/common.pan'])).toEqual(['a', 'b', 'c']);
    expect(affected(site, ['lib/unused.pan'])).toEqual([]);
  });

  it('lists profiles the cache knows nothing about', async () => {
    site = makeSmallSite();
    expect(affected(site, ['lib/unused.pan'])).toEqual(['a', 'b', 'c']);
    rmSync(site.cache, { recursive: true, force: true });
  });

  it('compiles without the cache while another live build holds its lock, and takes over a stale lock', async () => {
    site = makeSmallSite();
    await build(site);
    const lock = readdirSync(site.cache).find((f) => /^build-state-.*\.v8$/.test(f))!.replace(/\.v8$/, '.lock');
    writeFileSync(join(site.cache, lock), `${process.ppid}\n`); // a live process
    const busy = await runBuild(site.objects, optionsOf(site));
    expect(busy.messages.map((m) => m.text)).toContain(`build cache ${site.cache} is in use by another build with the same options: compiling without it`);
    expect(busy.objects.map((o) => o.status)).toEqual(['compiled', 'compiled', 'compiled']);
    writeFileSync(join(site.cache, lock), '2147483646\n'); // no such process
    expect(await build(site)).toEqual({ a: 'unchanged', b: 'unchanged', c: 'unchanged' });
    expect(existsSync(join(site.cache, lock))).toBe(false);
  });
});

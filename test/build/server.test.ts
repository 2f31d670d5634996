/**
 * The compile server (--server): started on first use, it keeps its session
 * for the next build when only an object template nobody reads changed,
 * starts a fresh one for any other change, gives the results an in-process
 * build gives, stops on request, for a client of another compiler version,
 * and when idle. Every server started here is stopped (and checked gone).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPanc } from '../../cli/commands/compile.js';
import type { BuildStats } from '../../compiler/build/api.js';
import { buildViaServer, ping, stopServer } from '../../compiler/build/server-client.js';
import { exchange, socketPath } from '../../compiler/build/server-protocol.js';
import { serve } from '../../compiler/build/server.js';
import { makeSmallSite, type SmallSite } from './small-site.js';

let site: SmallSite | undefined;
afterEach(async () => {
  if (site !== undefined) {
    await stopServer(site.cache);
    expect(await ping(socketPath(site.cache))).toBeUndefined();
    site.cleanup();
  }
  site = undefined;
  delete process.env.PANFAB_SERVER_IDLE_SECONDS;
});

async function build(s: SmallSite): Promise<{ statuses: Record<string, string>; stats: BuildStats }> {
  const r = await buildViaServer(s.objects, { includePath: s.includePath, outputDir: s.out, formats: ['json'], cacheDir: s.cache, nthread: 1 });
  return { statuses: Object.fromEntries(r.objects.map((o) => [o.name, o.status])), stats: r.stats };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(test: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await test()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return test();
}

describe('compile server', () => {
  it('says why a server stopped at start, from its own lines of the log, not an earlier server\'s', async () => {
    site = makeSmallSite();
    mkdirSync(site.cache, { recursive: true });
    writeFileSync(join(site.cache, 'server.log'), 'panfab compile server: Error: what an earlier server said\n');
    mkdirSync(join(site.cache, 'server.sock')); // a directory where the socket goes: this server cannot listen
    const failure = build(site).then(() => 'started', (e: unknown) => String(e));
    const text = await failure;
    expect(text).toMatch(/it stopped at start: panfab compile server: .*server\.sock/);
    expect(text).not.toMatch(/earlier server/);
    // A log grown past 1 MiB is set aside as server.log.1 when the next server starts.
    writeFileSync(join(site.cache, 'server.log'), `${'x'.repeat(1 << 20)}\n`, { flag: 'a' });
    expect(await build(site).then(() => 'started', (e: unknown) => String(e))).toMatch(/it stopped at start: panfab compile server: /);
    expect(readFileSync(join(site.cache, 'server.log.1'), 'utf8')).toMatch(/earlier server/);
    expect(readFileSync(join(site.cache, 'server.log'), 'utf8')).toMatch(/^panfab compile server: .*server\.sock/);
  });

  it('keeps its session for an edited object template, starts afresh for other edits', async () => {
    site = makeSmallSite();
    const cold = await build(site);
    expect(cold.statuses).toEqual({ a: 'compiled', b: 'compiled', c: 'compiled' });
    expect(cold.stats.session).toBe('new');
    const pid = await ping(socketPath(site.cache));
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);

    site.write('profiles/c.pan', "object template c;\ninclude 'other';\n\"/system/edited\" = true;\n");
    const edit = await build(site);
    expect(edit.statuses).toEqual({ a: 'unchanged', b: 'unchanged', c: 'compiled' });
    expect(edit.stats.session).toBe('patched');
    expect(JSON.parse(readFileSync(join(site.out, 'c.json'), 'utf8'))).toEqual({ system: { other: 'v1', edited: true } });

    // a is read by b: its old tree may be in b's recordings.
    site.write('profiles/a.pan', "object template a;\ninclude 'common';\ninclude 'features/a';\n\"/system/x\" = \"new\";\n");
    const referenced = await build(site);
    expect(referenced.statuses).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    expect(referenced.stats.session).toBe('reset');
    expect(JSON.parse(readFileSync(join(site.out, 'b.json'), 'utf8'))).toMatchObject({ system: { copy: 'new' } });

    site.write('lib/common.pan', 'unique template common;\n"/system/common" = "v2";\n');
    const library = await build(site);
    expect(library.statuses).toEqual({ a: 'compiled', b: 'compiled', c: 'unchanged' });
    expect(library.stats.session).toBe('reset');
    expect(JSON.parse(readFileSync(join(site.out, 'a.json'), 'utf8'))).toMatchObject({ system: { common: 'v2' } });

    expect(await ping(socketPath(site.cache))).toBe(pid); // the same server all along
    expect(await stopServer(site.cache)).toBe(true);
    expect(await waitFor(() => !pidAlive(pid as number), 5_000)).toBe(true);
  }, 120_000);

  it('prints through panc what an in-process build prints', async () => {
    site = makeSmallSite();
    site.write('profiles/bad.pan', 'object template bad;\n"/a" = 1 + true;\n');
    const files = [...site.objects, site.path('profiles/bad.pan')];
    const run = async (extra: string[]): Promise<{ code: number; err: string }> => {
      let err = '';
      const code = await runPanc(['--include-path', site!.includePath.join(':'), '--output-dir', site!.out, '--formats', 'json',
        '--nthread', '1', '--cache-dir', site!.cache, ...extra, ...files], { out: () => undefined, err: (t) => { err += t; } });
      return { code, err: err.replace(/in [\d.]+ s \([\d.]+ profiles\/s\)/, '') };
    };
    const direct = await run(['--no-server']);
    expect(await ping(socketPath(site.cache))).toBeUndefined();
    const served = await run(['--server']);
    expect(served.code).toBe(1);
    expect(served.code).toBe(direct.code);
    expect(served.err.replace('0 compiled, 3 unchanged', '3 compiled, 0 unchanged')).toBe(direct.err);
    expect(served.err).toMatch(/^evaluation error \[.*bad\.pan:2\.\d+-2\.\d+\]$/m);
  }, 120_000);

  it('stops for a client of another compiler version, and when idle', async () => {
    site = makeSmallSite();
    process.env.PANFAB_SERVER_IDLE_SECONDS = '2';
    await build(site);
    const path = socketPath(site.cache);
    const pid = (await ping(path)) as number;
    let answer = '';
    await exchange(path, { type: 'build', fingerprint: 'another compiler', files: [], options: { includePath: [], formats: ['json'] } }, (r) => {
      answer = r.type;
      return true;
    });
    expect(answer).toBe('stale');
    expect(await waitFor(() => !pidAlive(pid), 5_000)).toBe(true);

    await build(site); // a new one (idle after 2 s)
    const second = (await ping(path)) as number;
    expect(second).not.toBe(pid);
    expect(await waitFor(() => !pidAlive(second), 10_000)).toBe(true);
    expect(await ping(path)).toBeUndefined();
  }, 120_000);

  it('is one per cache: a second server started for it leaves the socket to the first', async () => {
    site = makeSmallSite();
    await build(site);
    const path = socketPath(site.cache);
    const pid = await ping(path);
    await serve(site.cache); // as a second client's server would: it finds the lock held and returns
    expect(await ping(path)).toBe(pid);
    expect((await build(site)).statuses).toEqual({ a: 'unchanged', b: 'unchanged', c: 'unchanged' });
  }, 120_000);

  it('is not used with --no-server, even when PANFAB_COMPILE_SERVER=1', async () => {
    site = makeSmallSite();
    process.env.PANFAB_COMPILE_SERVER = '1';
    try {
      const code = await runPanc(['--include-path', site.includePath.join(':'), '--output-dir', site.out, '--formats', 'json',
        '--nthread', '1', '--cache-dir', site.cache, '--no-server', ...site.objects], { out: () => undefined, err: () => undefined });
      expect(code).toBe(0);
      expect(await ping(socketPath(site.cache))).toBeUndefined();
    } finally {
      delete process.env.PANFAB_COMPILE_SERVER;
    }
  }, 120_000);

  it('needs a build cache', async () => {
    let err = '';
    const code = await runPanc(['--server', 'x.pan'], { out: () => undefined, err: (t) => { err += t; } });
    expect(code).toBe(2);
    expect(err).toContain('--server and --server-stop need --cache-dir');
  });
});

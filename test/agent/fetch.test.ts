/**
 * `panfab fetch` against a real nginx on loopback: 200, 304 (ETag and
 * If-Modified-Since), gzip, failover, retries, a truncated body, corrupt
 * JSON, a schema-invalid profile, timeouts, pruning, locks. Every failure
 * case ends with the previous good profile still current and nothing lost.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AgentConfig } from '../../components/agent/config.js';
import { fetchProfile, FetchFailedError, type FetchOptions } from '../../components/agent/fetch.js';
import { acquireLock } from '../../common/lock.js';
import { memoryLogger } from '../../components/sdk/logger.js';
import { startNginx, type Nginx } from './nginx.js';
import { profile, profileJson, schemaInvalidProfileJson } from './profiles.js';

const PANFAB = join(process.cwd(), 'bin', 'panfab.js');

let nginx: Nginx<PortName>;
type PortName = 'main' | 'second' | 'down' | 'upstream' | 'truncating' | 'slow';
let port: Record<PortName, number>;
let root: string;

const url = (p: number, path: string) => `http://127.0.0.1:${p}${path}`;
const good1 = profileJson(profile({ ip: '192.0.2.10' }));
const good2 = profileJson(profile({ ip: '192.0.2.11' }));
const good3 = profileJson(profile({ ip: '192.0.2.12' }));

let clock = Date.parse('2026-01-01T00:00:00Z');
/**
 * Put a file on the server. Each gets a later mtime: nginx's ETag is
 * mtime-size, so two same-size files written within a second would
 * otherwise look the same to a conditional GET.
 */
function serve(path: string, content: string, mtime?: Date): void {
  const file = join(nginx.www, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  clock += 1000;
  const when = mtime ?? new Date(clock);
  utimesSync(file, when, when);
}

beforeAll(async () => {
  const blocks = (www: string, port: Record<PortName, number>) => [
    // The profile server: static files, ETag and Last-Modified, gzip for JSON.
    `listen 127.0.0.1:${port.main};
    root ${www};
    gzip on; gzip_types application/json; gzip_min_length 1;
    location /noetag/ { etag off; }
    location /unavailable/ { return 503; }`,
    // The failover server: its own tree.
    `listen 127.0.0.1:${port.second};
    root ${www}/second;`,
    // Sends the first 2 KiB, then a byte a second...
    `listen 127.0.0.1:${port.upstream};
    root ${www};
    limit_rate_after 2k; limit_rate 1;`,
    // ...so this proxy gives up on it mid-body: the client gets a Content-Length and a short body.
    `listen 127.0.0.1:${port.truncating};
    location / { proxy_pass http://127.0.0.1:${port.upstream}; proxy_read_timeout 300ms; proxy_buffering off; }`,
    // A slow server (2 KiB/s), for timeouts.
    `listen 127.0.0.1:${port.slow};
    root ${www};
    limit_rate 2k;`,
  ];
  nginx = await startNginx({ listen: ['main', 'second', 'upstream', 'truncating', 'slow'], unused: ['down'] }, blocks);
  port = nginx.port;
});

afterAll(async () => {
  await nginx?.stop();
});

beforeEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = mkdtempSync(join(tmpdir(), 'panfab-fetch-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function config(urls: string[], extra: Partial<AgentConfig> = {}): Promise<AgentConfig> {
  return { ...(await loadConfig({ root, urls, retries: 0, timeout: 10 })), ...extra };
}

function fetch(c: AgentConfig, o: Partial<FetchOptions> = {}) {
  return fetchProfile(c, { log: memoryLogger(), ...o });
}

const cacheDir = () => join(root, 'var/lib/panfab/profile');
const current = () => readFileSync(join(cacheDir(), 'current'), 'utf8');
const versions = () => readdirSync(join(cacheDir(), 'versions')).filter((f) => f.endsWith('.json')).sort();

/** Fetch good1 so that there is a current profile to keep. */
async function establish(): Promise<string> {
  serve('profiles/node1.json', good1);
  const r = await fetch(await config([url(port.main, '/profiles/node1.json')]));
  expect(r.status).toBe('updated');
  return r.version!;
}

/** The invariant of every failure case: the good profile is current and every version is still there. */
function expectGoodStillCurrent(version: string, content = good1, count = 1): void {
  expect(readlinkSync(join(cacheDir(), 'current'))).toBe(`versions/${version}.json`);
  expect(current()).toBe(content);
  expect(versions()).toHaveLength(count);
}

async function expectFetchFails(c: AgentConfig, pattern: RegExp): Promise<FetchFailedError> {
  const e = await fetch(c).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(FetchFailedError);
  expect((e as Error).message).toMatch(pattern);
  return e as FetchFailedError;
}

describe('fetch over HTTP from nginx', () => {
  it('200: stores a new version and makes it current', async () => {
    const version = await establish();
    expect(version).toMatch(/^000001-[0-9a-f]{12}$/);
    expectGoodStillCurrent(version);
    const state = JSON.parse(readFileSync(join(cacheDir(), 'fetch.json'), 'utf8'));
    expect(state).toMatchObject({ version, url: url(port.main, '/profiles/node1.json') });
    expect(state.etag).toMatch(/"/);
  });

  it('304 by ETag: the server says unchanged, nothing is rewritten', async () => {
    const version = await establish();
    const r = await fetch(await config([url(port.main, '/profiles/node1.json')]));
    expect(r).toMatchObject({ status: 'unchanged', notModified: true, version });
    expectGoodStillCurrent(version);
    expect(nginx.errorLog()).toBeDefined();
    expect(readFileSync(join(nginx.prefix, 'logs/access.log'), 'utf8')).toMatch(/GET \/profiles\/node1.json HTTP\/1.1" 304/);
  });

  it('304 by If-Modified-Since when the server sends no ETag', async () => {
    serve('noetag/node1.json', good1, new Date('2026-01-02T03:04:05Z'));
    const c = await config([url(port.main, '/noetag/node1.json')]);
    const first = await fetch(c);
    expect(first.status).toBe('updated');
    const state = JSON.parse(readFileSync(join(cacheDir(), 'fetch.json'), 'utf8'));
    expect(state.etag).toBeUndefined();
    expect(state.lastModified).toBe('Fri, 02 Jan 2026 03:04:05 GMT');
    expect(await fetch(c)).toMatchObject({ status: 'unchanged', notModified: true });
    // The file changes on the server: a new Last-Modified, a 200, a new version.
    serve('noetag/node1.json', good2, new Date('2026-01-03T00:00:00Z'));
    expect(await fetch(c)).toMatchObject({ status: 'updated', notModified: false });
    expect(current()).toBe(good2);
  });

  it('gzip: a compressed body is inflated and stored as the profile', async () => {
    serve('profiles/node1.json', good1);
    const r = await fetch(await config([url(port.main, '/profiles/node1.json')]));
    expect(r.compressed).toBe(true);
    expect(current()).toBe(good1);
  });

  it('a changed profile becomes a new version; the old one is kept', async () => {
    const v1 = await establish();
    serve('profiles/node1.json', good2);
    const r = await fetch(await config([url(port.main, '/profiles/node1.json')]));
    expect(r).toMatchObject({ status: 'updated', previous: v1 });
    expect(r.version).toMatch(/^000002-/);
    expect(current()).toBe(good2);
    expect(versions()).toHaveLength(2);
  });

  it('fills in __HOST__ and __DOMAIN__', async () => {
    serve('profiles/node7.example.org.json', good1);
    const r = await fetch(await config([url(port.main, '/profiles/__HOST__.__DOMAIN__.json')], { host: 'node7', domain: 'example.org' }));
    expect(r.url).toBe(url(port.main, '/profiles/node7.example.org.json'));
  });

  it('failover: the first server is down (connection refused, then 503), the next one serves', async () => {
    const v1 = await establish();
    serve('second/profiles/node1.json', good2);
    const c = await config([url(port.down, '/profiles/node1.json'), url(port.main, '/unavailable/node1.json'), url(port.second, '/profiles/node1.json')]);
    const log = memoryLogger();
    const r = await fetch(c, { log });
    expect(r).toMatchObject({ status: 'updated', url: url(port.second, '/profiles/node1.json'), previous: v1 });
    expect(log.lines.join('\n')).toMatch(/connection refused[\s\S]*HTTP 503/);
    expect(current()).toBe(good2);
  });

  it('retries in rounds with doubling back-off, then fails keeping the current profile', async () => {
    const v1 = await establish();
    const waits: number[] = [];
    const c = await config([url(port.down, '/p.json')], { retries: 3, retryDelay: 2, maxRetryDelay: 5 });
    const e = await fetch(c, { sleep: async (ms) => void waits.push(ms) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FetchFailedError);
    expect((e as FetchFailedError).attempts).toHaveLength(4);
    expect(waits).toEqual([2000, 4000, 5000]);
    expect((e as Error).message).toContain(`version ${v1} stays current`);
    expectGoodStillCurrent(v1);
  });

  it('a truncated body never becomes current, and the next fetch still works', async () => {
    const v1 = await establish();
    serve('big/node1.json', profileJson({ ...profile(), padding: 'x'.repeat(50_000) }));
    const e = await expectFetchFails(await config([url(port.truncating, '/big/node1.json')]), /truncated body/);
    expect(e.attempts[0]!.error).toMatch(/truncated body: connection closed after \d+ of \d+ bytes/);
    expectGoodStillCurrent(v1);
    serve('profiles/node1.json', good2);
    expect((await fetch(await config([url(port.main, '/profiles/node1.json')]))).status).toBe('updated');
    expect(current()).toBe(good2);
  });

  it('corrupt JSON is rejected with line:column and does not block the next fetch', async () => {
    const v1 = await establish();
    serve('profiles/node1.json', '{\n  "hardware": {\n    "cpu": [1, 2,,]\n  }\n}\n');
    await expectFetchFails(await config([url(port.main, '/profiles/node1.json')]), /node1\.json:3:18: invalid JSON/);
    expectGoodStillCurrent(v1);
    serve('profiles/node1.json', good1.slice(0, 200)); // a file cut short on the server
    await expectFetchFails(await config([url(port.main, '/profiles/node1.json')]), /invalid JSON/);
    expectGoodStillCurrent(v1);
    serve('profiles/node1.json', good2);
    expect((await fetch(await config([url(port.main, '/profiles/node1.json')]))).status).toBe('updated');
  });

  it('a schema-invalid profile is rejected with its profile path', async () => {
    const v1 = await establish();
    serve('profiles/node1.json', schemaInvalidProfileJson());
    await expectFetchFails(await config([url(port.main, '/profiles/node1.json')]), /schema: .*node1\.json: \/system\/network\/hostname: must match pattern/);
    expectGoodStillCurrent(v1);
    // It is downloaded again next time (no stale validators), and rejected again.
    await expectFetchFails(await config([url(port.main, '/profiles/node1.json')]), /hostname/);
    expectGoodStillCurrent(v1);
  });

  it('a download slower than the timeout is abandoned', async () => {
    const v1 = await establish();
    serve('big/node1.json', profileJson({ ...profile(), padding: 'x'.repeat(50_000) }));
    const t0 = Date.now();
    await expectFetchFails(await config([url(port.slow, '/big/node1.json')], { timeout: 1 }), /timed out after 1 s/);
    expect(Date.now() - t0).toBeLessThan(5000);
    expectGoodStillCurrent(v1);
  });

  it('a body larger than max-size is refused', async () => {
    const v1 = await establish();
    serve('big/node1.json', profileJson({ ...profile(), padding: 'x'.repeat(50_000) }));
    await expectFetchFails(await config([url(port.main, '/big/node1.json')], { maxSize: 10_000 }), /larger than the limit|too large/);
    expectGoodStillCurrent(v1);
  });

  it('prunes old versions down to `keep`, never the current one', async () => {
    const c = await config([url(port.main, '/profiles/node1.json')], { keep: 2 });
    for (const content of [good1, good2, good3]) {
      serve('profiles/node1.json', content);
      await fetch(c);
    }
    expect(versions().map((v) => v.slice(0, 6))).toEqual(['000002', '000003']);
    expect(current()).toBe(good3);
  });

  it('--noaction downloads and checks, and changes nothing', async () => {
    const v1 = await establish();
    serve('profiles/node1.json', good2);
    const r = await fetch(await config([url(port.main, '/profiles/node1.json')]), { noaction: true });
    expect(r.status).toBe('would-update');
    expectGoodStillCurrent(v1);
  });
});

describe('panfab fetch (command line)', () => {
  it('fetches, reports, and exits 0; a bad profile exits 1 with a clear message', async () => {
    serve('profiles/node1.example.org.json', good1);
    mkdirSync(join(root, 'etc/panfab'), { recursive: true });
    writeFileSync(join(root, 'etc/panfab/agent.yaml'), `url:\n  - ${url(port.down, '/profiles/__HOST__.__DOMAIN__.json')}\n  - ${url(port.main, '/profiles/__HOST__.__DOMAIN__.json')}\nhost: node1\ndomain: example.org\nretries: 0\n`);
    const ok = await execa('node', [PANFAB, 'fetch', '--root', root], { reject: false });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^profile 000001-\w+ is current \(new, from http:\/\/127\.0\.0\.1:\d+\/profiles\/node1\.example\.org\.json, gzip\)$/);
    expect(ok.stderr).toMatch(/connection refused/);

    serve('profiles/node1.example.org.json', '{"hardware": }');
    const bad = await execa('node', [PANFAB, 'fetch', '--root', root], { reject: false });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/panfab fetch: no profile fetched; version 000001-\w+ stays current/);
    expect(bad.stderr).toMatch(/node1\.example\.org\.json:1:14: invalid JSON/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(current()).toBe(good1);
  });

  it('a configuration error names file:line:column', async () => {
    mkdirSync(join(root, 'etc/panfab'), { recursive: true });
    writeFileSync(join(root, 'etc/panfab/agent.yaml'), 'url: http://x/\nretries: many\n');
    const r = await execa('node', [PANFAB, 'fetch', '--root', root], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`panfab fetch: ${join(root, 'etc/panfab/agent.yaml')}:2:1: retries: must be a non-negative number`);
  });

  it('two fetches are kept apart by the lock; a stale lock is broken', async () => {
    serve('profiles/node1.json', good1);
    const args = [PANFAB, 'fetch', '--root', root, '--url', url(port.main, '/profiles/node1.json')];
    mkdirSync(cacheDir(), { recursive: true });
    const lock = await acquireLock(join(cacheDir(), 'fetch.lock'), 'a fetch');
    try {
      const busy = await execa('node', args, { reject: false });
      expect(busy.exitCode).toBe(2);
      expect(busy.stderr).toContain(`a fetch is already running (pid ${process.pid}`);
      expect(existsSync(join(cacheDir(), 'current'))).toBe(false);
      // --lock-wait: waits for the holder to finish.
      const waiting = execa('node', [...args, '--lock-wait', '20'], { reject: false });
      await new Promise((r) => setTimeout(r, 500));
      await lock.release();
      expect((await waiting).exitCode).toBe(0);
    } finally {
      await lock.release();
    }
    // A lock left by a process that is gone does not block.
    writeFileSync(join(cacheDir(), 'fetch.lock'), '999999999 1\n');
    const r = await execa('node', [...args, '--force'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(cacheDir(), 'fetch.lock'))).toBe(false);
  });
});

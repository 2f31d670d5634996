import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAii } from '../run.js';
import { fixtureProfile, makeSite } from '../testing.js';
import { HttpProfileSource, parseProfilesInfo } from './http.js';

/** A real HTTP server on the loopback: serves a directory with ETags and answers conditional GETs. */
let server: Server;
let base: string;
const served = mkdtempSync(join(tmpdir(), 'panfab-http-'));
const requests: { url: string; status: number }[] = [];
let listIndex = true;

beforeAll(async () => {
  server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').replace(/^\/profiles\//, ''));
    const path = join(served, name);
    const reply = (status: number, body = '', headers: Record<string, string> = {}) => {
      requests.push({ url: req.url ?? '', status });
      res.writeHead(status, headers);
      res.end(body);
    };
    if (name.includes('/') || !existsSync(path) || (name === 'profiles-info.xml' && !listIndex)) return reply(404, 'not found');
    const body = readFileSync(path);
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return reply(304, '', { etag });
    return reply(200, body.toString('utf8'), { etag, 'content-type': 'application/json' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/profiles/`;
  for (const h of ['pxe1.example.org', 'vm1.example.org']) writeFileSync(join(served, `${h}.json`), JSON.stringify(fixtureProfile(h)));
  writeFileSync(
    join(served, 'profiles-info.xml'),
    '<?xml version="1.0" encoding="utf-8"?>\n<profiles>\n<profile mtime="1700000000">pxe1.example.org.json</profile>\n<profile mtime="1700000001">vm1.example.org.json</profile>\n</profiles>\n',
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(served, { recursive: true, force: true });
});

describe('profiles over HTTP', () => {
  it('caches profiles and revalidates them with a conditional GET', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'panfab-cache-'));
    try {
      const source = new HttpProfileSource(base, cache);
      const first = await source.fetch('pxe1.example.org');
      expect(JSON.parse(first!.text).system.network.hostname).toBe('pxe1');
      expect(first!.source).toBe(`${base}pxe1.example.org.json`);
      expect(await source.fetch('pxe1.example.org')).toEqual(first);
      expect(source.stats).toEqual({ downloaded: 1, notModified: 1 });
      expect(requests.filter((r) => r.url === '/profiles/pxe1.example.org.json').map((r) => r.status)).toEqual([200, 304]);
      // A changed profile is downloaded again, by a new source using the same cache.
      const changed = fixtureProfile('pxe1.example.org');
      changed.system.aii!.nbp.label = 'changed';
      writeFileSync(join(served, 'pxe1.example.org.json'), JSON.stringify(changed));
      const again = new HttpProfileSource(base, cache);
      expect(JSON.parse((await again.fetch('pxe1.example.org'))!.text).system.aii.nbp.label).toBe('changed');
      expect(again.stats).toEqual({ downloaded: 1, notModified: 0 });
      expect(await again.fetch('nosuch.example.org')).toBeUndefined();
    } finally {
      rmSync(cache, { recursive: true, force: true });
      writeFileSync(join(served, 'pxe1.example.org.json'), JSON.stringify(fixtureProfile('pxe1.example.org')));
    }
  });

  it('lists hosts from profiles-info.xml, or says it cannot', async () => {
    const source = new HttpProfileSource(base, join(tmpdir(), 'unused'));
    expect(await source.names()).toEqual(['pxe1.example.org', 'vm1.example.org']);
    listIndex = false;
    try {
      expect(await source.names()).toBeUndefined();
    } finally {
      listIndex = true;
    }
    expect(parseProfilesInfo('<profiles><profile>a.example.org.json</profile><profile>not a profile</profile></profiles>', 'u')).toEqual(['a.example.org']);
  });

  it('drives panfab aii --configure from an HTTP URL', async () => {
    const site = makeSite([]);
    try {
      const config = { ...site.config, profiles: base };
      const out: string[] = [];
      const err: string[] = [];
      const code = await runAii({ action: 'configure', patterns: ['.*'], config, out: (l) => out.push(l), err: (l) => err.push(l) });
      expect({ code, err }).toEqual({ code: 0, err: ['done: --configure for 2 host(s)'] });
      expect(readFileSync(config.dhcpd.conf, 'utf8')).toContain('host vm1.example.org {');
      expect(existsSync(join(config.profileCache, 'vm1.example.org.json'))).toBe(true);
    } finally {
      site.cleanup();
    }
  });

  it('says clearly when the server cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const source = new HttpProfileSource(`http://127.0.0.1:${port}/profiles/`, join(tmpdir(), 'unused'));
    await expect(source.fetch('pxe1.example.org')).rejects.toThrow(`http://127.0.0.1:${port}/profiles/pxe1.example.org.json: cannot fetch (ECONNREFUSED)`);
  });
});

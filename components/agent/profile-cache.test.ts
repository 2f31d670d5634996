import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProfileCache } from './profile-cache.js';

let dir: string;
let cache: ProfileCache;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-cache-'));
  cache = new ProfileCache(dir);
  await cache.init();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const body = (n: number) => Buffer.from(`{"n": ${n}}`);

describe('profile cache', () => {
  it('numbers versions, stores equal content once, pins the current one', async () => {
    expect(await cache.pinCurrent()).toBeUndefined();
    const v1 = await cache.store(body(1));
    const v2 = await cache.store(body(2));
    expect([v1.slice(0, 7), v2.slice(0, 7)]).toEqual(['000001-', '000002-']);
    expect(await cache.store(body(1))).toBe(v1);
    await cache.makeCurrent(v2);
    expect(await cache.pinCurrent()).toMatchObject({ version: v2, body: body(2) });
  });

  it('prunes the oldest beyond keep, never the current, and stale temporaries', async () => {
    const vs = [];
    for (let i = 1; i <= 4; i++) vs.push(await cache.store(body(i)));
    await cache.makeCurrent(vs[0]!);
    const stale = join(cache.versionsDir, '.000009-x.json.tmp-123-1');
    const fresh = join(cache.versionsDir, '.000009-y.json.tmp-123-2');
    writeFileSync(stale, 'half');
    writeFileSync(fresh, 'half');
    utimesSync(stale, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
    expect(await cache.prune(2)).toEqual([vs[1], vs[2]]);
    expect(await cache.versions()).toEqual([vs[0], vs[3]]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('switches current by renaming a new link: no moment without one', async () => {
    const v1 = await cache.store(body(1));
    const v2 = await cache.store(body(2));
    await cache.makeCurrent(v1);
    await cache.makeCurrent(v2);
    expect(await cache.currentVersion()).toBe(v2);
    expect(readdirSync(dir).sort()).toEqual(['current', 'versions']);
  });
});

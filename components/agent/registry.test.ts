import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from './registry.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-registry-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('component registry', () => {
  it('loads a site component module by path', async () => {
    writeFileSync(join(dir, 'motd.mjs'), "export const component = { name: 'motd', watches: ['/system/network'], async plan() { return { actions: [], notes: [] }; } };\n");
    const c = await createRegistry({ motd: join(dir, 'motd.mjs') }).load('motd');
    expect(c.watches).toEqual(['/system/network']);
  });

  it('tells not installed, broken and wrong modules apart', async () => {
    writeFileSync(join(dir, 'broken.mjs'), "throw new Error('boom');\n");
    writeFileSync(join(dir, 'wrong.mjs'), "export const component = { name: 'other', plan() {} };\n");
    const r = createRegistry({ gone: join(dir, 'gone.mjs'), broken: join(dir, 'broken.mjs'), wrong: join(dir, 'wrong.mjs') });
    await expect(r.load('nosuch')).rejects.toThrow('no component named nosuch is installed');
    await expect(r.load('gone')).rejects.toThrow(/^component gone is not installed/);
    await expect(r.load('broken')).rejects.toThrow('component broken failed to load: boom');
    await expect(r.load('wrong')).rejects.toThrow('does not export a component named wrong');
  });

  it('knows the built-in xen and filesystems components', () => {
    const r = createRegistry();
    expect(r.has('xen') && r.has('filesystems')).toBe(true);
  });
});

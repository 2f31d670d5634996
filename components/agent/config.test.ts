import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'panfab-config-'));
  mkdirSync(join(root, 'etc/panfab'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const file = () => join(root, 'etc/panfab/agent.yaml');

describe('configuration', () => {
  it('defaults, under the root', async () => {
    const c = await loadConfig({ root });
    expect(c).toMatchObject({ root, urls: [], retries: 2, keep: 5, cacheDir: join(root, 'var/lib/panfab/profile'), stateDir: join(root, 'var/lib/panfab/agent'), runCommands: false });
    expect((await loadConfig({ root: '/' })).runCommands).toBe(true);
  });

  it('the file overrides defaults, options override the file', async () => {
    writeFileSync(file(), 'url:\n  - http://a/__HOST__.json\n  - http://b/__HOST__.json\nretries: 5\nkeep: 3\nca: /etc/panfab/ca.pem\npre-hook: [/usr/local/sbin/pre, --flag]\nrun-commands: true\n');
    const c = await loadConfig({ root, retries: 1 });
    expect(c).toMatchObject({ urls: ['http://a/__HOST__.json', 'http://b/__HOST__.json'], retries: 1, keep: 3, ca: join(root, 'etc/panfab/ca.pem'), preHook: ['/usr/local/sbin/pre', '--flag'], runCommands: true });
    expect((await loadConfig({ root, ca: 'rel/ca.pem' })).ca).toBe(join(process.cwd(), 'rel/ca.pem'));
  });

  it('errors name file:line:column', async () => {
    writeFileSync(file(), 'url: http://a/\nretreis: 3\n');
    await expect(loadConfig({ root })).rejects.toThrow(`${file()}:2:1: unknown setting "retreis"`);
    writeFileSync(file(), 'url: http://a/\ncache-dir: relative/dir\n');
    await expect(loadConfig({ root })).rejects.toThrow(`${file()}:2:1: cache-dir: must be an absolute path`);
    writeFileSync(file(), 'url: [http://a/\n');
    await expect(loadConfig({ root })).rejects.toThrow(new RegExp(`^${file()}:\\d+:\\d+: `));
    writeFileSync(file(), 'pre-hook: "rm -rf /"\n');
    await expect(loadConfig({ root })).rejects.toThrow('pre-hook: must be a command as a list of strings');
  });

  it('a missing default file is fine, a missing --config is not', async () => {
    await expect(loadConfig({ root, config: join(root, 'nope.yaml') })).rejects.toThrow(/nope\.yaml: ENOENT/);
  });

  it('cert and key go together', async () => {
    await expect(loadConfig({ root, cert: '/c.pem' })).rejects.toThrow('cert and key go together');
  });
});

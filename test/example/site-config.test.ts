/**
 * panfab.yaml (cli/commands/example.ts loadSite): include path and object
 * templates, `extends` for variants, errors with file:line:column.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SiteConfigError, loadSite } from '../../cli/commands/example.js';
import { BROKEN, SITE, TempDirs } from './helpers.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

function siteDir(files: Record<string, string>): string {
  const dir = temp.make('panfab-site-config-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('loadSite', () => {
  it('reads the example site: its directories, then the library', async () => {
    const layout = await loadSite(SITE, '/lib');
    expect(layout.file).toBe(join(SITE, 'panfab.yaml'));
    expect(layout.includePath).toEqual([join(SITE, 'profiles'), join(SITE, 'cfg'), '/lib']);
    expect(layout.objectFiles.map((f) => f.slice(SITE.length + 1))).toEqual(
      ['aii', 'app1', 'app2', 'db1', 'dom0a', 'dom0b', 'node1', 'web1', 'web2'].map((h) => `profiles/${h}.example.org.pan`),
    );
    expect(layout.dhcpdConf).toBe(join(SITE, 'aii', 'dhcpd.conf'));
  });

  it('a variant comes first and hides the object templates it replaces', async () => {
    const variant = join(BROKEN, 'duplicate-mac');
    const layout = await loadSite(variant, '/lib');
    expect(layout.includePath).toEqual([join(variant, 'profiles'), join(SITE, 'profiles'), join(SITE, 'cfg'), '/lib']);
    expect(layout.objectFiles).toContain(join(variant, 'profiles', 'app2.example.org.pan'));
    expect(layout.objectFiles).not.toContain(join(SITE, 'profiles', 'app2.example.org.pan'));
    expect(layout.objectFiles).toHaveLength(9);
    expect(layout.dhcpdConf).toBe(join(SITE, 'aii', 'dhcpd.conf'));
  });

  it('errors name the file, line and column', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'panfab.yaml': 'include_path: profiles\nobjects: [p]\n' }, 'panfab.yaml:1:15: include_path: expected a list of paths'],
      [{ 'panfab.yaml': 'include_path: []\nobjects:\n  - 3\n' }, 'panfab.yaml:3:5: objects: expected a path'],
      [{ 'panfab.yaml': '- a\n' }, 'panfab.yaml:1:1: expected a mapping with include_path and objects'],
      [{ 'panfab.yaml': 'objects: [p]\nobjects: [q]\n' }, 'panfab.yaml:2:1: Map keys must be unique'],
      [{ 'panfab.yaml': 'objects: [missing]\n' }, 'missing: no such object template or directory'],
      [{ 'panfab.yaml': 'objects: [p]\n', 'p/readme.txt': '' }, 'panfab.yaml: objects: no object template found'],
    ];
    for (const [files, message] of cases) {
      const dir = siteDir(files);
      const error = await loadSite(dir, '/lib').then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(SiteConfigError);
      expect((error as Error).message).toBe(join(dir, message));
    }
  });

  it('a site that extends itself is refused', async () => {
    const dir = siteDir({ 'a/panfab.yaml': 'extends: ../b\nobjects: []\n', 'b/panfab.yaml': 'extends: ../a\n' });
    await expect(loadSite(join(dir, 'a'), '/lib')).rejects.toThrow(`${join(dir, 'a', 'panfab.yaml')}: extends itself (through ${join(dir, 'a', 'panfab.yaml')} -> ${join(dir, 'b', 'panfab.yaml')})`);
  });
});

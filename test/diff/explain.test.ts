/**
 * `panfab explain` on the fixture site: values set, overridden, set through
 * an ancestor, and filled by a type default, each traced to its file, line
 * and column and to the include chain; errors as one line and exit 2.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { register } from '../../cli/commands/explain.js';
import { runPanfab, tempSite, type TempSite } from './helpers.js';

let site: TempSite | undefined;
afterEach(() => {
  site?.cleanup();
  site = undefined;
});

async function explain(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  site ??= tempSite();
  return runPanfab(register, ['explain', '--site', 'panfab.yaml', ...args], site.root);
}

describe('panfab explain', () => {
  it('names the template, line and column that set a value, then the one that overrode it, newest last', async () => {
    expect(await explain('node1.example.org', '/software/components/ntpd/servers')).toEqual({
      code: 0,
      err: '',
      out: [
        '/software/components/ntpd/servers in node1.example.org (profiles/node1.example.org.pan) = ["ntp.local"] (list)',
        '',
        'set by, oldest first (the last one gives the value):',
        '  1. site/defaults.pan:10:1  assign ["ntp1.example.org"]',
        '       "/software/components/ntpd/servers" = list("ntp1.example.org");',
        '       included: node1.example.org > site/physical (profiles/node1.example.org.pan:3:1) > site/defaults (site/physical.pan:3:1)',
        '  2. profiles/node1.example.org.pan:6:1  assign ["ntp.local"]',
        '       "/software/components/ntpd/servers" = list("ntp.local");',
        '       in object template node1.example.org',
        '',
      ].join('\n'),
    });
  });

  it('names the type and the bind behind a type default', async () => {
    const r = await explain('node2.example.org', '/software/components/ntpd/active');
    expect(r.code).toBe(0);
    expect(r.out).toContain('  1. site/types.pan:8:16  default true (default of type boolean)\n'
      + '       applied by bind "/software/components/ntpd" = ntpd_component (site/defaults.pan:12:1)\n');
  });

  it("traces a Dom0's guest memory to the statement that built its domain list", async () => {
    const r = await explain('dom0a.example.org', '/software/components/xen/domains/vm1/options/memory', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ object: 'dom0a.example.org', exists: true, value: 512 });
    expect(doc.steps).toHaveLength(1);
    // The memory was read from the guest's profile: explain says where to look next.
    expect(doc.references).toEqual(['vm1.example.org', 'vm2.example.org']);
    expect(doc.steps[0]).toMatchObject({
      action: 'assign', relation: 'ancestor', path: '/software/components/xen/domains', valueHere: 512,
      file: join(site!.root, 'site/xen-host.pan'), line: 7, column: 1, template: 'site/xen-host',
      includes: [{ template: 'dom0a.example.org' }, { template: 'site/xen-host', file: join(site!.root, 'profiles/dom0a.example.org.pan'), line: 5, column: 1 }],
    });
  });

  it('finds the object by file name or on the include path too', async () => {
    site = tempSite();
    const byFile = await runPanfab(register, ['explain', '--include-path', 'profiles:.', 'profiles/vm2.example.org.pan', '/system/enclosure/parent'], site.root);
    expect(byFile.out).toMatch(/^\/system\/enclosure\/parent in vm2\.example\.org .* = "dom0a\.example\.org" \(string\)\n/);
    const byName = await runPanfab(register, ['explain', '--include-path', 'profiles:.', 'vm2.example.org', '/system/network/hostname'], site.root);
    expect(byName.out).toContain('site/defaults.pan:7:1  assign "vm2"');
  });

  it('exits 1 with a clear message when the path does not exist', async () => {
    expect(await explain('vm1.example.org', '/hardware/ram/1/size')).toEqual({
      code: 1, err: '', out: '/hardware/ram/1/size in vm1.example.org (profiles/vm1.example.org.pan) does not exist.\n/hardware/ram is a list of 1 item (indexes 0 to 0).\n',
    });
  });

  it('exits 2 with one line for an unknown object, a bad path or a broken template', async () => {
    expect(await explain('nosuch.example.org', '/a')).toMatchObject({ code: 2, out: '' });
    expect((await explain('vm1.example.org', 'hardware')).err).toBe("panfab explain: 'hardware' is not an absolute path (like /hardware/ram)\n");
    site!.edit('site/xen-guest.pan', 'GUEST_RAM));', 'GUEST_RAM + "MB"));');
    const broken = await explain('vm1.example.org', '/hardware');
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^panfab explain: evaluation error \[.*site\/xen-guest\.pan:5\.\d+-5\.\d+\]\n/);
    expect(broken.err).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    expect((await runPanfab(register, ['explain', 'onlyone'])).code).toBe(2);
  });
});

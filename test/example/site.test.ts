/**
 * The example site compiles with no error, every profile passes its JSON
 * Schema, and each Dom0's profile agrees with its guests' own profiles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertValidProfile, validateProfile, type Profile } from '../../schema/index.js';
import { SITE, TempDirs, profileOf, runSite, type SiteRun } from './helpers.js';

const temp = new TempDirs();
let run: SiteRun;

beforeAll(async () => {
  run = await runSite(SITE, temp.make('panfab-example-site-'));
});
afterAll(() => temp.cleanup());

const HOSTS = ['aii', 'app1', 'app2', 'db1', 'dom0a', 'dom0b', 'node1', 'web1', 'web2'].map((h) => `${h}.example.org`);
const DOM0S = { 'dom0a.example.org': ['web1.example.org', 'web2.example.org', 'db1.example.org'], 'dom0b.example.org': ['app1.example.org', 'app2.example.org'] };

function fqdn(p: Profile): string {
  return `${p.system.network.hostname}.${p.system.network.domainname}`;
}

describe('the example site', () => {
  it('compiles every object with no error, into JSON and pan XML', () => {
    expect(run.failures).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.hosts.map((h) => h.name)).toEqual(HOSTS);
    for (const h of HOSTS) {
      expect(existsSync(join(run.out, 'profiles', `${h}.json`))).toBe(true);
      expect(readFileSync(join(run.out, 'profiles', `${h}.xml`), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<nlist format="pan" name="profile">/);
    }
  });

  it('every profile passes its JSON Schema, and the parts its readers need', () => {
    expect(run.schemaErrors).toEqual([]);
    for (const h of run.hosts) {
      assertValidProfile(h.profile, h.json);
      expect(fqdn(h.profile)).toBe(h.name);
      if (h.name !== 'aii.example.org') expect(validateProfile(h.profile, ['aii', 'blockdevices', 'filesystems'])).toEqual([]);
    }
    for (const dom0 of Object.keys(DOM0S)) expect(validateProfile(profileOf(run, dom0), ['xen', 'enclosure', 'components'])).toEqual([]);
  });

  it('has an install server, two Dom0s with two or three guests each, and a physical node', () => {
    for (const [dom0, guests] of Object.entries(DOM0S)) {
      const p = profileOf(run, dom0);
      expect(p.system.enclosure?.children).toEqual(guests);
      expect(Object.keys(p.software?.components?.xen?.domains ?? {}).sort()).toEqual([...guests].sort());
      for (const g of guests) {
        expect(profileOf(run, g).system.enclosure?.parent).toBe(dom0);
        expect(profileOf(run, g).hardware.location).toBe(dom0);
      }
    }
    expect(profileOf(run, 'node1.example.org').system.aii?.nbp.variant).toBe('pxelinux');
    expect(profileOf(run, 'aii.example.org').system.aii).toBeUndefined();
    expect(run.lines).toContain('other hosts: aii.example.org, node1.example.org');
  });

  it('each Dom0 entry, logical volume and vif comes from the guest\'s own profile', () => {
    for (const [dom0, guests] of Object.entries(DOM0S)) {
      const host = profileOf(run, dom0);
      const lvs = host.system.blockdevices?.logical_volumes ?? {};
      for (const g of guests) {
        const guest = profileOf(run, g);
        const domain = host.software!.components!.xen!.domains[g]!;
        expect(domain.options.memory).toBe(guest.hardware.ram!.reduce((s, m) => s + m.size, 0));
        expect(domain.options.vcpus).toBe(guest.hardware.cpu!.reduce((s, c) => s + c.cores, 0));
        const disks = Object.entries(guest.hardware.harddisks ?? {});
        expect(domain.disks.map((d) => [d.guest_device, d.size])).toEqual(disks.map(([dev, d]) => [dev, d.capacity]));
        for (const [dev, d] of disks) expect(lvs[`${g}_${dev}`]).toEqual({ size: d.capacity, volume_group: 'vg_xen' });
        expect(domain.vif.map((v) => v.mac)).toEqual(Object.values(guest.hardware.cards!.nic!).map((n) => n.hwaddr));
        expect(domain.vif[0]?.ip).toBe(guest.system.network.interfaces.eth0?.ip);
      }
    }
  });

  it('guests boot through panfab-pxeboot, except db1 (pygrub, with its install variant)', () => {
    const domains = profileOf(run, 'dom0a.example.org').software!.components!.xen!.domains;
    expect(domains['web1.example.org']).toMatchObject({ bootloader: '/usr/bin/panfab-pxeboot', vif: [{ mac: '00:16:3e:0a:01:0b', bridge: 'xenbr0' }] });
    expect(domains['web1.example.org']?.install_options).toBeUndefined();
    expect(domains['web1.example.org']?.bootargs).toBeUndefined();
    expect(domains['db1.example.org']).toMatchObject({
      bootloader: '/usr/bin/pygrub',
      options: { cpus: '4-15' },
      install_options: { kernel: '/var/lib/xen/boot/panfab/el9/vmlinuz', ramdisk: '/var/lib/xen/boot/panfab/el9/initrd.img', on_reboot: 'destroy' },
    });
    expect(domains['db1.example.org']?.install_options?.extra).toContain('inst.ks=http://192.0.2.2/ks/db1.example.org.ks');
    expect(profileOf(run, 'dom0b.example.org').software!.components!.xen!.domains['app2.example.org']?.auto).toBe(false);
  });

  it('prints a summary of the Dom0s and their guests', () => {
    expect(run.lines.some((l) => /^compiled 9 of 9 profiles into \S+\/profiles \(JSON and pan XML\) in \d+\.\d s$/.test(l))).toBe(true);
    expect(run.lines).toContain('schema: 9 of 9 profiles pass schema/');
    expect(run.lines).toContain('Dom0 dom0a.example.org: 3 guests, 24576 of 65536 MiB RAM to guests');
    expect(run.lines).toContain('Dom0 dom0b.example.org: 2 guests, 16384 of 32768 MiB RAM to guests');
    expect(run.lines.some((l) => /^ {2}db1\.example\.org +16384 MiB +4 vcpus +225280 MiB disk +00:16:3e:0a:01:0d +pygrub \+ install variant$/.test(l))).toBe(true);
    expect(run.lines).toContain('errors: none');
  });
});

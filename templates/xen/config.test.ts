/**
 * xen/host/config and xen/guest/config on small sites: what a Dom0 derives
 * from its guests' profiles, the variables, and the Dom0 checks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MiniSite, at, guestTemplate, hostTemplate, removeMiniSites } from '../testing.js';

let site: MiniSite;
afterEach(removeMiniSites);

const XEN_DB = (db: Record<string, string[]>) =>
  `unique template site/xen_db;\nvariable XEN_DB = dict(${Object.entries(db)
    .map(([h, gs]) => `'${h}', list(${gs.map((g) => `'${g}'`).join(', ')})`)
    .join(', ')});\n`;

const NBP = `'/system/aii/nbp' = dict('variant', 'pxelinux', 'kernel', 'el9/vmlinuz', 'initrd', 'el9/initrd.img',
    'append', 'console=hvc0', 'label', 'install', 'kslocation', 'http://192.0.2.2/ks/g1.example.org.ks');
'/system/aii/ks' = dict('packages', list('@core'), 'rootpw', '$6$salt$hash', 'timezone', 'UTC', 'lang', 'C',
    'keyboard', 'us', 'installtype', 'url --url http://192.0.2.2/os/', 'ackurl', 'http://192.0.2.2/ack',
    'agent_profile_url', 'http://192.0.2.2/p.json');
'/system/network/default_gateway' = '192.0.2.1';
'/system/network/nameserver' = list('192.0.2.2');`;

describe('a Dom0 and its guests from XEN_DB', () => {
  it('derives each domain, its logical volumes and the enclosure from the guests\' profiles', async () => {
    site = new MiniSite()
      .write('site/xen_db', XEN_DB({ 'h1.example.org': ['g1.example.org', 'g2.example.org'] }))
      .write('g1.example.org', guestTemplate('g1.example.org', { ram: 3072, cores: 3, mac: '00:16:3E:00:00:0A', disks: { xvda: 8192, xvdb: 4096 }, extra: `include 'site/xen_db';\n${NBP}` }))
      .write('g2.example.org', guestTemplate('g2.example.org', { mac: '00:16:3e:00:00:0b', ip: '192.0.2.102', extra: "include 'site/xen_db';" }))
      .write('h1.example.org', hostTemplate('h1.example.org', { extra: "include 'site/xen_db';" }));
    const { profiles, errors } = await site.compile('h1.example.org', 'g1.example.org', 'g2.example.org');
    expect(errors).toEqual({});
    const h1 = profiles['h1.example.org'];
    expect(at(h1, '/system/enclosure/children')).toEqual(['g1.example.org', 'g2.example.org']);
    expect(at(profiles['g1.example.org'], '/system/enclosure/parent')).toBe('h1.example.org');
    expect(at(profiles['g1.example.org'], '/hardware/location')).toBe('h1.example.org');
    const g1 = at(h1, '/software/components/xen/domains/g1.example.org') as Record<string, unknown>;
    expect(g1.options).toEqual({ name: 'g1.example.org', type: 'pv', memory: 3072, vcpus: 3, on_poweroff: 'destroy', on_reboot: 'restart', on_crash: 'restart' });
    expect(g1.disks).toEqual([
      { type: 'lvm', volume_group: 'vg_xen', size: 8192, guest_device: 'xvda', access: 'rw' },
      { type: 'lvm', volume_group: 'vg_xen', size: 4096, guest_device: 'xvdb', access: 'rw' },
    ]);
    expect(g1.vif).toEqual([{ mac: '00:16:3e:00:00:0a', bridge: 'xenbr0', ip: '192.0.2.101' }]);
    expect(g1.bootloader).toBe('/usr/bin/pygrub');
    expect(g1.bootargs).toBeUndefined();
    expect(g1.auto).toBe(true);
    expect(g1.state).toBe('running');
    // pygrub boots the installed system; the install variant is a direct kernel boot of the guest's nbp.
    expect(g1.install_options).toEqual({
      kernel: '/var/lib/xen/boot/el9/vmlinuz',
      ramdisk: '/var/lib/xen/boot/el9/initrd.img',
      extra: 'inst.ks=http://192.0.2.2/ks/g1.example.org.ks ksdevice=00:16:3e:00:00:0a ifname=eth0:00:16:3e:00:00:0a ip=192.0.2.101::192.0.2.1:255.255.255.0:g1.example.org:eth0:none nameserver=192.0.2.2 console=hvc0',
      on_reboot: 'destroy',
    });
    // g2 has no /system/aii: no install variant.
    expect(at(h1, '/software/components/xen/domains/g2.example.org/install_options')).toBeUndefined();
    expect(at(h1, '/system/blockdevices/logical_volumes')).toEqual({
      'g1.example.org_xvda': { size: 8192, volume_group: 'vg_xen' },
      'g1.example.org_xvdb': { size: 4096, volume_group: 'vg_xen' },
      'g2.example.org_xvda': { size: 10240, volume_group: 'vg_xen' },
    });
    const xen = at(h1, '/software/components/xen') as Record<string, unknown>;
    expect([xen.active, xen.create_filesystems, xen.create_domains, xen.dependencies]).toEqual([true, true, true, { pre: ['filesystems'] }]);
    expect(at(h1, '/software/components/filesystems/active')).toBe(true);
  });

  it('a guest XEN_DB does not list, without XEN_HOST, fails naming itself', async () => {
    site = new MiniSite().write('site/xen_db', XEN_DB({ 'h1.example.org': [] })).write('g1.example.org', guestTemplate('g1.example.org', { extra: "include 'site/xen_db';" }));
    const { errors } = await site.compile('g1.example.org');
    expect(errors['g1.example.org']?.message).toBe('guest g1.example.org: no Dom0 lists it in XEN_DB; set XEN_HOST to the FQDN of its Dom0');
  });
});

describe('variables', () => {
  it('XEN_GUESTS and XEN_HOST work without XEN_DB', async () => {
    site = new MiniSite()
      .write('g1.example.org', guestTemplate('g1.example.org', { extra: "variable XEN_HOST = 'h1.example.org';" }))
      .write('h1.example.org', hostTemplate('h1.example.org', { extra: "variable XEN_GUESTS = list('g1.example.org');" }));
    const { profiles, errors } = await site.compile('h1.example.org');
    expect(errors).toEqual({});
    expect(Object.keys(at(profiles['h1.example.org'], '/software/components/xen/domains') as object)).toEqual(['g1.example.org']);
  });

  it('pxeboot has no install variant; bootargs are XEN_BOOTARGS or XEN_BOOTARG_DEFAULT; a bootloader may be a path', async () => {
    site = new MiniSite()
      .write('g1.example.org', guestTemplate('g1.example.org', { mac: '00:16:3e:00:00:0a', extra: `variable XEN_HOST = 'h1.example.org';\n${NBP}` }))
      .write('g2.example.org', guestTemplate('g2.example.org', { mac: '00:16:3e:00:00:0b', extra: "variable XEN_HOST = 'h1.example.org';" }))
      .write('g3.example.org', guestTemplate('g3.example.org', { mac: '00:16:3e:00:00:0c', extra: `variable XEN_HOST = 'h1.example.org';\n${NBP}` }))
      .write('g4.example.org', guestTemplate('g4.example.org', { mac: '00:16:3e:00:00:0d', extra: `variable XEN_HOST = 'h1.example.org';\n${NBP}` }))
      .write('h1.example.org', hostTemplate('h1.example.org', {
        extra: `variable XEN_GUESTS = list('g1.example.org', 'g2.example.org', 'g3.example.org', 'g4.example.org');
variable XEN_BOOTLOADER_DEFAULT = 'pxeboot';
variable XEN_BOOTLOADER = dict('g3.example.org', '/usr/local/bin/mygrub', 'g4.example.org', '/opt/panfab/bin/panfab-pxeboot');
variable XEN_VIF_BRIDGE = dict('g1.example.org', dict('eth0', 'br1'));
variable XEN_BOOTARG_DEFAULT = '--debug';
variable XEN_BOOTARGS = dict('g2.example.org', '--dhcp-timeout=4');`,
      }));
    const { profiles, errors } = await site.compile('h1.example.org');
    expect(errors).toEqual({});
    const domains = at(profiles['h1.example.org'], '/software/components/xen/domains') as Record<string, Record<string, unknown>>;
    // The xen component puts --mac and --interface of the first vif before bootargs.
    expect(domains['g1.example.org']).toMatchObject({ bootloader: '/usr/bin/panfab-pxeboot', bootargs: '--debug', vif: [{ mac: '00:16:3e:00:00:0a', bridge: 'br1' }] });
    // One config serves install and boot: the install server decides, no install variant.
    expect(domains['g1.example.org']?.install_options).toBeUndefined();
    expect(domains['g2.example.org']).toMatchObject({ bootloader: '/usr/bin/panfab-pxeboot', bootargs: '--dhcp-timeout=4', vif: [{ mac: '00:16:3e:00:00:0b', bridge: 'xenbr0' }] });
    expect(domains['g3.example.org']).toMatchObject({ bootloader: '/usr/local/bin/mygrub', bootargs: '--debug', install_options: { on_reboot: 'destroy' } });
    // Any path named panfab-pxeboot is the network bootloader, as for the xen component.
    expect(domains['g4.example.org']).toMatchObject({ bootloader: '/opt/panfab/bin/panfab-pxeboot', bootargs: '--debug' });
    expect(domains['g4.example.org']?.install_options).toBeUndefined();
  });

  it('an unknown bootloader name is an error naming it', async () => {
    site = new MiniSite()
      .write('g1.example.org', guestTemplate('g1.example.org', { extra: "variable XEN_HOST = 'h1.example.org';" }))
      .write('h1.example.org', hostTemplate('h1.example.org', { extra: "variable XEN_GUESTS = list('g1.example.org');\nvariable XEN_BOOTLOADER_DEFAULT = 'grub';" }));
    const { errors } = await site.compile('h1.example.org');
    expect(errors['h1.example.org']?.message).toBe("XEN_BOOTLOADER: 'grub' is not 'pygrub', 'pxeboot' or an absolute path");
  });

  it('XEN_OPTIONS, XEN_AUTO, XEN_STATE, XEN_VG, XEN_CREATE_* and XEN_INDEPENDENT_WALLCLOCK', async () => {
    site = new MiniSite()
      .write('g1.example.org', guestTemplate('g1.example.org', { extra: "variable XEN_HOST = 'h1.example.org';\nvariable XEN_INDEPENDENT_WALLCLOCK = true;" }))
      .write('g2.example.org', guestTemplate('g2.example.org', { extra: "variable XEN_HOST = 'h1.example.org';" }))
      .write('h1.example.org', hostTemplate('h1.example.org', {
        extra: `variable XEN_GUESTS = list('g1.example.org');
variable XEN_OPTIONS = dict('g1.example.org', dict('maxmem', 2048, 'cpus', '2-3', 'on_crash', 'destroy'));
variable XEN_AUTO = dict('g1.example.org', false);
variable XEN_STATE = dict('g1.example.org', 'stopped');
variable XEN_CREATE_FILESYSTEMS = false;
variable XEN_CREATE_DOMAINS = false;
variable XEN_VG = 'vg_guests';
'/system/blockdevices/volume_groups/vg_guests/device_list' = list('physical_devs/sdb');
'/system/blockdevices/volume_groups/vg_xen' = null;`,
      }));
    const { profiles, errors } = await site.compile('h1.example.org', 'g1.example.org', 'g2.example.org');
    expect(errors).toEqual({});
    const h1 = profiles['h1.example.org'];
    expect(at(h1, '/software/components/xen/domains/g1.example.org')).toMatchObject({
      options: { memory: 1024, maxmem: 2048, cpus: '2-3', on_crash: 'destroy' },
      auto: false,
      state: 'stopped',
      disks: [{ volume_group: 'vg_guests' }],
    });
    expect(at(h1, '/system/blockdevices/logical_volumes/g1.example.org_xvda')).toEqual({ size: 10240, volume_group: 'vg_guests' });
    expect([at(h1, '/software/components/xen/create_filesystems'), at(h1, '/software/components/xen/create_domains')]).toEqual([false, false]);
    expect(at(profiles['g1.example.org'], '/software/components/sysctl/variables')).toEqual({ 'xen.independent_wallclock': '1' });
    expect(at(profiles['g2.example.org'], '/software/components/sysctl')).toBeUndefined();
  });

  it('a host logical volume with a guest volume\'s name is an error', async () => {
    site = new MiniSite()
      .write('g1.example.org', guestTemplate('g1.example.org', { extra: "variable XEN_HOST = 'h1.example.org';" }))
      .write('h1.example.org', hostTemplate('h1.example.org', {
        extra: "variable XEN_GUESTS = list('g1.example.org');\n'/system/blockdevices/logical_volumes/g1.example.org_xvda' = dict('size', 10, 'volume_group', 'vg_xen');",
      }));
    const { errors } = await site.compile('h1.example.org');
    expect(errors['h1.example.org']?.message).toBe('h1.example.org: logical volume g1.example.org_xvda of a guest disk is already in /system/blockdevices/logical_volumes');
  });
});

/** The object's error: a validation error whose message contains every needle. */
function expectValidationError(errors: Record<string, { kind: string; message: string } | undefined>, object: string, ...needles: string[]): void {
  const e = errors[object];
  expect(e, `${object} should fail`).toBeDefined();
  for (const n of needles) expect(e?.message).toContain(n);
  expect(e?.kind).toBe('validation');
}

describe('Dom0 checks (validation)', () => {
  it('a guest listed by two hosts fails on the host it does not name, naming both', async () => {
    site = new MiniSite()
      .write('g1.example.org', guestTemplate('g1.example.org', { extra: "variable XEN_HOST = 'h1.example.org';" }))
      .write('h1.example.org', hostTemplate('h1.example.org', { extra: "variable XEN_GUESTS = list('g1.example.org');" }))
      .write('h2.example.org', hostTemplate('h2.example.org', { extra: "variable XEN_GUESTS = list('g1.example.org');" }));
    const { errors } = await site.compile('h1.example.org', 'h2.example.org');
    expect(errors['h1.example.org']).toBeUndefined();
    expectValidationError(errors, 'h2.example.org',
      'guest g1.example.org is assigned to two hosts, h1.example.org and h2.example.org: h2.example.org lists it among its guests, but its profile places it on h1.example.org (/system/enclosure/parent)');
  });

  it('a listed guest without xen/guest/config fails', async () => {
    site = new MiniSite()
      .write('g1.example.org', guestTemplate('g1.example.org').replace("include 'xen/guest/config';", "include 'panfab/schema';"))
      .write('h1.example.org', hostTemplate('h1.example.org', { extra: "variable XEN_GUESTS = list('g1.example.org');" }));
    const { errors } = await site.compile('h1.example.org');
    expectValidationError(errors, 'h1.example.org', 'h1.example.org lists guest g1.example.org, whose profile names no host (/system/enclosure/parent)');
  });

  it('guests\' memory (maxmem when larger) plus XEN_DOM0_MEM must fit the host\'s RAM: equal passes, one MiB more fails', async () => {
    const build = (dom0: number) =>
      new MiniSite()
        .write('g1.example.org', guestTemplate('g1.example.org', { ram: 4096, extra: "variable XEN_HOST = 'h1.example.org';" }))
        .write('g2.example.org', guestTemplate('g2.example.org', { ram: 2048, extra: "variable XEN_HOST = 'h1.example.org';" }))
        .write('h1.example.org', hostTemplate('h1.example.org', {
          ram: 16384,
          extra: `variable XEN_GUESTS = list('g1.example.org', 'g2.example.org');
variable XEN_DOM0_MEM = ${dom0};
variable XEN_OPTIONS = dict('g2.example.org', dict('maxmem', 8192));`,
        }));
    site = build(4096);
    expect((await site.compile('h1.example.org')).errors).toEqual({});
    site = build(4097);
    const { errors } = await site.compile('h1.example.org');
    expectValidationError(errors, 'h1.example.org',
      "h1.example.org: its guests' memory plus the Dom0's exceed its RAM: 16385 MiB needed, 16384 MiB installed (Dom0 4097 MiB (XEN_DOM0_MEM), g1.example.org 4096 MiB, g2.example.org 8192 MiB)");
  });

  it('guest disks must fit in the volume group', async () => {
    // sdb of 8193 MiB: 8192 MiB after LVM's first MiB, 2048 extents of 4 MiB.
    const build = (xvdb: number) =>
      new MiniSite()
        .write('g1.example.org', guestTemplate('g1.example.org', { disks: { xvda: 4096, xvdb }, extra: "variable XEN_HOST = 'h1.example.org';" }))
        .write('h1.example.org', hostTemplate('h1.example.org', { sdb: 8193, extra: "variable XEN_GUESTS = list('g1.example.org');" }));
    site = build(4096);
    expect((await site.compile('h1.example.org')).errors).toEqual({});
    site = build(4097);
    const { errors } = await site.compile('h1.example.org');
    expectValidationError(errors, 'h1.example.org',
      'h1.example.org: volume group vg_xen is too small for its logical volumes: they need 8196 MiB, it holds 8192 MiB (physical_devs/sdb 8193 MiB); volumes: g1.example.org_xvda 4096 MiB, g1.example.org_xvdb 4097 MiB');
  });
});

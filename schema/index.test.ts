import { describe, expect, it } from 'vitest';
import { FIXTURES, buildVariant, getPointer, loadFixture, loadInvalidVariants, renameKey, setPointer, type FixtureName } from './fixtures.js';
import { PROFILE_PARTS, ProfileSchemaError, assertValidProfile, validateProfile, type ProfilePart } from './index.js';

const ALL_PARTS = Object.keys(PROFILE_PARTS) as ProfilePart[];
const FIXTURE_NAMES = Object.values(FIXTURES);

describe('valid fixtures', () => {
  it.each(FIXTURE_NAMES)('%s passes the whole profile schema', (name) => {
    expect(validateProfile(loadFixture(name))).toEqual([]);
  });

  it.each(FIXTURE_NAMES)('%s passes each part it has', (name) => {
    const profile = loadFixture(name);
    const present = ALL_PARTS.filter((p) => getPointer(profile, `/${PROFILE_PARTS[p].path.join('/')}`) !== undefined);
    expect(present.length).toBeGreaterThanOrEqual(6);
    expect(validateProfile(profile, present)).toEqual([]);
  });

  it('the Dom0 has every part, xen included', () => {
    expect(validateProfile(loadFixture(FIXTURES.dom0), ALL_PARTS)).toEqual([]);
  });

  it('the xen component may ask to remove what it made for guests that left the profile', () => {
    const profile = loadFixture(FIXTURES.dom0);
    setPointer(profile, '/software/components/xen/remove_absent_domains', true);
    expect(validateProfile(profile, ['xen'])).toEqual([]);
  });

  it('assertValidProfile returns quietly and narrows the type', () => {
    const profile: unknown = loadFixture(FIXTURES.dom0);
    assertValidProfile(profile, 'dom0a.example.org.json', ['xen']);
    const domains = profile.software?.components?.xen?.domains ?? {};
    expect(Object.keys(domains)).toEqual(['vm1.example.org', 'vm2.example.org']);
  });
});

describe('the fixtures agree with each other as the contract says', () => {
  const dom0 = loadFixture(FIXTURES.dom0);
  const guests = [loadFixture(FIXTURES.guest), loadFixture(FIXTURES.guest2)];

  it("the Dom0 lists its guests and each guest's location and parent name the Dom0", () => {
    assertValidProfile(dom0, 'dom0');
    const dom0Fqdn = `${dom0.system.network.hostname}.${dom0.system.network.domainname}`;
    const names: string[] = [];
    for (const guest of guests) {
      assertValidProfile(guest, 'guest');
      names.push(`${guest.system.network.hostname}.${guest.system.network.domainname}`);
      expect(guest.hardware.location).toBe(dom0Fqdn);
      expect(guest.system.enclosure?.parent).toBe(dom0Fqdn);
    }
    expect(dom0.system.enclosure?.children).toEqual(names);
  });

  it("each domain carries its guest's RAM, disks and boot NIC MAC", () => {
    assertValidProfile(dom0, 'dom0');
    for (const guest of guests) {
      assertValidProfile(guest, 'guest');
      const fqdn = `${guest.system.network.hostname}.${guest.system.network.domainname}`;
      const domain = dom0.software?.components?.xen?.domains[fqdn];
      expect(domain, fqdn).toBeDefined();
      const ram = guest.hardware.ram.reduce((sum, r) => sum + r.size, 0);
      expect(domain?.options.memory).toBe(ram);
      const disks = Object.fromEntries(Object.entries(guest.hardware.harddisks ?? {}).map(([dev, d]) => [dev, d.capacity]));
      expect(Object.fromEntries(domain?.disks.map((d) => [d.guest_device, d.size]) ?? [])).toEqual(disks);
      const bootNic = Object.values(guest.hardware.cards.nic ?? {}).find((n) => n.boot === true);
      expect(domain?.vif.map((v) => v.mac)).toEqual([bootNic?.hwaddr]);
    }
  });

  it("the Dom0's logical volumes hold every lvm guest disk, named <domain>_<guest_device>", () => {
    assertValidProfile(dom0, 'dom0');
    const lvs = dom0.system.blockdevices?.logical_volumes ?? {};
    for (const [name, domain] of Object.entries(dom0.software?.components?.xen?.domains ?? {})) {
      for (const disk of domain.disks.filter((d) => d.type === 'lvm')) {
        expect(lvs[`${name}_${disk.guest_device}`], `${name} ${disk.guest_device}`).toEqual({ size: disk.size, volume_group: disk.volume_group });
      }
    }
  });

  it('every filesystem refers to a declared block device', () => {
    for (const name of FIXTURE_NAMES) {
      const profile = loadFixture(name);
      assertValidProfile(profile, name);
      const blockdevices = profile.system.blockdevices as Record<string, Record<string, unknown>>;
      for (const fs of profile.system.filesystems ?? []) {
        const [kind, key] = fs.block_device.split('/') as [string, string];
        expect(blockdevices[kind]?.[key], `${name}: ${fs.block_device}`).toBeDefined();
      }
    }
  });
});

describe('invalid variants', () => {
  const variants = loadInvalidVariants();

  it('are many and cover every part', () => {
    expect(variants.length).toBeGreaterThanOrEqual(40);
    const partOf = (pointer: string): ProfilePart | undefined =>
      ALL_PARTS.filter((part) => pointer.startsWith(`/${PROFILE_PARTS[part].path.join('/')}`)).sort((a, b) => PROFILE_PARTS[b].path.length - PROFILE_PARTS[a].path.length)[0];
    const covered = new Set(variants.flatMap((v) => v.expect.map(partOf)));
    for (const part of ALL_PARTS) expect(covered.has(part), part).toBe(true);
  });

  it.each(variants.map((v) => [v.name, v] as const))('%s', (_name, variant) => {
    const issues = validateProfile(buildVariant(variant), variant.parts);
    expect([...new Set(issues.map((i) => i.path))].sort()).toEqual([...variant.expect].sort());
    for (const issue of issues) expect(issue.message).toMatch(/^(is required|is not an allowed field|must |key must )/);
  });
});

describe('which parts are checked', () => {
  it('an explicit part must be present', () => {
    expect(validateProfile({}, ['aii'])).toEqual([{ path: '/system', message: 'is required' }]);
    expect(validateProfile({ system: {} }, ['aii'])).toEqual([{ path: '/system/aii', message: 'is required' }]);
  });

  it('a part that is not asked for is not checked', () => {
    const profile = loadFixture(FIXTURES.guest);
    setPointer(profile, '/system/aii/nbp/kernel', '../escape');
    expect(validateProfile(profile, ['network', 'filesystems'])).toEqual([]);
    expect(validateProfile(profile, ['aii'])).toHaveLength(1);
  });

  it('without parts, optional subtrees are checked only when present', () => {
    const profile = loadFixture(FIXTURES.physical);
    const system = profile.system as Record<string, unknown>;
    delete system.aii;
    delete system.blockdevices;
    delete system.filesystems;
    delete profile.software;
    expect(validateProfile(profile)).toEqual([]);
  });

  it('the same fault seen through two parts is reported once', () => {
    const profile = loadFixture(FIXTURES.dom0);
    setPointer(profile, '/software/components/xen/create_domains', 'yes');
    expect(validateProfile(profile, ['components', 'xen'])).toEqual([{ path: '/software/components/xen/create_domains', message: 'must be boolean' }]);
  });

  it('unknown top-level trees and unknown /system children are allowed', () => {
    const profile = loadFixture(FIXTURES.guest);
    profile.metadata = { anything: [1, 2, 3] };
    (profile.system as Record<string, unknown>).kernel = { version: '5.14.0' };
    expect(validateProfile(profile)).toEqual([]);
  });
});

describe('ProfileSchemaError', () => {
  it('lists each issue as source: path: message', () => {
    const profile = loadFixture(FIXTURES.guest);
    setPointer(profile, '/system/aii/nbp/kernel', '../x');
    setPointer(profile, '/hardware/ram/0/size', 0);
    let error: unknown;
    try {
      assertValidProfile(profile, 'out/profiles/vm1.example.org.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProfileSchemaError);
    const e = error as ProfileSchemaError;
    expect(e.issues.map((i) => i.path)).toEqual(['/hardware/ram/0/size', '/system/aii/nbp/kernel']);
    expect(e.message.split('\n')).toEqual([
      'out/profiles/vm1.example.org.json: /hardware/ram/0/size: must be >= 1',
      `out/profiles/vm1.example.org.json: /system/aii/nbp/kernel: must match pattern "${'^(?!(.*/)?\\.\\.?(/|$))[A-Za-z0-9._+@%~-]+(/[A-Za-z0-9._+@%~-]+)*$'}" (Path relative to the TFTP root, without '.' or '..' segments)`,
    ]);
    expect(e.source).toBe('out/profiles/vm1.example.org.json');
    expect(e.stack).toBeDefined();
  });

  it('names the root as / and cuts long lists short', () => {
    expect(new ProfileSchemaError('p.json', [{ path: '', message: 'must be object' }]).message).toBe('p.json: /: must be object');
    const many = Array.from({ length: 25 }, (_, i) => ({ path: `/x/${i}`, message: 'm' }));
    const lines = new ProfileSchemaError('p.json', many).message.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('p.json: ... and 5 more issues');
  });

  it('validates non-objects without throwing', () => {
    expect(validateProfile(null)).toEqual([{ path: '', message: 'must be object' }]);
    expect(validateProfile('profile', ['hardware'])).toEqual([{ path: '', message: 'must be object' }]);
  });
});

// ---------------------------------------------------------------- hostile strings

/** Ways to break out of a configuration line, a quoted value or a shell word, applied to a valid string. */
const HOSTILE: Record<string, (valid: string) => string> = {
  'newline inside': (v) => middle(v, '\n'),
  'trailing newline': (v) => `${v}\n`,
  'leading newline': (v) => `\n${v}`,
  'carriage return': (v) => middle(v, '\r'),
  'double quote': (v) => middle(v, '"'),
  'single quote': (v) => middle(v, "'"),
  semicolon: (v) => middle(v, ';'),
  'opening brace': (v) => middle(v, '{'),
  'closing brace': (v) => middle(v, '}'),
  backtick: (v) => middle(v, '`'),
  dollar: (v) => middle(v, '$'),
  backslash: (v) => middle(v, '\\'),
  NUL: (v) => middle(v, '\u0000'),
  DEL: (v) => middle(v, '\u007f'),
};

function middle(valid: string, inserted: string): string {
  const at = Math.floor(valid.length / 2);
  return valid.slice(0, at) + inserted + valid.slice(at);
}

interface Target {
  fixture: FixtureName;
  pointer: string;
  /** A value (default) or the key of a dict entry. */
  kind?: 'value' | 'key';
  /** Labels of HOSTILE changes that are legitimate there. */
  allowed?: string[];
}

const dom0Domain = '/software/components/xen/domains/vm1.example.org';
const dom0File = '/software/components/xen/domains/vm2.example.org';

/** Every profile string that panfab writes into a configuration file or a command line. */
const TARGETS: Target[] = [
  ...['hostname', 'domainname', 'default_gateway', 'nameserver/0', 'interfaces/eth0/ip', 'interfaces/eth0/netmask', 'interfaces/eth0/gateway'].map(
    (p): Target => ({ fixture: FIXTURES.guest, pointer: `/system/network/${p}` }),
  ),
  { fixture: FIXTURES.guest, pointer: '/system/network/interfaces/eth0', kind: 'key' },
  { fixture: FIXTURES.guest, pointer: '/hardware/cards/nic/eth0/hwaddr' },
  { fixture: FIXTURES.guest, pointer: '/hardware/cards/nic/eth0', kind: 'key' },
  { fixture: FIXTURES.guest, pointer: '/hardware/harddisks/xvda', kind: 'key' },
  ...['kernel', 'initrd', 'append', 'label', 'kslocation', 'ksdevice', 'rescue'].map((p): Target => ({ fixture: FIXTURES.guest, pointer: `/system/aii/nbp/${p}` })),
  { fixture: FIXTURES.physical, pointer: '/system/aii/nbp/firmware' },
  { fixture: FIXTURES.guest, pointer: '/system/aii/dhcp/filename' },
  { fixture: FIXTURES.guest, pointer: '/system/aii/dhcp/next_server' },
  { fixture: FIXTURES.guest, pointer: '/system/aii/dhcp/options/domain-name-servers' },
  // A dhcpd value may be a quoted string, so a whole quoted hostile string must still fail.
  { fixture: FIXTURES.guest, pointer: '/system/aii/dhcp/options/domain-name', allowed: ['double quote'] },
  { fixture: FIXTURES.guest, pointer: '/system/aii/dhcp/options/domain-name', kind: 'key' },
  ...['packages/0', 'timezone', 'lang', 'keyboard', 'installtype', 'ackurl', 'agent_profile_url', 'clearpart/0'].map(
    (p): Target => ({ fixture: FIXTURES.guest, pointer: `/system/aii/ks/${p}` }),
  ),
  // Crypt hashes are made of '$'-separated fields.
  { fixture: FIXTURES.guest, pointer: '/system/aii/ks/rootpw', allowed: ['dollar'] },
  ...['block_device', 'mountpoint', 'mountopts', 'mkfsopts', 'label'].map((p): Target => ({ fixture: FIXTURES.guest, pointer: `/system/filesystems/3/${p}` })),
  { fixture: FIXTURES.dom0, pointer: '/system/blockdevices/partitions/sda1/holding_dev' },
  { fixture: FIXTURES.dom0, pointer: '/system/blockdevices/partitions/sda1', kind: 'key' },
  { fixture: FIXTURES.dom0, pointer: '/system/blockdevices/physical_devs/sda', kind: 'key' },
  { fixture: FIXTURES.dom0, pointer: '/system/blockdevices/volume_groups/vg_xen', kind: 'key' },
  { fixture: FIXTURES.dom0, pointer: '/system/blockdevices/volume_groups/vg_xen/device_list/0' },
  { fixture: FIXTURES.dom0, pointer: '/system/blockdevices/logical_volumes/lv_root', kind: 'key' },
  { fixture: FIXTURES.dom0, pointer: '/system/blockdevices/logical_volumes/lv_root/volume_group' },
  { fixture: FIXTURES.dom0, pointer: '/system/blockdevices/files/_2fsrv_2fxen_2fimages_2fvm2_2eexample_2eorg_5fxvdb_2eimg', kind: 'key' },
  ...['owner', 'group', 'perm'].map((p): Target => ({ fixture: FIXTURES.dom0, pointer: `/system/blockdevices/files/_2fsrv_2fxen_2fimages_2fvm2_2eexample_2eorg_5fxvdb_2eimg/${p}` })),
  { fixture: FIXTURES.dom0, pointer: '/system/enclosure/children/0' },
  { fixture: FIXTURES.guest, pointer: '/system/enclosure/parent' },
  { fixture: FIXTURES.dom0, pointer: '/software/components/accounts', kind: 'key' },
  { fixture: FIXTURES.dom0, pointer: '/software/components/xen/dependencies/pre/0' },
  { fixture: FIXTURES.dom0, pointer: '/software/components/xen/config_dir' },
  { fixture: FIXTURES.dom0, pointer: dom0Domain, kind: 'key' },
  ...['options/name', 'options/cpus', 'options/type', 'options/vfb/0', 'install_options/kernel', 'install_options/ramdisk', 'install_options/extra'].map(
    (p): Target => ({ fixture: FIXTURES.dom0, pointer: `${dom0Domain}/${p}` }),
  ),
  { fixture: FIXTURES.dom0, pointer: `${dom0Domain}/options/cpus`, kind: 'key' },
  ...['disks/0/volume_group', 'disks/0/guest_device', 'vif/0/mac', 'vif/0/bridge', 'vif/0/ip', 'bootloader'].map(
    (p): Target => ({ fixture: FIXTURES.dom0, pointer: `${dom0Domain}/${p}` }),
  ),
  { fixture: FIXTURES.dom0, pointer: `${dom0File}/disks/1/path` },
  { fixture: FIXTURES.dom0, pointer: `${dom0File}/bootargs` },
];

function hostileCases(): [string, Target, (valid: string) => string][] {
  return TARGETS.flatMap((t) =>
    Object.entries(HOSTILE)
      .filter(([label]) => !(t.allowed ?? []).includes(label))
      .map(([label, make]): [string, Target, (valid: string) => string] => [`${t.kind ?? 'value'} ${t.pointer}: ${label}`, t, make]),
  );
}

describe('hostile strings are rejected where they would reach configuration files', () => {
  it('the targets exist in the fixtures (values are strings)', () => {
    for (const t of TARGETS) {
      const value = getPointer(loadFixture(t.fixture), t.pointer);
      expect(t.kind === 'key' ? value !== undefined : typeof value === 'string', t.pointer).toBe(true);
    }
  });

  it.each(hostileCases())('%s', (_name, target, make) => {
    const profile = loadFixture(target.fixture);
    let expected = target.pointer;
    if (target.kind === 'key') {
      const key = make(target.pointer.replace(/^.*\//, ''));
      renameKey(profile, target.pointer, key);
      expected = `${target.pointer.replace(/[^/]*$/, '')}${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    } else {
      setPointer(profile, target.pointer, make(getPointer(profile, target.pointer) as string));
    }
    expect(validateProfile(profile).map((i) => i.path)).toContain(expected);
  });
});

/**
 * panfab/checks/storage (volume groups) and panfab/site/checks (MAC
 * addresses) on small sites.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MiniSite, removeMiniSites } from '../../testing.js';

let site: MiniSite;
afterEach(removeMiniSites);

/** A host whose blockdevices are `blockdevices` (Pan statements), checked by panfab_check_volume_groups. */
function storageHost(blockdevices: string, disks: Record<string, number>): string {
  return `object template s1.example.org;
include 'panfab/checks/storage';
${Object.entries(disks).map(([d, mib]) => `'/hardware/harddisks/${d}/capacity' = ${mib};`).join('\n')}
${blockdevices}
valid '/system/blockdevices' = panfab_check_volume_groups('s1.example.org', SELF, value('/hardware'));
`;
}

async function storageError(blockdevices: string, disks: Record<string, number>): Promise<{ kind: string; message: string } | undefined> {
  site = new MiniSite().write('s1.example.org', storageHost(blockdevices, disks));
  return (await site.compile('s1.example.org')).errors['s1.example.org'];
}

function expectValidation(e: { kind: string; message: string } | undefined, message: string): void {
  expect(e?.message).toBe(message);
  expect(e?.kind).toBe('validation');
}

describe('panfab_check_volume_groups', () => {
  const sda = `'/system/blockdevices/partitions/sda1' = dict('holding_dev', 'sda', 'size', 1000);
'/system/blockdevices/partitions/sda2' = dict('holding_dev', 'sda');
'/system/blockdevices/volume_groups/vg0/device_list' = list('partitions/sda2');`;

  it('a partition without size takes the rest of its disk: an exact fit passes', async () => {
    // sda2 = 9193 - 1000 = 8193 MiB -> 8192 MiB after LVM's first MiB = 2048 extents.
    expect(await storageError(`${sda}\n'/system/blockdevices/logical_volumes/lv1' = dict('size', 8192, 'volume_group', 'vg0');`, { sda: 9193 })).toBeUndefined();
  });

  it('one extent more fails, naming the host, the group, its devices and volumes', async () => {
    expectValidation(
      await storageError(`${sda}
'/system/blockdevices/logical_volumes/lv1' = dict('size', 8000, 'volume_group', 'vg0');
'/system/blockdevices/logical_volumes/lv2' = dict('size', 193, 'volume_group', 'vg0');`, { sda: 9193 }),
      's1.example.org: volume group vg0 is too small for its logical volumes: they need 8196 MiB, it holds 8192 MiB (partitions/sda2 8193 MiB); volumes: lv1 8000 MiB, lv2 193 MiB',
    );
  });

  it('logical partitions share their extended partition', async () => {
    const blockdevices = `'/system/blockdevices/partitions/sda1' = dict('holding_dev', 'sda', 'size', 1000, 'type', 'primary');
'/system/blockdevices/partitions/sda2' = dict('holding_dev', 'sda', 'size', 5000, 'type', 'extended');
'/system/blockdevices/partitions/sda5' = dict('holding_dev', 'sda', 'size', 2000, 'type', 'logical');
'/system/blockdevices/partitions/sda6' = dict('holding_dev', 'sda', 'type', 'logical');
'/system/blockdevices/volume_groups/vg0/device_list' = list('partitions/sda6', 'physical_devs/sdb');
'/system/blockdevices/logical_volumes/lv1' = dict('size', LV, 'volume_group', 'vg0');`;
    // sda6 = 5000 - 2000 = 3000 MiB -> 749 extents; sdb 1001 MiB -> 250 extents: 999 extents, 3996 MiB.
    expect(await storageError(blockdevices.replace('LV', '3996'), { sda: 100000, sdb: 1001 })).toBeUndefined();
    expect((await storageError(blockdevices.replace('LV', '3997'), { sda: 100000, sdb: 1001 }))?.message).toContain('it holds 3996 MiB (partitions/sda6 3000 MiB, physical_devs/sdb 1001 MiB)');
  });

  it('a volume in an undeclared group, or a device without capacity, is named', async () => {
    expectValidation(
      await storageError(`'/system/blockdevices/logical_volumes/lv1' = dict('size', 10, 'volume_group', 'vgx');`, { sda: 100 }),
      's1.example.org: logical volume lv1 is in volume group vgx, which /system/blockdevices/volume_groups does not declare',
    );
    expectValidation(
      await storageError(`'/system/blockdevices/volume_groups/vg0/device_list' = list('physical_devs/sdc');
'/system/blockdevices/logical_volumes/lv1' = dict('size', 10, 'volume_group', 'vg0');`, { sda: 100 }),
      's1.example.org: disk sdc has no capacity (/hardware/harddisks/sdc/capacity)',
    );
  });

  it('a rest-of-disk partition with no room left is named', async () => {
    expectValidation(
      await storageError(`${sda}\n'/system/blockdevices/logical_volumes/lv1' = dict('size', 4, 'volume_group', 'vg0');`, { sda: 1000 }),
      's1.example.org: partitions/sda2 (the rest of sda) has no room left: 1000 MiB already taken by other partitions of 1000 MiB',
    );
  });
});

describe('panfab/site/checks: MAC addresses', () => {
  const host = (fqdn: string, nics: Record<string, string>, extra = '') => `object template ${fqdn};
${Object.entries(nics).map(([n, mac]) => `'/hardware/cards/nic/${n}/hwaddr' = '${mac}';`).join('\n')}
'/system/network/hostname' = '${fqdn.split('.')[0]}';
${extra}`;
  const checker = (hosts: string[]) =>
    host('aii.example.org', { eth0: 'f8:bc:12:00:00:02' }, `variable SITE_HOSTS = list(${hosts.map((h) => `'${h}'`).join(', ')});\ninclude 'panfab/site/checks';`);

  it('distinct MACs pass, a host listed twice is not a clash', async () => {
    site = new MiniSite()
      .write('a.example.org', host('a.example.org', { eth0: '00:16:3e:00:00:01', eth1: '00:16:3e:00:00:02' }))
      .write('b.example.org', host('b.example.org', { eth0: '00:16:3e:00:00:03' }))
      .write('aii.example.org', checker(['aii.example.org', 'a.example.org', 'b.example.org', 'a.example.org']));
    expect((await site.compile('aii.example.org')).errors).toEqual({});
  });

  it('the same MAC in two hosts (any case) fails, naming both hosts and NICs', async () => {
    site = new MiniSite()
      .write('a.example.org', host('a.example.org', { eth0: '00:16:3e:00:00:01', eth1: '00:16:3e:00:00:aa' }))
      .write('b.example.org', host('b.example.org', { eth0: '00:16:3E:00:00:AA' }))
      .write('aii.example.org', checker(['aii.example.org', 'a.example.org', 'b.example.org']));
    expectValidation(
      (await site.compile('aii.example.org')).errors['aii.example.org'],
      'MAC address 00:16:3e:00:00:aa is used twice: by a.example.org (/hardware/cards/nic/eth1) and by b.example.org (/hardware/cards/nic/eth0)',
    );
  });

  it('the checking object\'s own NICs count', async () => {
    site = new MiniSite()
      .write('a.example.org', host('a.example.org', { eth0: 'f8:bc:12:00:00:02' }))
      .write('aii.example.org', checker(['aii.example.org', 'a.example.org']));
    expect((await site.compile('aii.example.org')).errors['aii.example.org']?.message).toBe(
      'MAC address f8:bc:12:00:00:02 is used twice: by aii.example.org (/hardware/cards/nic/eth0) and by a.example.org (/hardware/cards/nic/eth0)',
    );
  });
});

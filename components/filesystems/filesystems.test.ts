/**
 * The filesystems component against a temporary root and real loop
 * devices: real sfdisk, pvcreate/vgcreate, mkfs, mount and swapon on
 * devices made here (never a real disk). Logical volumes need
 * device-mapper, which this kernel lacks: they are simulated (lvcreate,
 * lvs, vgs behind the same commands), and the tests using them say so.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isChange, memoryLogger, runComponent, type ComponentOutcome, type JsonObject } from '../sdk/index.js';
import { escapePath } from '../storage/devices.js';
import { BEGIN, END, fstabEscape, fstabLine, splitFstab } from './fstab.js';
import { component } from './index.js';
import { readFilesystemsSpec } from './model.js';
import { LoopLab, type LoopDevice } from '../../test/components/loop-lab.js';
import { startSimulators, type StartedSimulators } from '../../test/components/simulators.js';

let lab: LoopLab;
let sims: StartedSimulators;

beforeAll(async () => {
  lab = new LoopLab();
  sims = await startSimulators();
});
afterAll(async () => {
  sims?.restore();
  await lab?.cleanup();
  sims?.cleanup();
});

const roots: string[] = [];
afterEach(async () => {
  await lab.release();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
  sims.reset();
});

function newRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'panfab-fs-'));
  roots.push(root);
  return root;
}

interface FsEntry {
  block_device: string;
  mountpoint: string;
  type: string;
  format?: boolean;
  preserve?: boolean;
  mount?: boolean;
  mountopts?: string;
  label?: string;
  pass?: number;
}

function profile(blockdevices: object, filesystems: FsEntry[], config: JsonObject = {}): JsonObject {
  return {
    system: { blockdevices, filesystems: filesystems.map((f) => ({ format: true, preserve: true, mount: true, ...f })) as unknown as JsonObject[] },
    software: { components: { filesystems: { active: true, ...config } } },
  } as JsonObject;
}

function run(p: JsonObject, root: string, noaction = false): Promise<ComponentOutcome> {
  return runComponent(component, { profile: p, root, log: memoryLogger(), runCommands: true, noaction });
}

const commands = (o: ComponentOutcome) => o.records.filter((r) => r.kind === 'command' && isChange(r)).map((r) => r.target);
const changes = (o: ComponentOutcome) => o.records.filter(isChange).map((r) => `${r.kind} ${r.target}`);

async function blkidType(path: string): Promise<string> {
  return (await execa('blkid', ['-p', '-o', 'value', '-s', 'TYPE', path], { reject: false })).stdout.trim();
}

const FOREIGN_FSTAB = ['# /etc/fstab: static file system information.', 'UUID=0a1b2c3d / ext4 errors=remount-ro 0 1', '/dev/sr0 /media/cdrom0 udf,iso9660 user,noauto 0 0', ''].join('\n');

describe('filesystems component on loop devices', () => {
  let data: LoopDevice;
  let swap: LoopDevice;
  beforeAll(async () => {
    data = await lab.disk(32);
    swap = await lab.disk(16);
  });

  it('makes filesystems where none exist, keeps foreign fstab lines, mounts and activates swap; a second run does nothing', async () => {
    const root = newRoot();
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/fstab'), FOREIGN_FSTAB);
    const imagePath = '/var/lib/images/scratch.img';
    const p = profile(
      { physical_devs: { [data.name]: { label: 'none' }, [swap.name]: { label: 'none' } }, files: { [escapePath(imagePath)]: { size: 8, perm: '0600', owner: 'root', group: 'root' } } },
      [
        { block_device: `physical_devs/${data.name}`, mountpoint: '/srv/data', type: 'ext4', label: 'data', mountopts: 'defaults,noatime', pass: 2 },
        { block_device: `physical_devs/${swap.name}`, mountpoint: 'swap', type: 'swap' },
        { block_device: `files/${escapePath(imagePath)}`, mountpoint: '/srv/scratch', type: 'ext4', mount: false },
        { block_device: 'physical_devs/sr0', mountpoint: '/media/cdrom0', type: 'vfat', format: false, mount: false },
      ],
    );
    // The cdrom entry: the device does not exist here; it is reported, not made.
    const first = await run(p, root);
    lab.adoptMount(join(root, 'srv/data'));
    lab.adoptSwap(swap.path);
    expect(first.error).toBeUndefined();
    expect(commands(first)).toEqual([
      `fallocate --length 8MiB ${root}${imagePath}`,
      `chmod 0600 -- ${root}${imagePath}`,
      `chown root:root -- ${root}${imagePath}`,
      `mkfs.ext4 -q -L data ${data.path}`,
      `mkswap ${swap.path}`,
      `mkfs.ext4 -q ${root}${imagePath}`,
      `mount -t ext4 -o defaults,noatime ${data.path} ${root}/srv/data`,
      `swapon ${swap.path}`,
    ]);
    expect(await blkidType(data.path)).toBe('ext4');
    expect(await blkidType(swap.path)).toBe('swap');
    expect(await blkidType(join(root, imagePath))).toBe('ext4');
    expect(statSync(join(root, imagePath)).mode & 0o777).toBe(0o600);
    expect((await execa('findmnt', ['--raw', '--noheadings', '--output', 'SOURCE', join(root, 'srv/data')])).stdout.trim()).toBe(data.path);
    expect((await execa('swapon', ['--show=NAME', '--noheadings', '--raw'])).stdout.split('\n')).toContain(swap.path);
    expect(readFileSync(join(root, 'etc/fstab'), 'utf8')).toBe(
      FOREIGN_FSTAB +
        [BEGIN, `${data.path} /srv/data ext4 defaults,noatime 0 2`, `${swap.path} none swap defaults 0 0`, `${imagePath} /srv/scratch ext4 defaults,noauto 0 0`, END, ''].join('\n'),
    );
    expect(first.notes).toEqual(['/system/filesystems/3: /dev/sr0 does not exist: no filesystem, not mounted']);

    const second = await run(p, root);
    expect(second.ok).toBe(true);
    expect(changes(second)).toEqual([]);
  });

  it("leaves what the installer's fstab lines (UUID=..., mount points) already cover to those lines", async () => {
    const sw = await lab.disk(16);
    const fsDev = await lab.disk(16);
    await execa('mkswap', ['-q', sw.path]);
    await execa('mkfs.ext4', ['-q', fsDev.path]);
    const uuid = (await execa('blkid', ['-p', '-o', 'value', '-s', 'UUID', sw.path])).stdout.trim();
    const root = newRoot();
    mkdirSync(join(root, 'etc'));
    const installed = `UUID=${uuid} none swap defaults 0 0\nUUID=1234-abcd /srv/data ext4 defaults 0 2\n`;
    writeFileSync(join(root, 'etc/fstab'), installed);
    const p = profile({ physical_devs: { [sw.name]: { label: 'none' }, [fsDev.name]: { label: 'none' } } }, [
      { block_device: `physical_devs/${sw.name}`, mountpoint: 'swap', type: 'swap', mount: false },
      { block_device: `physical_devs/${fsDev.name}`, mountpoint: '/srv/data', type: 'ext4', mount: false },
    ]);
    const r = await run(p, root);
    expect(r.ok).toBe(true);
    expect(r.notes).toEqual([
      `/etc/fstab already has a line for ${sw.path} that panfab did not write: kept, and no managed line is added for /system/filesystems/0`,
      '/etc/fstab already has a line for /srv/data that panfab did not write: kept, and no managed line is added for /system/filesystems/1',
    ]);
    expect(readFileSync(join(root, 'etc/fstab'), 'utf8')).toBe(installed);
    expect(changes(r)).toEqual([]);
  });

  it('never reformats: a filesystem of another type is refused, and nothing is done', async () => {
    const dev = await lab.disk(16);
    await execa('mkfs.ext4', ['-q', dev.path]);
    const root = newRoot();
    const r = await run(profile({ physical_devs: { [dev.name]: { label: 'none' } } }, [{ block_device: `physical_devs/${dev.name}`, mountpoint: '/srv/x', type: 'vfat', preserve: false }]), root);
    expect(r.ok).toBe(false);
    expect(r.error).toBe(`planning failed: /system/filesystems/0/type: ${dev.path} holds a ext4 signature, the profile says vfat: it is not reformatted (its data is kept)`);
    expect(await blkidType(dev.path)).toBe('ext4');
    expect(existsSync(join(root, 'etc'))).toBe(false);
  });

  it('keeps data blkid cannot name when preserve is true; formats it only when preserve is false', async () => {
    const dev = await lab.disk(16);
    await execa('dd', ['if=/dev/urandom', `of=${dev.path}`, 'bs=64k', 'count=16', 'status=none']);
    const fs = (preserve: boolean) => profile({ physical_devs: { [dev.name]: { label: 'none' } } }, [{ block_device: `physical_devs/${dev.name}`, mountpoint: '/srv/x', type: 'ext4', preserve, mount: false }]);
    const root = newRoot();
    const kept = await run(fs(true), root);
    expect(kept.error).toContain(`/system/filesystems/0: ${dev.path} holds no filesystem blkid knows, but is not blank, and preserve is true: it is not formatted`);
    const formatted = await run(fs(false), root, true);
    expect(formatted.ok).toBe(true);
    expect(commands(formatted)).toEqual([`mkfs.ext4 -q ${dev.path}`]);
  });

  it('with format false, makes no filesystem and says so', async () => {
    const dev = await lab.disk(16);
    const root = newRoot();
    const r = await run(profile({ physical_devs: { [dev.name]: { label: 'none' } } }, [{ block_device: `physical_devs/${dev.name}`, mountpoint: '/srv/x', type: 'ext4', format: false }]), root);
    expect(r.ok).toBe(true);
    expect(commands(r)).toEqual([]);
    expect(r.notes).toEqual([`/system/filesystems/0: ${dev.path} holds no filesystem and format is false: none is made, it is not mounted`]);
    expect(await blkidType(dev.path)).toBe('');
  });

  it('writes a partition table and partitions on a blank disk only, with types from their flags (real sfdisk)', async () => {
    const disk = await lab.disk(64);
    const bd = {
      physical_devs: { [disk.name]: { label: 'gpt' } },
      partitions: { [`${disk.name}p1`]: { holding_dev: disk.name, size: 16, flags: { esp: true } }, [`${disk.name}p2`]: { holding_dev: disk.name, flags: { lvm: true } } },
    };
    const root = newRoot();
    const r = await run(profile(bd, []), root);
    expect(r.error).toBeUndefined();
    expect(commands(r)).toEqual([
      `sfdisk --quiet --wipe never ${disk.path}`,
      `sfdisk --quiet --wipe never --wipe-partitions never -N 1 ${disk.path}`,
      `sfdisk --quiet --wipe never --wipe-partitions never -N 2 ${disk.path}`,
    ]);
    const table = JSON.parse((await execa('sfdisk', ['--json', disk.path])).stdout) as { partitiontable: { label: string; partitions: { node: string; size: number; type: string }[] } };
    expect(table.partitiontable.label).toBe('gpt');
    expect(table.partitiontable.partitions.map((x) => [x.node, x.type])).toEqual([
      [`${disk.path}p1`, 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B'],
      [`${disk.path}p2`, 'E6D6D379-F507-44C2-A23C-238F2A3DF928'],
    ]);
    expect(table.partitiontable.partitions[0]!.size).toBe(16 * 2048);
    expect(changes(await run(profile(bd, []), root))).toEqual([]);
  });

  it('writes no partition table on a disk that holds data', async () => {
    const disk = await lab.disk(16);
    await execa('mkswap', [disk.path]);
    const r = await run(profile({ physical_devs: { [disk.name]: { label: 'msdos' } }, partitions: { [`${disk.name}p1`]: { holding_dev: disk.name } } }, []), newRoot());
    expect(r.error).toBe(`planning failed: /system/blockdevices/physical_devs/${disk.name}: ${disk.path} holds a swap signature: no partition table is written on it (its data is kept)`);
    expect(await blkidType(disk.path)).toBe('swap');
  });

  it('refuses a file in the way and a file that would shrink', async () => {
    const root = newRoot();
    mkdirSync(join(root, 'var/swapdir'), { recursive: true });
    writeFileSync(join(root, 'var/big'), Buffer.alloc(3 * 1048576));
    const r = await run(profile({ files: { [escapePath('/var/swapdir')]: { size: 4 }, [escapePath('/var/big')]: { size: 2 } } }, []), root);
    expect(r.error).toContain(`/system/blockdevices/files/${escapePath('/var/big')}/size: /var/big is 3145728 bytes, the profile asks 2 MiB: files are never shrunk`);
    expect(r.error).toContain(`/system/blockdevices/files/${escapePath('/var/swapdir')}: /var/swapdir is in the way: it is a directory, not a file`);
    expect(statSync(join(root, 'var/big')).size).toBe(3 * 1048576);
  });
});

describe('filesystems component: LVM (real volume group on a loop device, simulated logical volumes)', () => {
  let pv: LoopDevice;
  let vg: string;
  beforeAll(async () => {
    pv = await lab.disk(128);
    vg = lab.uniqueName('pffs');
    lab.adoptVolumeGroup(vg);
  });

  const bd = () => ({
    physical_devs: { [pv.name]: { label: 'none' } },
    volume_groups: { [vg]: { device_list: [`physical_devs/${pv.name}`] } },
    logical_volumes: { lv_rest: { volume_group: vg }, lv_data: { size: 40, volume_group: vg } },
  });

  it('makes the volume group (real) and its volumes (simulated LVM), sized ones first; a second run does nothing', async () => {
    const root = newRoot();
    const r = await run(profile(bd(), []), root);
    expect(r.error).toBeUndefined();
    expect(commands(r)).toEqual([
      `pvcreate ${pv.path}`,
      `vgcreate ${vg} ${pv.path}`,
      `lvcreate --yes --wipesignatures y --zero y -L 40m -n lv_data ${vg}`,
      `lvcreate --yes --wipesignatures y --zero y -l 100%FREE -n lv_rest ${vg}`,
    ]);
    expect(sims.lvs()).toEqual([
      { vg, name: 'lv_data', size: 40 },
      { vg, name: 'lv_rest', size: 84 },
    ]);
    expect(changes(await run(profile(bd(), []), root))).toEqual([]);
  });

  it('plans mkfs, fstab and mount for new volumes (--noaction, simulated LVM)', async () => {
    const root = newRoot();
    const r = await run(profile(bd(), [{ block_device: 'logical_volumes/lv_data', mountpoint: '/srv/data', type: 'xfs' }]), root, true);
    expect(r.ok).toBe(true);
    expect(commands(r).slice(-2)).toEqual([`mkfs.xfs -q /dev/${vg}/lv_data`, `mount -t xfs -o defaults /dev/${vg}/lv_data ${root}/srv/data`]);
    expect(r.records.find((x) => x.target === '/etc/fstab')?.diff).toContain(`+/dev/${vg}/lv_data /srv/data xfs defaults 0 0`);
    expect(existsSync(join(root, 'etc'))).toBe(false);
  });

  it('refuses a volume that would shrink and a volume group without room (simulated LVM)', async () => {
    const root = newRoot();
    await run(profile(bd(), []), root);
    const shrink = bd();
    shrink.logical_volumes.lv_data.size = 20;
    const r1 = await run(profile(shrink, []), root);
    expect(r1.error).toBe(`planning failed: /system/blockdevices/logical_volumes/lv_data/size: logical volume ${vg}/lv_data is 40 MiB, the profile asks 20 MiB: volumes are never shrunk`);
    const full = bd() as ReturnType<typeof bd> & { logical_volumes: Record<string, { size?: number; volume_group: string }> };
    full.logical_volumes.lv_more = { size: 8, volume_group: vg };
    const r2 = await run(profile(full, []), root);
    expect(r2.error).toBe(`planning failed: /system/blockdevices/logical_volumes/lv_more/size: no room for logical volume ${vg}/lv_more (8 MiB): volume group ${vg} has 0 MiB free, 8 MiB needed`);
    expect(sims.lvs().map((l) => [l.name, l.size])).toEqual([
      ['lv_data', 40],
      ['lv_rest', 84],
    ]);
  });

  it('with manage_blockdevs false, makes no block device and says so (simulated LVM)', async () => {
    const r = await run(profile(bd(), [], { manage_blockdevs: false }), newRoot());
    expect(r.ok).toBe(true);
    expect(commands(r)).toEqual([]);
    expect(r.notes).toContain(`logical volume ${vg}/lv_data does not exist and manage_blockdevs is false: not made`);
  });
});

describe('fstab and profile reading', () => {
  it('splits a fstab around its managed part and escapes fields', () => {
    const text = `a\n${BEGIN}\nx\n${END}\nb\n`;
    expect(splitFstab(text)).toEqual({ before: ['a'], after: ['b'], managed: true });
    expect(splitFstab('a\nb\n')).toEqual({ before: ['a', 'b'], after: [], managed: false });
    expect(fstabEscape('/srv/my data\\x')).toBe('/srv/my\\040data\\134x');
  });

  it('names the profile path of a bad value', () => {
    const bad = (fs: object, bd: object = { physical_devs: { sdb: { label: 'none' } } }) => () => readFilesystemsSpec(profile(bd as JsonObject, [fs as FsEntry]), {});
    expect(bad({ block_device: 'physical_devs/sdb', mountpoint: '/srv/x', type: 'ext4', mountopts: 'defaults;reboot' })).toThrow('/system/filesystems/0/mountopts: "defaults;reboot" is not mount options');
    expect(bad({ block_device: 'logical_volumes/nope', mountpoint: '/srv/x', type: 'ext4' })).toThrow('/system/filesystems/0/block_device: logical_volumes/nope is not defined');
    expect(bad({ block_device: 'disks/sdb', mountpoint: '/srv/x', type: 'ext4' })).toThrow('/system/filesystems/0/block_device: "disks/sdb" is not a block-device reference');
    expect(bad({ block_device: 'physical_devs/sdb', mountpoint: 'swap', type: 'ext4' })).toThrow('/system/filesystems/0/mountpoint: a ext4 filesystem cannot be mounted on swap');
    expect(bad({ block_device: 'physical_devs/sdb', mountpoint: '/srv/x', type: 'ext4' }, { partitions: { sdb1: { holding_dev: 'sda' } } })).toThrow('/system/blockdevices/partitions/sdb1: is not a partition of sda');
    const line = fstabLine(readFilesystemsSpec(profile({ physical_devs: { sdb: { label: 'none' } } }, [{ block_device: 'physical_devs/sdb', mountpoint: '/srv/x', type: 'xfs', mount: false }]), {}).filesystems[0]!);
    expect(line).toBe('/dev/sdb /srv/x xfs defaults,noauto 0 0');
  });
});

/**
 * Kickstart storage commands derived from /system/blockdevices and
 * /system/filesystems.
 *
 * Disks named in ks/clearpart are wiped by the install: everything on them
 * is created anew (that is what clearing them asks for). On every other disk
 * the partitions and volume groups already exist: filesystems with
 * `preserve: true` or `format: false` are mounted as they are (--noformat,
 * data kept), the others are reformatted in place. Only disks the profile
 * names are touched (ignoredisk). Loopback files and filesystems not mounted
 * at install are left to the agent's filesystems component.
 */
import { AiiError } from '../errors.js';
import * as esc from '../escape.js';
import type { Where } from '../escape.js';
import type { BlockDevicesConfig, FilesystemsConfig, InstallNode } from '../node.js';

type Filesystem = FilesystemsConfig[number];

interface Ref {
  readonly kind: 'partitions' | 'logical_volumes' | 'physical_devs' | 'files';
  readonly name: string;
}

interface PartitionInfo {
  readonly name: string;
  readonly disk: string;
  readonly size?: number;
  readonly primary: boolean;
}

const DEVICE_RE = /^[A-Za-z][A-Za-z0-9_.+-]*$/;
const LVM_RE = /^[A-Za-z_][A-Za-z0-9_.+-]*$/;
const MOUNTPOINT_RE = /^(?!.*\/\.\.?(?:\/|$))(?:swap|\/|(?:\/[A-Za-z0-9._+@%~-]+)+)$/;
const FSTYPES = new Set(['ext4', 'xfs', 'ext3', 'ext2', 'swap', 'vfat']);

function sizeArgs(size: number | undefined): string {
  return size === undefined ? '--size=1 --grow' : `--size=${size}`;
}

export interface StorageSection {
  /** Kickstart commands. */
  readonly commands: string[];
  /** %pre shell lines (disk labels kickstart cannot set per disk); empty when none is needed. */
  readonly pre: string[];
}

/** Storage part of one node's kickstart. */
export function storageCommands(node: InstallNode): StorageSection {
  return new StoragePlanner(node).section();
}

class StoragePlanner {
  private readonly bd: BlockDevicesConfig;
  private readonly filesystems: FilesystemsConfig;
  private readonly bdWhere: Where;
  private readonly fsWhere: Where;
  private readonly clear: Set<string>;
  private readonly used = new Set<string>();
  private readonly comments: string[] = [];
  private readonly parts: string[] = [];
  private readonly vgs: string[] = [];
  private readonly lvs: string[] = [];
  /** Volume groups already declared (name -> created anew). */
  private readonly vgDone = new Map<string, boolean>();
  private bootDisk: string | undefined;

  constructor(node: InstallNode) {
    this.bd = node.blockdevices ?? {};
    this.filesystems = node.filesystems ?? [];
    const root: Where = { source: node.source, path: '/system' };
    this.bdWhere = esc.at(root, 'blockdevices');
    this.fsWhere = esc.at(root, 'filesystems');
    this.clear = new Set((node.ks.clearpart ?? []).map((d, i) => esc.pattern(d, esc.at(root, 'aii', 'ks', 'clearpart', i), DEVICE_RE, 'a disk name')));
  }

  section(): StorageSection {
    const pre: string[] = [];
    if (this.filesystems.length === 0) return { commands: [...this.diskCommands(pre), 'autopart', 'bootloader --location=mbr'], pre };
    this.filesystems.forEach((fs, i) => this.filesystem(fs, esc.at(this.fsWhere, i)));
    this.biosBootPartitions();
    return { commands: [...this.diskCommands(pre), ...this.comments, ...this.parts, ...this.vgs, ...this.lvs, this.bootloader()], pre };
  }

  private fail(where: Where, message: string): never {
    throw new AiiError(`${where.source}: ${where.path}: ${message}`);
  }

  private ref(value: string, where: Where): Ref {
    const s = esc.pattern(value, where, /^(partitions|logical_volumes|physical_devs|files)\/[A-Za-z0-9_.+-]+$/, 'a block-device reference');
    const slash = s.indexOf('/');
    return { kind: s.slice(0, slash) as Ref['kind'], name: s.slice(slash + 1) };
  }

  private partition(name: string, where: Where): PartitionInfo {
    const p = this.bd.partitions?.[name];
    if (p === undefined) this.fail(where, `partitions/${name} is not defined in /system/blockdevices/partitions`);
    const pWhere = esc.at(this.bdWhere, 'partitions', name);
    const disk = esc.pattern(p.holding_dev, esc.at(pWhere, 'holding_dev'), DEVICE_RE, 'a disk name');
    this.used.add(disk);
    return { name: esc.pattern(name, pWhere, DEVICE_RE, 'a partition name'), disk, ...(p.size !== undefined ? { size: p.size } : {}), primary: p.type === 'primary' };
  }

  private filesystem(fs: Filesystem, where: Where): void {
    if (!fs.mount || fs.type === 'none' || fs.mountpoint === 'none') {
      this.comments.push(`# ${fs.block_device}: not mounted at install, left to the filesystems component`);
      return;
    }
    const ref = this.ref(fs.block_device, esc.at(where, 'block_device'));
    const mountpoint = esc.pattern(fs.mountpoint, esc.at(where, 'mountpoint'), MOUNTPOINT_RE, 'a mount point');
    if (!FSTYPES.has(fs.type)) this.fail(esc.at(where, 'type'), `${JSON.stringify(fs.type)} is not a filesystem type kickstart can make`);
    const target = fs.type === 'swap' ? 'swap' : mountpoint;
    const keep = fs.preserve || !fs.format;
    switch (ref.kind) {
      case 'partitions': {
        const p = this.partition(ref.name, esc.at(where, 'block_device'));
        this.noteBootDisk(target, p.disk);
        if (this.clear.has(p.disk)) {
          if (keep) this.comments.push(`# ${target}: on ${p.disk}, which ks/clearpart clears: made anew despite preserve/format`);
          this.parts.push(`part ${target} --fstype=${fs.type} --ondisk=${p.disk} ${sizeArgs(p.size)}${p.primary ? ' --asprimary' : ''}${this.fsOptions(fs, where, false)}`);
        } else if (keep) {
          this.parts.push(`part ${target} --onpart=${p.name} --noformat${this.fsOptions(fs, where, true)}`);
        } else {
          this.parts.push(`part ${target} --onpart=${p.name} --fstype=${fs.type}${this.fsOptions(fs, where, false)}`);
        }
        return;
      }
      case 'logical_volumes':
        return this.logicalVolume(ref.name, fs, target, keep, where);
      case 'physical_devs': {
        const disk = esc.pattern(ref.name, esc.at(where, 'block_device'), DEVICE_RE, 'a disk name');
        this.used.add(disk);
        this.noteBootDisk(target, disk);
        const format = this.clear.has(disk) || !keep;
        this.parts.push(`part ${target} --onpart=${disk}${format ? ` --fstype=${fs.type}` : ' --noformat'}${this.fsOptions(fs, where, !format)}`);
        return;
      }
      case 'files':
        this.comments.push(`# ${fs.block_device}: a loopback file, left to the filesystems component`);
        return;
    }
  }

  private logicalVolume(name: string, fs: Filesystem, target: string, keep: boolean, where: Where): void {
    const lvName = esc.pattern(name, esc.at(where, 'block_device'), LVM_RE, 'a logical volume name');
    const lv = this.bd.logical_volumes?.[lvName];
    if (lv === undefined) this.fail(esc.at(where, 'block_device'), `logical_volumes/${lvName} is not defined in /system/blockdevices/logical_volumes`);
    const vg = esc.pattern(lv.volume_group, esc.at(this.bdWhere, 'logical_volumes', lvName, 'volume_group'), LVM_RE, 'a volume group name');
    const created = this.volumeGroup(vg, where);
    const opts = `--vgname=${vg} --name=${lvName}`;
    if (created) this.lvs.push(`logvol ${target} ${opts} --fstype=${fs.type} ${sizeArgs(lv.size)}${this.fsOptions(fs, where, false)}`);
    else if (keep) this.lvs.push(`logvol ${target} ${opts} --useexisting --noformat${this.fsOptions(fs, where, true)}`);
    else this.lvs.push(`logvol ${target} ${opts} --useexisting --fstype=${fs.type}${this.fsOptions(fs, where, false)}`);
  }

  /** Declare a volume group once; true when it is made anew (all its PVs on cleared disks). */
  private volumeGroup(vg: string, usedAt: Where): boolean {
    const done = this.vgDone.get(vg);
    if (done !== undefined) return done;
    const where = esc.at(this.bdWhere, 'volume_groups', vg);
    const def = this.bd.volume_groups?.[vg];
    if (def === undefined) this.fail(usedAt, `volume group ${vg} is not defined in /system/blockdevices/volume_groups`);
    const pvs = def.device_list.map((r, i) => {
      const pvWhere = esc.at(where, 'device_list', i);
      const ref = this.ref(r, pvWhere);
      if (ref.kind === 'partitions') return { ...this.partition(ref.name, pvWhere), whole: false };
      if (ref.kind === 'physical_devs') {
        const disk = esc.pattern(ref.name, pvWhere, DEVICE_RE, 'a disk name');
        this.used.add(disk);
        return { name: disk, disk, primary: false, whole: true } as PartitionInfo & { whole: boolean };
      }
      return this.fail(pvWhere, 'a kickstart can only make physical volumes on partitions or disks');
    });
    const cleared = pvs.filter((pv) => this.clear.has(pv.disk));
    if (cleared.length > 0 && cleared.length < pvs.length) {
      this.fail(where, `some physical volumes are on disks ks/clearpart clears and some are not; a volume group is either made anew or kept`);
    }
    const created = cleared.length === pvs.length;
    if (created) {
      for (const pv of pvs) {
        this.parts.push(pv.whole ? `part pv.${pv.name} --ondisk=${pv.disk} --size=1 --grow` : `part pv.${pv.name} --ondisk=${pv.disk} ${sizeArgs(pv.size)}${pv.primary ? ' --asprimary' : ''}`);
      }
      this.vgs.push(`volgroup ${vg} ${pvs.map((pv) => `pv.${pv.name}`).join(' ')}`);
    } else {
      this.vgs.push(`volgroup ${vg} --useexisting --noformat`);
    }
    this.vgDone.set(vg, created);
    return created;
  }

  private fsOptions(fs: Filesystem, where: Where, kept: boolean): string {
    let out = '';
    if (fs.label !== undefined && !kept) out += ` --label=${esc.pattern(fs.label, esc.at(where, 'label'), /^[A-Za-z0-9_.-]{1,16}$/, 'a filesystem label')}`;
    if (fs.mountopts !== undefined) out += ` --fsoptions=${esc.pattern(fs.mountopts, esc.at(where, 'mountopts'), /^[A-Za-z0-9_=,.:/+@-]+$/, 'mount options')}`;
    if (fs.mkfsopts !== undefined && !kept) {
      // The installer splits lines like a shell: double quotes keep the spaces; the value holds no quote or backslash.
      out += ` --mkfsoptions="${esc.pattern(fs.mkfsopts, esc.at(where, 'mkfsopts'), /^[A-Za-z0-9 _=,.:/+^-]+$/, 'mkfs options')}"`;
    }
    return out;
  }

  private noteBootDisk(mountpoint: string, disk: string): void {
    if (mountpoint === '/boot' || (mountpoint === '/' && this.bootDisk === undefined)) this.bootDisk = disk;
  }

  /** BIOS boot partitions (flag bios_grub) on cleared disks that hold no filesystem. */
  private biosBootPartitions(): void {
    const referenced = new Set(this.filesystems.map((f) => f.block_device));
    for (const vg of Object.values(this.bd.volume_groups ?? {})) for (const r of vg.device_list) referenced.add(r);
    for (const [name, p] of Object.entries(this.bd.partitions ?? {})) {
      if (referenced.has(`partitions/${name}`) || p.flags?.bios_grub !== true) continue;
      const part = this.partition(name, esc.at(this.bdWhere, 'partitions', name));
      if (this.clear.has(part.disk)) this.parts.push(`part biosboot --fstype=biosboot --ondisk=${part.disk} --size=${part.size ?? 1}`);
    }
  }

  /**
   * ignoredisk, zerombr, clearpart. kickstart sets one disk label for all
   * cleared disks; when the profile wants different ones, %pre writes each
   * disk's label and clearpart keeps them.
   */
  private diskCommands(pre: string[]): string[] {
    const lines: string[] = [];
    const disks = [...new Set([...this.used, ...this.clear])].sort();
    if (disks.length > 0) lines.push(`ignoredisk --only-use=${disks.join(',')}`);
    if (this.clear.size === 0) return lines;
    const cleared = [...this.clear].sort();
    const labelOf = (d: string) => this.bd.physical_devs?.[d]?.label;
    const labels = new Set(cleared.map(labelOf).filter((l) => l === 'gpt' || l === 'msdos'));
    const drives = `--drives=${cleared.join(',')} --all`;
    if (labels.size <= 1) {
      lines.push('zerombr', `clearpart ${drives} --initlabel${labels.size === 1 ? ` --disklabel=${[...labels][0]}` : ''}`);
      return lines;
    }
    for (const d of cleared) {
      const label = labelOf(d);
      if (label === 'gpt' || label === 'msdos') pre.push(`parted -s /dev/${d} mklabel ${label}`);
    }
    lines.push('# disk labels differ between cleared disks: %pre writes them, clearpart keeps them', 'zerombr', `clearpart ${drives}`);
    return lines;
  }

  private bootloader(): string {
    const disk = this.bootDisk ?? [...this.used].sort()[0];
    return `bootloader --location=mbr${disk !== undefined ? ` --boot-drive=${disk}` : ''}`;
  }
}

/**
 * /system/blockdevices, /system/filesystems and the component's own
 * settings, read into checked, typed specs (errors name profile paths).
 */
import {
  ABSOLUTE_PATH_RE,
  DEVICE_NAME_RE,
  MAX_MIB,
  ProfileError,
  at,
  booleanAt,
  enumAt,
  getPath,
  integerAt,
  listAt,
  objectAt,
  optionalIntegerAt,
  optionalStringAt,
  stringAt,
  type JsonObject,
  type JsonValue,
} from '../sdk/index.js';
import { BLOCKDEVICES_PATH, parseRef, refPath, unescapePath, type DeviceRef } from '../storage/devices.js';
import { LVM_NAME_RE } from '../storage/lvm.js';

export const FILESYSTEMS_PATH = '/system/filesystems';
export const COMPONENT_PATH = '/software/components/filesystems';

export interface DiskSpec {
  name: string;
  path: string;
  label: 'msdos' | 'gpt' | 'none';
  where: string;
}

export interface PartitionSpec {
  name: string;
  path: string;
  disk: string;
  number: number;
  sizeMiB?: number;
  type?: 'primary' | 'extended' | 'logical';
  flags: Record<string, boolean>;
  where: string;
}

export interface VgSpec {
  name: string;
  devices: { ref: DeviceRef; path: string; where: string }[];
  where: string;
}

export interface LvSpec {
  name: string;
  vg: string;
  sizeMiB?: number;
  path: string;
  where: string;
}

export interface FileSpec {
  path: string;
  sizeMiB: number;
  owner?: string;
  group?: string;
  /** Octal text, e.g. 0600. */
  perm?: string;
  where: string;
}

export type FsType = 'ext4' | 'xfs' | 'ext3' | 'ext2' | 'swap' | 'vfat' | 'none';

export interface FsSpec {
  index: number;
  where: string;
  ref: DeviceRef;
  /** The device (/dev/...) or, for files/, the file's path in the managed tree. */
  device: string;
  /** Absolute path, `swap` or `none`. */
  mountpoint: string;
  type: FsType;
  format: boolean;
  preserve: boolean;
  mount: boolean;
  mountopts: string;
  mkfsopts: string[];
  label?: string;
  freq: number;
  pass: number;
}

export interface FilesystemsSpec {
  manageBlockdevs: boolean;
  disks: Map<string, DiskSpec>;
  partitions: PartitionSpec[];
  vgs: VgSpec[];
  lvs: LvSpec[];
  files: FileSpec[];
  filesystems: FsSpec[];
}

const MOUNTPOINT_RE = /^(?!.*\/\.\.?(\/|$))(swap|none|\/|(\/[A-Za-z0-9._+@%~-]+)+)$/;
const MOUNTOPTS_RE = /^[A-Za-z0-9_=,.:/+@-]+$/;
const MKFSOPT_RE = /^[A-Za-z0-9_=,.:/+^-]+$/;
const LABEL_RE = /^[A-Za-z0-9_.-]{1,16}$/;
const PERM_RE = /^0?[0-7]{3,4}$/;
const USER_RE = /^[a-z_][a-z0-9_-]{0,31}\$?$|^\d+$/;

/** A part of /system/blockdevices (`bd`, already checked to be a dict; {} when absent). */
function section(bd: JsonObject, key: string): JsonObject {
  const v = bd[key];
  return v === undefined ? {} : objectAt(v, at(BLOCKDEVICES_PATH, key));
}

/** The partition prefix of a disk: /hardware/harddisks/<disk>/part_prefix, else `p` after a digit (nvme0n1p1, loop3p1). */
function partPrefix(profile: JsonObject, disk: string): string {
  const prefix = getPath(profile, `/hardware/harddisks/${disk}/part_prefix`);
  if (typeof prefix === 'string') return prefix;
  return /\d$/.test(disk) ? 'p' : '';
}

function readDisks(bd: JsonObject): Map<string, DiskSpec> {
  const devs = section(bd, 'physical_devs');
  const out = new Map<string, DiskSpec>();
  for (const name of Object.keys(devs).sort()) {
    const where = at(BLOCKDEVICES_PATH, 'physical_devs', name);
    if (!DEVICE_NAME_RE.test(name)) throw new ProfileError(where, 'is not a device name');
    const label = enumAt(objectAt(devs[name], where).label, at(where, 'label'), ['msdos', 'gpt', 'none'] as const);
    out.set(name, { name, path: `/dev/${name}`, label, where });
  }
  return out;
}

function readPartitions(profile: JsonObject, bd: JsonObject): PartitionSpec[] {
  const parts = section(bd, 'partitions');
  return Object.keys(parts).map((name) => {
    const where = at(BLOCKDEVICES_PATH, 'partitions', name);
    if (!DEVICE_NAME_RE.test(name)) throw new ProfileError(where, 'is not a device name');
    const p = objectAt(parts[name], where);
    const disk = stringAt(p.holding_dev, at(where, 'holding_dev'), DEVICE_NAME_RE, 'a disk name');
    const prefix = partPrefix(profile, disk);
    const m = name.startsWith(disk + prefix) ? /^(\d+)$/.exec(name.slice(disk.length + prefix.length)) : null;
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 128) throw new ProfileError(where, `is not a partition of ${disk} (${disk}${prefix}<number>)`);
    const flagsObj = p.flags === undefined ? {} : objectAt(p.flags, at(where, 'flags'));
    const flags: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(flagsObj)) flags[k] = booleanAt(v, at(where, 'flags', k));
    const sizeMiB = optionalIntegerAt(p.size, at(where, 'size'), 1, MAX_MIB);
    const type = p.type === undefined ? undefined : enumAt(p.type, at(where, 'type'), ['primary', 'extended', 'logical'] as const);
    return { name, path: `/dev/${name}`, disk, number: Number(m[1]), ...(sizeMiB !== undefined ? { sizeMiB } : {}), ...(type ? { type } : {}), flags, where };
  }).sort((a, b) => a.disk.localeCompare(b.disk) || a.number - b.number);
}

function readVgs(bd: JsonObject): VgSpec[] {
  const groups = section(bd, 'volume_groups');
  return Object.keys(groups).sort().map((name) => {
    const where = at(BLOCKDEVICES_PATH, 'volume_groups', name);
    if (!LVM_NAME_RE.test(name)) throw new ProfileError(where, 'is not a volume group name');
    const list = listAt(objectAt(groups[name], where).device_list, at(where, 'device_list'));
    const devices = list.map((r, i) => {
      const w = at(where, 'device_list', i);
      const ref = parseRef(r, w);
      if (ref.kind !== 'partitions' && ref.kind !== 'physical_devs') throw new ProfileError(w, `${ref.text}: physical volumes are made on disks and partitions only`);
      return { ref, path: refPath(ref, bd, w), where: w };
    });
    return { name, devices, where };
  });
}

function readLvs(bd: JsonObject): LvSpec[] {
  const lvs = section(bd, 'logical_volumes');
  const specs = Object.keys(lvs).sort().map((name) => {
    const where = at(BLOCKDEVICES_PATH, 'logical_volumes', name);
    if (!LVM_NAME_RE.test(name)) throw new ProfileError(where, 'is not a logical volume name');
    const lv = objectAt(lvs[name], where);
    const vg = stringAt(lv.volume_group, at(where, 'volume_group'), LVM_NAME_RE, 'a volume group name');
    const sizeMiB = optionalIntegerAt(lv.size, at(where, 'size'), 1, MAX_MIB);
    return { name, vg, ...(sizeMiB !== undefined ? { sizeMiB } : {}), path: `/dev/${vg}/${name}`, where };
  });
  // Volumes with a size first: one without takes what the others leave.
  return [...specs.filter((l) => l.sizeMiB !== undefined), ...specs.filter((l) => l.sizeMiB === undefined)];
}

function readFiles(bd: JsonObject): FileSpec[] {
  const files = section(bd, 'files');
  return Object.keys(files).sort().map((escaped) => {
    const where = at(BLOCKDEVICES_PATH, 'files', escaped);
    const path = unescapePath(escaped);
    if (!ABSOLUTE_PATH_RE.test(path)) throw new ProfileError(where, `${JSON.stringify(path)} is not an absolute path`);
    const f = objectAt(files[escaped], where);
    const owner = optionalStringAt(f.owner, at(where, 'owner'), USER_RE, 'a user name');
    const group = optionalStringAt(f.group, at(where, 'group'), USER_RE, 'a group name');
    const perm = optionalStringAt(f.perm, at(where, 'perm'), PERM_RE, 'an octal mode (0600)');
    return { path, sizeMiB: integerAt(f.size, at(where, 'size'), 1, MAX_MIB), ...(owner ? { owner } : {}), ...(group ? { group } : {}), ...(perm ? { perm } : {}), where };
  });
}

function readFilesystem(v: JsonValue, index: number, bd: JsonObject): FsSpec {
  const where = at(FILESYSTEMS_PATH, index);
  const f = objectAt(v, where);
  const ref = parseRef(f.block_device, at(where, 'block_device'));
  const type = enumAt(f.type, at(where, 'type'), ['ext4', 'xfs', 'ext3', 'ext2', 'swap', 'vfat', 'none'] as const);
  const mountpoint = stringAt(f.mountpoint, at(where, 'mountpoint'), MOUNTPOINT_RE, 'an absolute path, swap or none');
  const mountopts = optionalStringAt(f.mountopts, at(where, 'mountopts'), MOUNTOPTS_RE, 'mount options (defaults,noatime)') ?? 'defaults';
  const mkfs = optionalStringAt(f.mkfsopts, at(where, 'mkfsopts')) ?? '';
  const mkfsopts = mkfs.split(/\s+/).filter((w) => w !== '');
  for (const w of mkfsopts) if (!MKFSOPT_RE.test(w)) throw new ProfileError(at(where, 'mkfsopts'), `${JSON.stringify(w)} is not an mkfs argument panfab passes on`);
  const label = optionalStringAt(f.label, at(where, 'label'), LABEL_RE, 'a filesystem label');
  if ((type === 'swap') !== (mountpoint === 'swap') && mountpoint !== 'none') throw new ProfileError(at(where, 'mountpoint'), `a ${type} filesystem cannot be mounted on ${mountpoint}`);
  return {
    index,
    where,
    ref,
    device: refPath(ref, bd, at(where, 'block_device')),
    mountpoint,
    type,
    format: booleanAt(f.format, at(where, 'format')),
    preserve: booleanAt(f.preserve, at(where, 'preserve')),
    mount: booleanAt(f.mount, at(where, 'mount')),
    mountopts,
    mkfsopts,
    ...(label ? { label } : {}),
    freq: optionalIntegerAt(f.freq, at(where, 'freq'), 0, 9) ?? 0,
    pass: optionalIntegerAt(f.pass, at(where, 'pass'), 0, 9) ?? 0,
  };
}

export function readFilesystemsSpec(profile: JsonObject, config: JsonObject): FilesystemsSpec {
  const bdValue = getPath(profile, BLOCKDEVICES_PATH);
  const bd = bdValue === undefined ? {} : objectAt(bdValue, BLOCKDEVICES_PATH);
  const fsValue = getPath(profile, FILESYSTEMS_PATH);
  const filesystems = fsValue === undefined ? [] : listAt(fsValue, FILESYSTEMS_PATH).map((v, i) => readFilesystem(v, i, bd));
  const seen = new Map<string, number>();
  for (const fs of filesystems) {
    const key = fs.mountpoint === 'swap' || fs.mountpoint === 'none' ? `device ${fs.device}` : fs.mountpoint;
    if (seen.has(key)) throw new ProfileError(fs.where, `${key} is also used by ${at(FILESYSTEMS_PATH, seen.get(key)!)}`);
    seen.set(key, fs.index);
  }
  return {
    manageBlockdevs: booleanAt(config.manage_blockdevs, at(COMPONENT_PATH, 'manage_blockdevs'), true),
    disks: readDisks(bd),
    partitions: readPartitions(profile, bd),
    vgs: readVgs(bd),
    lvs: readLvs(bd),
    files: readFiles(bd),
    filesystems,
  };
}

/**
 * Block-device references of /system/blockdevices (`partitions/sda1`,
 * `logical_volumes/lv_root`, `physical_devs/sdb`, `files/_2fsrv_2fswap`)
 * and the paths they stand for. Devices are host paths (/dev/...), also
 * under --root; files are paths of the managed tree.
 */
import { at, DEVICE_NAME_RE, objectAt, ProfileError, stringAt, type JsonObject } from '../sdk/index.js';
import { LVM_NAME_RE } from './lvm.js';

export const BLOCKDEVICES_PATH = '/system/blockdevices';

export type RefKind = 'partitions' | 'logical_volumes' | 'physical_devs' | 'files';

export interface DeviceRef {
  kind: RefKind;
  name: string;
  /** The reference as written. */
  text: string;
}

const REF_RE = /^(partitions|logical_volumes|physical_devs|files)\/(.+)$/;
const ESCAPED_PATH_RE = /^_2[fF](_(2[bdefBDEF]|25|40|5[fF]|7[eE])|[A-Za-z0-9])*$/;

export function parseRef(v: unknown, where: string): DeviceRef {
  const text = stringAt(v as string, where);
  const m = REF_RE.exec(text);
  if (!m) throw new ProfileError(where, `${JSON.stringify(text)} is not a block-device reference (partitions/<name>, logical_volumes/<name>, physical_devs/<dev>, files/<escaped path>)`);
  const kind = m[1] as RefKind;
  const name = m[2]!;
  const ok = kind === 'files' ? ESCAPED_PATH_RE.test(name) : kind === 'logical_volumes' ? LVM_NAME_RE.test(name) : DEVICE_NAME_RE.test(name);
  if (!ok) throw new ProfileError(where, `${JSON.stringify(text)}: ${JSON.stringify(name)} is not a valid name here`);
  return { kind, name, text };
}

/** Pan's unescape(): `_2f` -> `/`. */
export function unescapePath(escaped: string): string {
  return escaped.replace(/_([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Pan's escape(): every character but [A-Za-z0-9] becomes `_xx`. */
export function escapePath(path: string): string {
  return path.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The volume group of a logical volume of /system/blockdevices/logical_volumes. */
export function lvVolumeGroup(bd: JsonObject, lv: string, where: string): string {
  const lvs = objectAt(bd.logical_volumes ?? {}, at(BLOCKDEVICES_PATH, 'logical_volumes'));
  if (lvs[lv] === undefined) throw new ProfileError(where, `logical_volumes/${lv} is not defined in ${BLOCKDEVICES_PATH}/logical_volumes`);
  const def = objectAt(lvs[lv], at(BLOCKDEVICES_PATH, 'logical_volumes', lv));
  return stringAt(def.volume_group, at(BLOCKDEVICES_PATH, 'logical_volumes', lv, 'volume_group'), LVM_NAME_RE, 'a volume group name');
}

/** The path a reference stands for: /dev/<name>, /dev/<vg>/<lv>, or the file's path. */
export function refPath(ref: DeviceRef, bd: JsonObject, where: string): string {
  switch (ref.kind) {
    case 'partitions':
    case 'physical_devs':
      return `/dev/${ref.name}`;
    case 'logical_volumes':
      return `/dev/${lvVolumeGroup(bd, ref.name, where)}/${ref.name}`;
    case 'files':
      return unescapePath(ref.name);
  }
}

/**
 * /software/components/xen read into checked, typed settings: every value
 * that reaches a domain config or a command is checked here, and a bad one
 * is an error naming its profile path.
 */
import {
  ABSOLUTE_PATH_RE,
  MAX_MIB,
  ProfileError,
  at,
  booleanAt,
  checkHostPath,
  describe,
  enumAt,
  integerAt,
  listAt,
  objectAt,
  optionalObjectAt,
  optionalStringAt,
  stringAt,
  type JsonObject,
  type JsonValue,
} from '../sdk/index.js';
import { LVM_NAME_RE } from '../storage/lvm.js';

export const XEN_PATH = '/software/components/xen';

/** A typed value as written into a domain config. */
export type XenValue =
  | { type: 'long'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'list'; value: string[] };

export interface Setting {
  key: string;
  value: XenValue;
}

export type Backing =
  | { kind: 'lv'; vg: string; lv: string; sizeMiB?: number }
  | { kind: 'file'; path: string; sizeMiB?: number }
  | { kind: 'phy'; path: string };

export interface DiskSpec {
  /** Profile path of the disk. */
  where: string;
  vdev: string;
  access: 'rw' | 'ro';
  format: 'raw' | 'qcow2';
  backing: Backing;
  /** The path Xen opens: /dev/<vg>/<lv>, the image file or the device. */
  target: string;
}

export interface VifSpec {
  mac: string;
  bridge?: string;
  ip?: string;
}

export interface DomainSpec {
  /** Key under domains/: the config file name and the default LV name prefix. */
  key: string;
  where: string;
  /** options/name: the name Xen knows the domain by. */
  name: string;
  /** options, `name` first, in profile order otherwise. */
  options: Setting[];
  /** install_options (install variant), with on_reboot defaulting to destroy. */
  install?: Setting[];
  disks: DiskSpec[];
  vifs: VifSpec[];
  bootloader?: string;
  bootargs?: string;
  auto: boolean;
  state: 'running' | 'stopped';
}

export interface XenSettings {
  createFilesystems: boolean;
  createDomains: boolean;
  format: 'xl' | 'xm';
  configDir: string;
  /** Remove the configs and the storage this component made for guests that left the profile. */
  removeAbsent: boolean;
  domains: DomainSpec[];
}

export const DOMAIN_NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/;
const OPTION_NAME_RE = /^[a-z][a-z0-9_]{0,63}$/;
const GUEST_DEVICE_RE = /^(xvd|hd|sd|vd)[a-z]{1,3}[0-9]{0,3}$/;
const MAC_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const INTERFACE_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,14}$/;
const IPV4_RE = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
const KERNEL_ARGS_RE = /^[A-Za-z0-9 ._,:/=+@%~?&-]*$/;
/** Characters a value may not hold in either format: control characters (quotes and backslashes are escaped). */
const CONTROL_RE = /[\x00-\x1f\x7f]/;
/** Set from disks, vif and bootloader: not accepted among options. */
const RESERVED_OPTIONS = new Set(['disk', 'vif', 'bootloader', 'bootloader_args', 'bootargs']);
const EVENT_ACTIONS = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart', 'soft-reset'] as const;
const EVENT_KEYS = new Set(['on_poweroff', 'on_reboot', 'on_crash', 'on_watchdog', 'on_soft_reset']);

function checkText(v: string, where: string): string {
  if (CONTROL_RE.test(v)) throw new ProfileError(where, `${JSON.stringify(v)} holds control characters`);
  if (v.length > 4096) throw new ProfileError(where, 'is longer than 4096 characters');
  return v;
}

/** A profile option value as a typed value (numbers: whole and not negative, as xl reads them). */
export function optionValue(v: JsonValue | undefined, where: string): XenValue {
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) throw new ProfileError(where, `${v}: xl takes whole numbers from 0 up`);
    return { type: 'long', value: v };
  }
  if (typeof v === 'string') return { type: 'string', value: checkText(v, where) };
  if (Array.isArray(v)) return { type: 'list', value: v.map((item, i) => checkText(stringAt(item, at(where, i)), at(where, i))) };
  throw new ProfileError(where, `must be a number, boolean, string or list of strings, is ${describe(v)}`);
}

function settings(o: JsonObject, where: string, first: string[]): Setting[] {
  const keys = [...first.filter((k) => k in o), ...Object.keys(o).filter((k) => !first.includes(k))];
  return keys.map((key) => {
    const w = at(where, key);
    if (!OPTION_NAME_RE.test(key)) throw new ProfileError(w, 'is not an option name ([a-z][a-z0-9_]*)');
    if (RESERVED_OPTIONS.has(key)) throw new ProfileError(w, `is written from the domain's disks, vif and bootloader; not accepted as an option`);
    const value = optionValue(o[key], w);
    if (EVENT_KEYS.has(key)) enumAt(o[key], w, EVENT_ACTIONS);
    return { key, value };
  });
}

function lvDisk(d: JsonObject, where: string, domain: string, vdev: string, sizeMiB: number | undefined): Backing {
  const vg = stringAt(d.volume_group, at(where, 'volume_group'), LVM_NAME_RE, 'a volume group name');
  const lv = d.path === undefined ? `${domain}_${vdev}` : stringAt(d.path, at(where, 'path'), LVM_NAME_RE, 'a logical volume name');
  if (!LVM_NAME_RE.test(lv)) throw new ProfileError(where, `volume name ${JSON.stringify(lv)} is not a valid LVM name`);
  return { kind: 'lv', vg, lv, ...(sizeMiB !== undefined ? { sizeMiB } : {}) };
}

function disk(v: JsonValue, where: string, domain: string): DiskSpec {
  const d = objectAt(v, where);
  for (const k of Object.keys(d)) {
    if (!['type', 'size', 'volume_group', 'path', 'guest_device', 'access', 'format'].includes(k)) throw new ProfileError(at(where, k), 'unknown disk field');
  }
  const kind = enumAt(d.type, at(where, 'type'), ['file', 'lvm', 'phy'] as const);
  const vdev = stringAt(d.guest_device, at(where, 'guest_device'), GUEST_DEVICE_RE, 'a guest device name (xvda)');
  const access = enumAt(d.access, at(where, 'access'), ['rw', 'ro'] as const);
  const format = enumAt(d.format, at(where, 'format'), ['raw', 'qcow2'] as const, 'raw');
  const sizeMiB = d.size === undefined ? undefined : integerAt(d.size, at(where, 'size'), 1, MAX_MIB);
  let backing: Backing;
  if (kind === 'lvm') {
    backing = lvDisk(d, where, domain, vdev, sizeMiB);
  } else {
    const path = stringAt(d.path, at(where, 'path'), ABSOLUTE_PATH_RE, 'an absolute path');
    backing = kind === 'file' ? { kind: 'file', path, ...(sizeMiB !== undefined ? { sizeMiB } : {}) } : { kind: 'phy', path };
  }
  if (backing.kind !== 'file' && format === 'qcow2') throw new ProfileError(at(where, 'format'), 'qcow2 needs a file disk');
  const target = backing.kind === 'lv' ? `/dev/${backing.vg}/${backing.lv}` : backing.path;
  return { where, vdev, access, format, backing, target };
}

function vif(v: JsonValue, where: string): VifSpec {
  const o = objectAt(v, where);
  for (const k of Object.keys(o)) if (!['mac', 'bridge', 'ip'].includes(k)) throw new ProfileError(at(where, k), 'unknown vif field');
  const bridge = optionalStringAt(o.bridge, at(where, 'bridge'), INTERFACE_RE, 'an interface name');
  const ip = optionalStringAt(o.ip, at(where, 'ip'), IPV4_RE, 'an IPv4 address');
  return { mac: stringAt(o.mac, at(where, 'mac'), MAC_RE, 'a MAC address').toLowerCase(), ...(bridge ? { bridge } : {}), ...(ip ? { ip } : {}) };
}

function domain(key: string, v: JsonValue, where: string): DomainSpec {
  if (!DOMAIN_NAME_RE.test(key)) throw new ProfileError(where, 'is not a domain name');
  const d = objectAt(v, where);
  for (const k of Object.keys(d)) {
    if (!['options', 'install_options', 'disks', 'vif', 'bootloader', 'bootargs', 'auto', 'state'].includes(k)) throw new ProfileError(at(where, k), 'unknown domain field');
  }
  const optionsObj = objectAt(d.options, at(where, 'options'));
  const name = stringAt(optionsObj.name, at(where, 'options', 'name'), DOMAIN_NAME_RE, 'a domain name');
  const options = settings(optionsObj, at(where, 'options'), ['name']);
  if (!options.some((s) => s.key === 'memory')) throw new ProfileError(at(where, 'options', 'memory'), 'is missing');
  integerAt(optionsObj.memory, at(where, 'options', 'memory'), 16, 16777216);
  const installObj = optionalObjectAt(d.install_options, at(where, 'install_options'));
  let install: Setting[] | undefined;
  if (installObj) {
    for (const k of ['kernel', 'ramdisk'] as const) optionalStringAt(installObj[k], at(where, 'install_options', k), ABSOLUTE_PATH_RE, 'an absolute path');
    optionalStringAt(installObj.extra, at(where, 'install_options', 'extra'), KERNEL_ARGS_RE, 'kernel arguments');
    install = settings({ on_reboot: 'destroy', ...installObj }, at(where, 'install_options'), ['kernel', 'ramdisk', 'extra']);
  }
  const disks = listAt(d.disks, at(where, 'disks')).map((x, i) => disk(x, at(where, 'disks', i), key));
  const seen = new Set<string>();
  for (const dk of disks) {
    if (seen.has(dk.vdev)) throw new ProfileError(at(dk.where, 'guest_device'), `${dk.vdev} is used twice`);
    seen.add(dk.vdev);
  }
  const bootloader = optionalStringAt(d.bootloader, at(where, 'bootloader'), ABSOLUTE_PATH_RE, 'an absolute path');
  const bootargs = optionalStringAt(d.bootargs, at(where, 'bootargs'), KERNEL_ARGS_RE, 'kernel arguments');
  return {
    key,
    where,
    name,
    options,
    ...(install ? { install } : {}),
    disks,
    vifs: listAt(d.vif, at(where, 'vif')).map((x, i) => vif(x, at(where, 'vif', i))),
    ...(bootloader ? { bootloader } : {}),
    ...(bootargs ? { bootargs } : {}),
    auto: booleanAt(d.auto, at(where, 'auto')),
    state: enumAt(d.state, at(where, 'state'), ['running', 'stopped'] as const, 'running'),
  };
}

function configDir(v: JsonValue | undefined, where: string): string {
  const dir = v === undefined ? '/etc/xen' : stringAt(v, where, /^\/[A-Za-z0-9._+@%~/-]*$/, 'an absolute path');
  try {
    return checkHostPath(dir);
  } catch (e) {
    throw new ProfileError(where, (e as Error).message);
  }
}

/** The component's subtree, checked. */
export function readXenSettings(config: JsonObject): XenSettings {
  const w = XEN_PATH;
  const domainsObj = objectAt(config.domains ?? {}, at(w, 'domains'));
  const domains = Object.keys(domainsObj)
    .sort()
    .map((k) => domain(k, domainsObj[k]!, at(w, 'domains', k)));
  const names = new Map<string, string>();
  for (const d of domains) {
    const other = names.get(d.name);
    if (other !== undefined) throw new ProfileError(at(d.where, 'options', 'name'), `${d.name} is also the name of domain ${other}`);
    names.set(d.name, d.key);
  }
  return {
    createFilesystems: booleanAt(config.create_filesystems, at(w, 'create_filesystems'), false),
    createDomains: booleanAt(config.create_domains, at(w, 'create_domains'), false),
    format: enumAt(config.config_format, at(w, 'config_format'), ['xl', 'xm'] as const, 'xl'),
    configDir: configDir(config.config_dir, at(w, 'config_dir')),
    removeAbsent: booleanAt(config.remove_absent_domains, at(w, 'remove_absent_domains'), false),
    domains,
  };
}

/**
 * LVM as the components see it: what exists (vgs, lvs, pvs, read through
 * read-only probes) and the commands that create or grow volumes. Shared by
 * `filesystems` (/system/blockdevices) and `xen` (guest disks). Nothing here
 * removes or shrinks anything.
 *
 * The probes use exactly these forms (the LVM simulator used by the tests
 * implements the same ones):
 *   vgs --noheadings --units m --nosuffix --separator | -o vg_name,vg_size,vg_free,vg_extent_size
 *   lvs --noheadings --units m --nosuffix --separator | -o vg_name,lv_name,lv_size
 *   pvs --noheadings --separator | -o pv_name,vg_name
 */
import type { CommandResult, Probes } from '../sdk/index.js';
import { MiB_BYTES } from './block-probe.js';

export interface VolumeGroupInfo {
  name: string;
  sizeMiB: number;
  freeMiB: number;
  extentMiB: number;
}

export interface LogicalVolumeInfo {
  vg: string;
  name: string;
  sizeMiB: number;
}

export interface LvmView {
  /** False when the LVM tools are not installed: nothing exists, nothing can be made. */
  available: boolean;
  vgs: Map<string, VolumeGroupInfo>;
  /** By `vg/lv`. */
  lvs: Map<string, LogicalVolumeInfo>;
  /** Physical volume device -> its volume group ('' for none). */
  pvs: Map<string, string>;
}

export const LVM_NAME_RE = /^[A-Za-z_][A-Za-z0-9_.+-]{0,126}$/;
/** LVM's default physical extent, assumed for volume groups not made yet. */
export const DEFAULT_EXTENT_MIB = 4;
/** What a physical volume keeps for its metadata (pvcreate's default data alignment). */
const PV_METADATA_MIB = 1;
/** Environment of every LVM command, probes and changes alike. */
export const LVM_ENV = { LVM_SUPPRESS_FD_WARNINGS: '1' };

export class LvmError extends Error {
  override name = 'LvmError';
}

/** The command was not found (not installed), as opposed to failing. */
export function notInstalled(r: CommandResult): boolean {
  return r.exitCode === -1 && /ENOENT/.test(r.error ?? '');
}

function rows(r: CommandResult, what: string): string[][] {
  if (r.exitCode !== 0 || r.error !== undefined) {
    throw new LvmError(`${r.argv.join(' ')} failed (${r.error ?? `exit status ${r.exitCode}`}): ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const fields = l.split('|').map((f) => f.trim());
      if (fields.some((f) => f.includes(' '))) throw new LvmError(`unexpected ${what} output line: ${JSON.stringify(l)}`);
      return fields;
    });
}

function mib(text: string, what: string): number {
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0) throw new LvmError(`unexpected ${what} size ${JSON.stringify(text)}`);
  return n;
}

const REPORT = ['--noheadings', '--units', 'm', '--nosuffix', '--separator', '|', '-o'];

/** Observe volume groups, logical volumes and physical volumes. */
export async function observeLvm(probe: Probes): Promise<LvmView> {
  const view: LvmView = { available: true, vgs: new Map(), lvs: new Map(), pvs: new Map() };
  const vgs = await probe.run(['vgs', ...REPORT, 'vg_name,vg_size,vg_free,vg_extent_size'], { env: LVM_ENV });
  if (notInstalled(vgs)) return { ...view, available: false };
  for (const [name, size, free, extent] of rows(vgs, 'vgs')) {
    view.vgs.set(name!, { name: name!, sizeMiB: mib(size ?? '', 'vgs'), freeMiB: mib(free ?? '', 'vgs'), extentMiB: mib(extent ?? '', 'vgs') });
  }
  const lvs = await probe.run(['lvs', ...REPORT, 'vg_name,lv_name,lv_size'], { env: LVM_ENV });
  for (const [vg, name, size] of rows(lvs, 'lvs')) view.lvs.set(`${vg}/${name}`, { vg: vg!, name: name!, sizeMiB: mib(size ?? '', 'lvs') });
  const pvs = await probe.run(['pvs', '--noheadings', '--separator', '|', '-o', 'pv_name,vg_name'], { env: LVM_ENV });
  for (const [dev, vg] of rows(pvs, 'pvs')) view.pvs.set(dev!, vg ?? '');
  return view;
}

/** What a plan sees when it has no use for LVM (nothing observed). */
export const NO_LVM: LvmView = { available: false, vgs: new Map(), lvs: new Map(), pvs: new Map() };

export function roundUp(sizeMiB: number, extentMiB: number): number {
  return Math.ceil(sizeMiB / extentMiB) * extentMiB;
}

/** Usable size of a volume group made of devices of these byte sizes (pvcreate/vgcreate defaults). */
export function estimatedVgMiB(deviceBytes: number[], extentMiB = DEFAULT_EXTENT_MIB): number {
  return deviceBytes.reduce((sum, b) => sum + Math.max(0, Math.floor((b / MiB_BYTES - PV_METADATA_MIB) / extentMiB) * extentMiB), 0);
}

// ------------------------------------------------------------------ commands

export function lvcreateArgv(vg: string, lv: string, sizeMiB: number | 'free'): string[] {
  const size = sizeMiB === 'free' ? ['-l', '100%FREE'] : ['-L', `${sizeMiB}m`];
  // The new volume is ours: old signatures found on it (from a removed volume) are wiped, without a prompt.
  return ['lvcreate', '--yes', '--wipesignatures', 'y', '--zero', 'y', ...size, '-n', lv, vg];
}

export function lvextendArgv(vg: string, lv: string, sizeMiB: number): string[] {
  return ['lvextend', '-L', `${sizeMiB}m`, `${vg}/${lv}`];
}

/** pvcreate without --yes/--force: LVM itself refuses a device holding a signature. */
export function pvcreateArgv(device: string): string[] {
  return ['pvcreate', device];
}

export function vgcreateArgv(vg: string, devices: string[]): string[] {
  return ['vgcreate', vg, ...devices];
}

export function vgextendArgv(vg: string, devices: string[]): string[] {
  return ['vgextend', vg, ...devices];
}

// ------------------------------------------------------- space bookkeeping

/**
 * Free space of each volume group as the plan uses it up, so that several
 * new volumes in one group are checked together.
 */
export class VgSpace {
  private readonly free = new Map<string, { freeMiB: number | undefined; extentMiB: number }>();

  constructor(view: LvmView) {
    for (const vg of view.vgs.values()) this.free.set(vg.name, { freeMiB: vg.freeMiB, extentMiB: vg.extentMiB });
  }

  /** A volume group the plan creates; `freeMiB` undefined when its size cannot be known beforehand. */
  planned(vg: string, freeMiB: number | undefined): void {
    this.free.set(vg, { freeMiB, extentMiB: DEFAULT_EXTENT_MIB });
  }

  /** Room added to `vg` (devices joining it); undefined: unknown, so no volume is refused for want of room. */
  grow(vg: string, addedMiB: number | undefined): void {
    const entry = this.free.get(vg);
    if (!entry) return;
    entry.freeMiB = entry.freeMiB === undefined || addedMiB === undefined ? undefined : entry.freeMiB + addedMiB;
  }

  has(vg: string): boolean {
    return this.free.has(vg);
  }

  extent(vg: string): number {
    return this.free.get(vg)?.extentMiB ?? DEFAULT_EXTENT_MIB;
  }

  /** Take `sizeMiB` (rounded up to extents) from `vg`; returns why not when there is no room. */
  take(vg: string, sizeMiB: number): string | undefined {
    const entry = this.free.get(vg);
    if (!entry) return `volume group ${vg} does not exist`;
    const need = roundUp(sizeMiB, entry.extentMiB);
    if (entry.freeMiB === undefined) return undefined;
    if (need > entry.freeMiB) return `volume group ${vg} has ${entry.freeMiB} MiB free, ${need} MiB needed`;
    entry.freeMiB -= need;
    return undefined;
  }

  /** Take everything left (an LV without a size); returns why not when nothing is left. */
  takeAll(vg: string): string | undefined {
    const entry = this.free.get(vg);
    if (!entry) return `volume group ${vg} does not exist`;
    if (entry.freeMiB === 0) return `volume group ${vg} has no free space left`;
    entry.freeMiB = 0;
    return undefined;
  }
}

// ------------------------------------------------ existing logical volumes

/**
 * What an existing logical volume of `currentMiB` needs for the profile's
 * `sizeMiB` (rounded up to extents of `extentMiB`): larger is a shrink
 * (refused: volumes are never shrunk), at least the size is the same, less
 * grows it by `byMiB`.
 */
export type LvResize = { kind: 'shrink' } | { kind: 'same' } | { kind: 'grow'; byMiB: number };

export function lvResize(currentMiB: number, sizeMiB: number, extentMiB: number): LvResize {
  const wanted = roundUp(sizeMiB, extentMiB);
  if (currentMiB > wanted) return { kind: 'shrink' };
  if (currentMiB >= sizeMiB) return { kind: 'same' };
  return { kind: 'grow', byMiB: wanted - currentMiB };
}

/** Take the room to grow `vg/lv` by `byMiB` to `sizeMiB`: lvextend's argv, or why not (`space.take`'s reason). */
export function lvGrow(space: VgSpace, vg: string, lv: string, sizeMiB: number, byMiB: number): { argv: string[] } | { why: string } {
  const why = space.take(vg, byMiB);
  return why ? { why } : { argv: lvextendArgv(vg, lv, sizeMiB) };
}

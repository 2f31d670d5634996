/**
 * Volume groups and logical volumes of /system/blockdevices: missing ones
 * are made (volume-groups.ts says on which devices), a volume smaller than
 * the profile is grown, a larger one refused (volumes are never shrunk),
 * as is a volume that does not fit in its group.
 */
import { MiB_BYTES } from '../storage/block-probe.js';
import { LVM_ENV, lvcreateArgv, lvGrow, lvResize } from '../storage/lvm.js';
import { planVolumeGroup } from '../storage/volume-groups.js';
import type { LvSpec } from './model.js';
import type { FsPlanning } from './planning.js';

export async function planVolumeGroups(p: FsPlanning): Promise<void> {
  for (const vg of p.spec.vgs) {
    const exists = p.view.vgs.has(vg.name);
    if (!p.spec.manageBlockdevs) {
      if (!exists) p.b.note(`volume group ${vg.name} does not exist and manage_blockdevs is false: not made`);
      continue;
    }
    const devices = vg.devices.map((d) => ({ path: d.path, where: d.where, ...(p.fresh.has(d.path) ? { fresh: { bytes: p.fresh.get(d.path) } } : {}) }));
    await planVolumeGroup({ probe: p.ctx.probe, view: p.view, space: p.space, builder: p.b, refusals: p.refusals }, vg.name, devices, `${vg.where}`);
  }
}

function existingLv(p: FsPlanning, lv: LvSpec, sizeMiB: number): void {
  const name = `${lv.vg}/${lv.name}`;
  const resize = lvResize(sizeMiB, lv.sizeMiB!, p.space.extent(lv.vg));
  if (resize.kind === 'shrink') {
    p.refusals.add(`${lv.where}/size`, `logical volume ${name} is ${sizeMiB} MiB, the profile asks ${lv.sizeMiB} MiB: volumes are never shrunk`);
    return;
  }
  if (resize.kind === 'same') return;
  if (!p.spec.manageBlockdevs) {
    p.b.note(`logical volume ${name} is ${sizeMiB} MiB, smaller than the profile's ${lv.sizeMiB} MiB; manage_blockdevs is false: not grown`);
    return;
  }
  const grow = lvGrow(p.space, lv.vg, lv.name, lv.sizeMiB!, resize.byMiB);
  if ('why' in grow) {
    p.refusals.add(`${lv.where}/size`, `cannot grow ${name} to ${lv.sizeMiB} MiB: ${grow.why}`);
    return;
  }
  p.b.command(grow.argv, `grows logical volume ${name} from ${sizeMiB} to ${lv.sizeMiB} MiB`, { env: LVM_ENV });
  p.b.note(`logical volume ${name} grows; the filesystem on it is not grown (xfs_growfs, resize2fs)`);
}

function newLv(p: FsPlanning, lv: LvSpec): void {
  const name = `${lv.vg}/${lv.name}`;
  if (!p.spec.manageBlockdevs) {
    p.b.note(`logical volume ${name} does not exist and manage_blockdevs is false: not made`);
    p.absent.add(lv.path);
    return;
  }
  if (!p.view.available) {
    p.refusals.add(lv.where, `logical volume ${name} is needed but the LVM tools are not installed`);
    return;
  }
  if (!p.space.has(lv.vg)) {
    // A group of the profile that cannot be made has its own refusal: not repeated for each volume.
    if (!p.spec.vgs.some((g) => g.name === lv.vg)) p.refusals.add(`${lv.where}/volume_group`, `volume group ${lv.vg} does not exist and is not defined in /system/blockdevices/volume_groups`);
    return;
  }
  const why = lv.sizeMiB === undefined ? p.space.takeAll(lv.vg) : p.space.take(lv.vg, lv.sizeMiB);
  if (why) {
    p.refusals.add(lv.sizeMiB === undefined ? lv.where : `${lv.where}/size`, `no room for logical volume ${name}${lv.sizeMiB !== undefined ? ` (${lv.sizeMiB} MiB)` : ''}: ${why}`);
    return;
  }
  const what = lv.sizeMiB === undefined ? 'the free space of its group' : `${lv.sizeMiB} MiB`;
  p.b.command(lvcreateArgv(lv.vg, lv.name, lv.sizeMiB ?? 'free'), `creates logical volume ${name} of ${what}`, { env: LVM_ENV });
  p.fresh.set(lv.path, lv.sizeMiB !== undefined ? lv.sizeMiB * MiB_BYTES : undefined);
}

export function planLogicalVolumes(p: FsPlanning): void {
  for (const lv of p.spec.lvs) {
    const existing = p.view.lvs.get(`${lv.vg}/${lv.name}`);
    if (existing) {
      if (lv.sizeMiB !== undefined) existingLv(p, lv, existing.sizeMiB);
    } else {
      newLv(p, lv);
    }
  }
}

/**
 * The filesystems component's plan, in the order it is applied:
 *   1. partition tables and partitions (partitions.ts),
 *   2. files used as block devices (files.ts),
 *   3. volume groups, then logical volumes (volumes.ts),
 *   4. filesystems, only where none exists (mkfs.ts),
 *   5. /etc/fstab's managed part (fstab.ts),
 *   6. mounts and swap (mounts.ts).
 * Block devices are made only with manage_blockdevs (default true).
 * Nothing that holds data is removed, shrunk or reformatted: such a change
 * is refused, and any refusal fails the whole plan before it is applied.
 */
import { PlanBuilder, Refusals, type ComponentContext, type Plan } from '../sdk/index.js';
import { NO_LVM, observeLvm, VgSpace } from '../storage/lvm.js';
import { planFiles } from './files.js';
import { planFstab } from './fstab.js';
import { planFilesystems } from './mkfs.js';
import { readFilesystemsSpec } from './model.js';
import { planMounts } from './mounts.js';
import { planPartitions } from './partitions.js';
import type { FsPlanning } from './planning.js';
import { planLogicalVolumes, planVolumeGroups } from './volumes.js';

export async function planFilesystemsComponent(ctx: ComponentContext): Promise<Plan> {
  const spec = readFilesystemsSpec(ctx.profile, ctx.config);
  const view = spec.vgs.length > 0 || spec.lvs.length > 0 ? await observeLvm(ctx.probe) : NO_LVM;
  const p: FsPlanning = { ctx, spec, b: new PlanBuilder(), refusals: new Refusals(), view, space: new VgSpace(view), fresh: new Map(), absent: new Set(), aliases: new Map() };
  await planPartitions(p);
  await planFiles(p);
  await planVolumeGroups(p);
  planLogicalVolumes(p);
  const ready = await planFilesystems(p);
  await planFstab(p, ready);
  await planMounts(p, ready);
  p.refusals.check();
  return p.b.build();
}

/**
 * Planning a volume group from named devices: a missing group is made
 * (pvcreate on devices that are not physical volumes yet, then vgcreate),
 * an existing one is extended with listed devices it lacks. A device is
 * only made a physical volume when it holds nothing (no signature at all)
 * or was created by the same plan; a device of another volume group, or
 * holding a filesystem or partition table, is refused. Nothing is ever
 * removed from a group.
 */
import type { PlanBuilder, Probes, Refusals } from '../sdk/index.js';
import { deviceBytes, describeSignature, signature } from './block-probe.js';
import { estimatedVgMiB, LVM_ENV, pvcreateArgv, vgcreateArgv, vgextendArgv, type LvmView, type VgSpace } from './lvm.js';

export interface PvDevice {
  /** /dev/... */
  path: string;
  /** Profile path naming it. */
  where: string;
  /** Made by this same plan (a new partition): known to hold nothing; its size if known. */
  fresh?: { bytes: number | undefined };
}

export interface VgPlanning {
  probe: Probes;
  view: LvmView;
  space: VgSpace;
  builder: PlanBuilder;
  refusals: Refusals;
}

type DeviceState = { state: 'member' } | { state: 'orphan-pv'; bytes: number | undefined } | { state: 'blank'; bytes: number | undefined } | { state: 'refused' };

async function deviceState(p: VgPlanning, vg: string, dev: PvDevice): Promise<DeviceState> {
  const owner = p.view.pvs.get(dev.path);
  if (owner === vg) return { state: 'member' };
  if (owner !== undefined && owner !== '') {
    p.refusals.add(dev.where, `${dev.path} is a physical volume of volume group ${owner}, not ${vg}`);
    return { state: 'refused' };
  }
  if (dev.fresh) return { state: 'blank', bytes: dev.fresh.bytes };
  const bytes = await deviceBytes(p.probe, dev.path);
  if (bytes === undefined) {
    p.refusals.add(dev.where, `${dev.path}: no such block device`);
    return { state: 'refused' };
  }
  if (owner === '') return { state: 'orphan-pv', bytes };
  const sig = await signature(p.probe, dev.path);
  if (sig) {
    p.refusals.add(dev.where, `${dev.path} holds ${describeSignature(sig)}: not made a physical volume (its data is kept)`);
    return { state: 'refused' };
  }
  return { state: 'blank', bytes };
}

/** Plan volume group `vg` on `devices`; `why` says what the commands are for. */
export async function planVolumeGroup(p: VgPlanning, vg: string, devices: PvDevice[], why: string): Promise<void> {
  if (!p.view.available) {
    p.refusals.add(devices[0]?.where ?? vg, `volume group ${vg} is needed but the LVM tools (vgs, pvcreate...) are not installed`);
    return;
  }
  const states = [];
  for (const dev of devices) states.push({ dev, st: await deviceState(p, vg, dev) });
  if (states.some((s) => s.st.state === 'refused')) return;
  const toAdd = states.filter((s) => s.st.state === 'orphan-pv' || s.st.state === 'blank');
  for (const s of toAdd) {
    if (s.st.state === 'blank') p.builder.command(pvcreateArgv(s.dev.path), `makes ${s.dev.path} an LVM physical volume (${why})`, { env: LVM_ENV });
  }
  const paths = toAdd.map((s) => s.dev.path);
  const sizes = toAdd.map((s) => (s.st.state === 'orphan-pv' || s.st.state === 'blank' ? s.st.bytes : undefined));
  const addedMiB = sizes.every((b): b is number => b !== undefined) ? estimatedVgMiB(sizes, p.space.extent(vg)) : undefined;
  if (p.view.vgs.has(vg)) {
    if (paths.length === 0) return;
    p.builder.command(vgextendArgv(vg, paths), `adds ${paths.join(', ')} to volume group ${vg} (${why})`, { env: LVM_ENV });
    p.space.grow(vg, addedMiB);
    return;
  }
  if (paths.length === 0) {
    p.refusals.add(devices[0]?.where ?? vg, `volume group ${vg} has no devices to be made from`);
    return;
  }
  p.builder.command(vgcreateArgv(vg, paths), `creates volume group ${vg} on ${paths.join(', ')} (${why})`, { env: LVM_ENV });
  p.space.planned(vg, addedMiB);
}

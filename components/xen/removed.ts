/**
 * Guests that left the profile (known from the component's state). By
 * default their configs and storage stay where they are and a note says
 * so; only their auto link goes, so that they no longer start with the
 * host. With remove_absent_domains: true, a guest that is not running has
 * the configs this component wrote and the storage it made removed, and
 * nothing else: storage it found already there, or that a guest still in
 * the profile uses, is never removed.
 */
import type { ComponentContext, PlanBuilder, Refusals } from '../sdk/index.js';
import { LVM_ENV, type LvmView } from '../storage/lvm.js';
import type { XenSettings } from './model.js';
import type { CreatedStorage, XenState } from './state.js';
import { HEADER_PREFIX } from './xl-format.js';

export interface RemovedPlanning {
  ctx: ComponentContext;
  s: XenSettings;
  prev: XenState;
  b: PlanBuilder;
  refusals: Refusals;
  view: LvmView;
  /** Running domains; undefined when xl was not asked (create_domains false and nothing to remove). */
  running: Set<string> | undefined;
  keys: string[];
  autoLink(key: string): string;
}

function describeStorage(c: CreatedStorage): string {
  return c.kind === 'lv' ? `logical volume ${c.vg}/${c.lv}` : `image ${c.path}`;
}

/** Targets still used by guests of the profile. */
function inUse(s: XenSettings): Set<string> {
  return new Set(s.domains.flatMap((d) => d.disks.map((k) => k.target)));
}

async function removeConfigs(p: RemovedPlanning, configs: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const path of configs) {
    const text = await p.ctx.probe.readText(path).catch(() => undefined);
    if (text === undefined || !text.startsWith(HEADER_PREFIX)) continue;
    p.b.command(['rm', '-f', '--', p.ctx.hostPath(path)], `removes ${path} (its domain left the profile; remove_absent_domains is true)`);
    removed.push(path);
  }
  return removed;
}

async function removeStorage(p: RemovedPlanning, created: CreatedStorage[]): Promise<string[]> {
  const used = inUse(p.s);
  const removed: string[] = [];
  for (const c of created) {
    const target = c.kind === 'lv' ? `/dev/${c.vg}/${c.lv}` : c.path;
    if (used.has(target)) {
      p.b.note(`${describeStorage(c)} is used by a guest of the profile: not removed`);
      continue;
    }
    if (c.kind === 'lv') {
      if (!p.view.lvs.has(`${c.vg}/${c.lv}`)) continue;
      p.b.command(['lvremove', '--yes', `${c.vg}/${c.lv}`], `removes logical volume ${c.vg}/${c.lv} (its domain left the profile; remove_absent_domains is true)`, { env: LVM_ENV });
    } else {
      if ((await p.ctx.probe.stat(c.path))?.kind !== 'file') continue;
      p.b.command(['rm', '-f', '--', p.ctx.hostPath(c.path)], `removes image ${c.path} (its domain left the profile; remove_absent_domains is true)`);
    }
    removed.push(describeStorage(c));
  }
  return removed;
}

/** Plan what happens to guests that left the profile; returns the keys whose record is kept. */
export async function planRemoved(p: RemovedPlanning): Promise<string[]> {
  const kept: string[] = [];
  for (const key of p.keys) {
    const rec = p.prev.domains[key]!;
    const link = p.autoLink(key);
    if ((await p.ctx.probe.readlink(link)) !== undefined) p.b.removeSymlink(link);
    const storage = rec.created.map(describeStorage);
    const what = `config ${rec.configs.join(', ') || '(none)'}; storage it made: ${storage.join(', ') || 'none'}`;
    if (!p.s.removeAbsent) {
      p.b.note(`domain ${rec.name} left the profile: its ${what} -- all kept (remove_absent_domains removes them)`);
      kept.push(key);
      continue;
    }
    if (p.running?.has(rec.name)) {
      p.b.note(`domain ${rec.name} left the profile but still runs: nothing of it is removed (stop it first)`);
      kept.push(key);
      continue;
    }
    const configs = await removeConfigs(p, rec.configs);
    const gone = await removeStorage(p, rec.created);
    p.b.note(`domain ${rec.name} left the profile: removing ${[...configs, ...gone].join(', ') || 'nothing left of it'}`);
  }
  return kept;
}

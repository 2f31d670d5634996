/**
 * The xen component's plan, in the order it is applied:
 *   1. backing storage of every disk (storage.ts),
 *   2. the domain configs: `<config_dir>/<domain>.cfg` (boot variant) and
 *      `<config_dir>/<domain>.install.cfg` (install variant), in xl or xm
 *      format; a file there that this component did not write is refused,
 *   3. `<config_dir>/auto/<domain>.cfg` links for guests marked auto (and
 *      their removal when the flag goes),
 *   4. guests that left the profile: reported, their config and storage
 *      kept, unless remove_absent_domains asks to remove them,
 *   5. `xl create` (`xm create` with xm configs, on old hosts) for domains
 *      that should run and do not: from the install variant when the
 *      guest's first disk holds nothing yet (made by this plan, or its
 *      first 4 KiB all zeros), else from the boot variant. While a guest
 *      started to install runs, the plan asks to be run again (revisit), so
 *      that `panfab agent --changed` starts the boot variant once the
 *      installer has ended the domain.
 * Anything refused (refusals.ts) fails the whole plan before any change.
 */
import { PlanBuilder, Refusals, getPath, isJsonObject, type ComponentContext, type JsonObject, type Plan } from '../sdk/index.js';
import { NEW_VOLUME_ZEROED, startIsZero } from '../storage/block-probe.js';
import { NO_LVM, observeLvm, VgSpace } from '../storage/lvm.js';
import { readXenSettings, type DomainSpec, type XenSettings } from './model.js';
import { planRemoved } from './removed.js';
import { runningDomains } from './running.js';
import { readState, mergeCreated, stateJson, type XenState } from './state.js';
import { planStorage, type StorageOutcome } from './storage.js';
import { bootConfig, installConfig, usesNetworkBootloader, type DomainConfig } from './variants.js';
import { HEADER_PREFIX, renderXl } from './xl-format.js';
import { renderXm } from './xm-format.js';

/** Domain configs may hold VNC passwords: readable by root only. */
const CONFIG_MODE = 0o600;
const START_TIMEOUT_MS = 5 * 60_000;

export function configPath(s: XenSettings, key: string, variant: DomainConfig['variant']): string {
  return `${s.configDir}/${key}${variant === 'install' ? '.install' : ''}.cfg`;
}

export function autoLinkPath(s: XenSettings, key: string): string {
  return `${s.configDir}/auto/${key}.cfg`;
}

interface Planning {
  ctx: ComponentContext;
  s: XenSettings;
  prev: XenState;
  b: PlanBuilder;
  refusals: Refusals;
}

function render(s: XenSettings, d: DomainSpec, c: DomainConfig): string {
  return s.format === 'xm' ? renderXm(d, c) : renderXl(d, c);
}

/** Write one config, unless a file this component did not write is in the way. */
async function writeConfig(p: Planning, d: DomainSpec, path: string, content: string): Promise<void> {
  const st = await p.ctx.probe.stat(path);
  if (st && st.kind !== 'file') {
    p.refusals.add(d.where, `${path} is in the way: it is a ${st.kind}, not a config file`);
    return;
  }
  const existing = st ? await p.ctx.probe.readText(path) : undefined;
  const ours = existing === undefined || existing === content || existing.startsWith(HEADER_PREFIX) || (p.prev.domains[d.key]?.configs.includes(path) ?? false);
  if (!ours) {
    p.refusals.add(d.where, `${path} exists and was not written by panfab: it is left as it is (move it away to let panfab manage domain ${d.name})`);
    return;
  }
  p.b.file(path, content, { mode: CONFIG_MODE });
}

async function writeConfigs(p: Planning, d: DomainSpec): Promise<string[]> {
  const paths: string[] = [];
  for (const c of [bootConfig(d), installConfig(d)]) {
    if (!c) continue;
    const path = configPath(p.s, d.key, c.variant);
    await writeConfig(p, d, path, render(p.s, d, c));
    paths.push(path);
  }
  return paths;
}

async function autoLinks(p: Planning): Promise<void> {
  for (const d of p.s.domains) {
    const link = autoLinkPath(p.s, d.key);
    if (d.auto) p.b.symlink(link, `../${d.key}.cfg`);
    else if ((await p.ctx.probe.readlink(link)) !== undefined) p.b.removeSymlink(link);
  }
}

/**
 * The guest's first disk holds nothing yet: made by this plan, or its first
 * 4 KiB read as zeros (what lvcreate clears; any partition table, LVM label
 * or filesystem superblock of an installed guest lies there).
 */
async function firstDiskEmpty(p: Planning, d: DomainSpec, storage: StorageOutcome): Promise<boolean> {
  const disk = d.disks[0];
  if (!disk) return false;
  if (storage.fresh.has(`${d.key}/${disk.vdev}`)) return true;
  const path = disk.backing.kind === 'file' ? p.ctx.hostPath(disk.backing.path) : disk.target;
  return startIsZero(p.ctx.probe, path, NEW_VOLUME_ZEROED);
}

/** Keep coming back while the installer runs: when it ends the domain, the next run starts the boot variant. */
function markInstalling(p: Planning, d: DomainSpec, installing: Set<string>): void {
  installing.add(d.key);
  p.b.revisit(`domain ${d.name} is installing: once its installer has ended it, the next run starts it from its boot variant`);
}

/** Starts what should run; returns the keys of the domains installing (started to install and still running). */
async function starts(p: Planning, running: Set<string>, storage: StorageOutcome): Promise<Set<string>> {
  const installing = new Set<string>();
  for (const d of p.s.domains) {
    const isRunning = running.has(d.name);
    if (d.state === 'stopped') {
      if (isRunning) p.b.note(`domain ${d.name} runs but its profile says stopped: the agent does not stop domains (xl shutdown ${d.name})`);
      continue;
    }
    if (isRunning) {
      if (p.prev.domains[d.key]?.installing) markInstalling(p, d, installing);
      continue;
    }
    const install = installConfig(d) !== undefined && (await firstDiskEmpty(p, d, storage));
    const path = configPath(p.s, d.key, install ? 'install' : 'boot');
    const how = install
      ? 'from its install variant: it installs, is destroyed when the installer reboots, and the next run boots it'
      : usesNetworkBootloader(d)
        ? 'from its config (network boot: the install server decides between install and local boot)'
        : 'from its boot variant';
    p.b.command([p.s.format, 'create', p.ctx.hostPath(path)], `starts domain ${d.name} ${how}`, { timeout: START_TIMEOUT_MS });
    if (install) markInstalling(p, d, installing);
  }
  return installing;
}

function blockdevices(profile: JsonObject): JsonObject {
  const bd = getPath(profile, '/system/blockdevices');
  return isJsonObject(bd) ? bd : {};
}

export async function planXen(ctx: ComponentContext): Promise<Plan> {
  const s = readXenSettings(ctx.config);
  const prev = readState(ctx.state);
  const p: Planning = { ctx, s, prev, b: new PlanBuilder(), refusals: new Refusals() };
  const removedKeys = Object.keys(prev.domains).filter((k) => !s.domains.some((d) => d.key === k)).sort();
  const removing = s.removeAbsent && removedKeys.length > 0;
  const needsLvm = s.domains.some((d) => d.disks.some((k) => k.backing.kind === 'lv')) || removing;
  const view = needsLvm ? await observeLvm(ctx.probe) : NO_LVM;
  const storage = await planStorage({ ctx, builder: p.b, refusals: p.refusals, view, space: new VgSpace(view), blockdevices: blockdevices(ctx.profile), create: s.createFilesystems }, s.domains);
  p.b.directory(s.configDir);
  const next: XenState = { version: 1, domains: {} };
  for (const d of s.domains) {
    const configs = await writeConfigs(p, d);
    next.domains[d.key] = { name: d.name, configs, created: mergeCreated(prev.domains[d.key]?.created ?? [], storage.created.get(d.key) ?? []) };
  }
  await autoLinks(p);
  const running = s.createDomains || removing ? await runningDomains(ctx.probe, s.format) : undefined;
  const kept = await planRemoved({ ...p, view, running, keys: removedKeys, autoLink: (k) => autoLinkPath(s, k) });
  for (const k of kept) {
    const { installing: _notWatched, ...record } = prev.domains[k]!; // a guest out of the profile is no longer watched
    next.domains[k] = record;
  }
  const installing = s.createDomains ? await starts(p, running!, storage) : new Set<string>();
  for (const k of installing) next.domains[k]!.installing = true;
  p.refusals.check();
  p.b.saveState(stateJson(next));
  return p.b.build();
}

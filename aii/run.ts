/**
 * One `panfab aii` run: select hosts, load and validate their profiles (and
 * their guests' with --cascade), enforce --confirm for protected nodes, plan,
 * then apply the plan or print it (--noaction). Per-node problems are
 * reported and the other nodes go on; the exit code says whether any failed.
 */
import type { AiiServerConfig } from './config.js';
import { AiiError } from './errors.js';
import { applyPlan, describePlan } from './apply.js';
import { managedConf, makePlan, type Plan, type Verb } from './plan.js';
import { loadInstallNode } from './profiles/load.js';
import { profileSource, type ProfileSource } from './profiles/source.js';
import type { InstallNode } from './node.js';
import { readHostsFile, selectHosts } from './select.js';
import { nodeStatus } from './state.js';
import { Progress } from './progress.js';
import { withAiiLock } from './lock.js';

export type AiiAction = Verb | 'status';

export interface AiiRunOptions {
  readonly action: AiiAction;
  readonly patterns: readonly string[];
  readonly hostsFile?: string;
  readonly cascade?: boolean;
  readonly confirm?: boolean;
  readonly noaction?: boolean;
  readonly config: AiiServerConfig;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Verbs that can destroy an installed system: protected nodes need --confirm. */
const GUARDED: ReadonlySet<AiiAction> = new Set(['configure', 'install', 'remove']);
const LOAD_CONCURRENCY = 8;

export async function runAii(opts: AiiRunOptions): Promise<number> {
  const { config, action } = opts;
  const source = profileSource(config.profiles, config.profileCache);
  const errors: string[] = [];
  const managed = managedConf(config).entries;
  const patterns = [...opts.patterns, ...(opts.hostsFile !== undefined ? readHostsFile(opts.hostsFile) : [])];
  const withProfile = await source.names();
  const known = withProfile === undefined ? undefined : [...new Set([...withProfile, ...(action === 'remove' || action === 'status' ? managed.keys() : [])])].sort();
  if (patterns.length === 0 && action !== 'status') throw new AiiError(`--${action} needs host names, regular expressions or --hostlist`);
  const hosts = patterns.length === 0 ? (known ?? [...managed.keys()]) : selectHosts(patterns, known);

  const loaded = await loadNodes(source, hosts, opts.cascade === true, errors);
  const nodes: InstallNode[] = [];
  const orphans: string[] = [];
  for (const [fqdn, node] of loaded) {
    if (node === undefined) {
      if (action === 'remove' && managed.has(fqdn)) orphans.push(fqdn);
      else if (action === 'status' && managed.has(fqdn)) opts.out(`${fqdn}: configured, but its profile is gone`);
      else errors.push(`${fqdn}: no profile in ${source.description}`);
    } else if (node.protected && GUARDED.has(action) && opts.confirm !== true) {
      errors.push(`${fqdn}: is protected (/system/aii/protected): --${action} needs --confirm`);
    } else {
      nodes.push(node);
    }
  }

  try {
    await act(opts, nodes, orphans, managed, errors);
  } finally {
    for (const e of errors) opts.err(`error: ${e}`);
  }
  return errors.length > 0 ? 1 : 0;
}

async function act(opts: AiiRunOptions, nodes: InstallNode[], orphans: string[], managed: ReadonlyMap<string, unknown>, errors: string[]): Promise<void> {
  const { config, action } = opts;
  if (action === 'status') {
    for (const node of nodes) {
      const s = nodeStatus(node, config);
      const configured = managed.has(node.fqdn) ? '' : ', no dhcpd entry';
      opts.out(`${s.fqdn}: ${s.state} (${s.link}${s.target !== undefined ? ` -> ${s.target}` : ''}${configured})`);
    }
    return;
  }
  // Plan and apply under the lock, so that the plan starts from the files as they are when it is carried out.
  const planAndApply = async (): Promise<Plan> => {
    const plan = makePlan({ verb: action, nodes, orphans, config });
    errors.push(...plan.errors); // reported even when applying fails
    for (const note of plan.notes) opts.err(`note: ${note}`);
    if (opts.noaction !== true) await applyPlan(plan, config);
    return plan;
  };
  const plan = opts.noaction === true ? await planAndApply() : await withAiiLock(config.dhcpd.conf, planAndApply);
  for (const l of describePlan(plan, config)) opts.out(opts.noaction === true ? `would ${l}` : l);
  if (plan.done.length > 0) opts.err(`${opts.noaction === true ? 'planned' : 'done'}: --${action} for ${plan.done.length} host(s)`);
}

/** Load the hosts' nodes (undefined: no profile), then their guests' with cascade; errors are collected in host order. */
async function loadNodes(source: ProfileSource, hosts: readonly string[], cascade: boolean, errors: string[]): Promise<Map<string, InstallNode | undefined>> {
  const result = new Map<string, InstallNode | undefined>();
  const failures = new Map<string, string>();
  const order: string[] = [];
  const progress = new Progress('loading profiles');
  let wave = [...new Set(hosts)];
  while (wave.length > 0) {
    order.push(...wave);
    progress.total += wave.length;
    await forEachLimited(wave, LOAD_CONCURRENCY, async (fqdn) => {
      try {
        result.set(fqdn, await loadInstallNode(source, fqdn));
      } catch (e) {
        if (!(e instanceof Error) || !(e instanceof AiiError || e.name === 'ProfileSchemaError')) throw e;
        failures.set(fqdn, `${fqdn}: ${e.message.split('\n').join('\n  ')}`);
      }
      progress.tick();
    });
    if (!cascade) break;
    // Guests of the nodes just loaded (a Dom0's /system/enclosure/children) that are not selected yet.
    wave = [...new Set(wave.flatMap((h) => result.get(h)?.children ?? []))].filter((c) => !order.includes(c));
  }
  progress.done();
  for (const h of order) if (failures.has(h)) errors.push(failures.get(h)!);
  return new Map(order.filter((h) => result.has(h)).map((h) => [h, result.get(h)]));
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

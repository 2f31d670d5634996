/**
 * Planning: from the selected nodes, the verb and what is on disk now, the
 * list of changes a run makes (files to write, links to switch, files to
 * remove, the new dhcpd.conf). Planning only reads; apply.ts carries a plan
 * out, and `--noaction` prints it instead. A node whose plan fails is left
 * out (its error is reported) and the others go on.
 */
import { join } from 'node:path';
import { readFileIfExists } from '../common/fs.js';
import type { AiiServerConfig } from './config.js';
import { dhcpHostEntry } from './dhcpd/entries.js';
import { parseManagedConf, renderManagedConf, type ManagedConf, type ManagedEntry } from './dhcpd/managed-block.js';
import { AiiError } from './errors.js';
import { grubInstallConfig, grubLocalbootConfig } from './grub/config.js';
import { renderKickstart } from './kickstart/render.js';
import type { InstallNode } from './node.js';
import { GENERATED_HEADER, pxelinuxInstallConfig, pxelinuxLocalbootConfig } from './pxelinux/config.js';
import { installConfigName, kickstartPath, observeLink, stateOfTarget, variantLayout, VARIANTS, type BootState, type LinkObservation, type VariantLayout } from './state.js';
import { hexIp } from './escape.js';

export type Verb = 'configure' | 'install' | 'boot' | 'rescue' | 'firmware' | 'remove';

export interface FileWrite {
  readonly path: string;
  readonly content: string;
  readonly host: string;
  readonly what: string;
}

export interface LinkChange {
  readonly path: string;
  readonly target: string;
  readonly host: string;
  readonly from?: string;
  readonly state: BootState;
}

export interface Removal {
  readonly path: string;
  readonly host: string;
  readonly what: string;
}

export interface DhcpdChange {
  readonly path: string;
  readonly next: string;
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
}

export interface Plan {
  readonly writes: FileWrite[];
  readonly links: LinkChange[];
  readonly removals: Removal[];
  dhcpd?: DhcpdChange;
  /** One line per node that was left out, saying why. */
  readonly errors: string[];
  /** Things worth telling that need no action. */
  readonly notes: string[];
  /** Hosts whose plan succeeded. */
  readonly done: string[];
}

export interface PlanInput {
  readonly verb: Verb;
  readonly nodes: readonly InstallNode[];
  /** Hosts to remove that have no profile any more (found in the managed dhcpd block). */
  readonly orphans?: readonly string[];
  readonly config: AiiServerConfig;
}

/** The dhcpd.conf text now ('' when the file does not exist yet). */
function readDhcpdConf(config: AiiServerConfig): string {
  return readFileIfExists(config.dhcpd.conf)?.toString('utf8') ?? '';
}

export function managedConf(config: AiiServerConfig): ManagedConf {
  return parseManagedConf(readDhcpdConf(config), config.dhcpd.conf);
}

export function makePlan(input: PlanInput): Plan {
  const { config } = input;
  const current = readDhcpdConf(config);
  const conf = parseManagedConf(current, config.dhcpd.conf);
  const before = new Map(conf.entries);
  const plan: Plan = { writes: [], links: [], removals: [], errors: [], notes: [], done: [] };
  const planner = new NodePlanner(config, conf, plan);
  for (const node of input.nodes) planner.run(node.fqdn, () => planner.planNode(input.verb, node));
  for (const fqdn of input.orphans ?? []) planner.run(fqdn, () => planner.removeOrphan(fqdn));
  // Rewritten only when an entry changed: a run that changed no entry leaves the file (and dhcpd) alone.
  const diff = entryDiff(before, conf.entries);
  if (diff.added.length + diff.changed.length + diff.removed.length > 0) plan.dhcpd = { path: config.dhcpd.conf, next: renderManagedConf(conf), ...diff };
  return plan;
}

function entryDiff(before: Map<string, { text: string }>, after: Map<string, { text: string }>): { added: string[]; changed: string[]; removed: string[] } {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort();
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k)!.text !== after.get(k)!.text).sort();
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
  return { added, changed, removed };
}

/** Fixed addresses and MACs in the hand-written parts of dhcpd.conf, with their (1-based) line numbers. */
function handWrittenAddresses(conf: ManagedConf): Map<string, number> {
  const found = new Map<string, number>();
  const scan = (text: string, firstLine: number) =>
    text.split('\n').forEach((line, i) => {
      const code = line.replace(/#.*$/, '').toLowerCase();
      for (const m of code.matchAll(/(?:fixed-address\s+([0-9.]+)|hardware\s+ethernet\s+([0-9a-f:]+))\s*;/g)) {
        const key = m[1] ?? m[2]!;
        if (!found.has(key)) found.set(key, firstLine + i);
      }
    });
  scan(conf.before, 1);
  if (conf.hasBlock) scan(conf.after, conf.afterLine);
  return found;
}

/** Collects one node's changes and commits them to the plan only if the whole node succeeds. */
class NodePlanner {
  private writes: FileWrite[] = [];
  private links: LinkChange[] = [];
  private removals: Removal[] = [];
  private notes: string[] = [];
  /** Shared files (localboot.cfg) already planned by an earlier node. */
  private readonly planned = new Set<string>();
  /** What is on disk at each shared local boot config's path, read once for all nodes. */
  private readonly sharedContent = new Map<string, string | undefined>();
  /** Managed entries by address and by MAC, kept in step with conf.entries. */
  private readonly byIp = new Map<string, string>();
  private readonly byMac = new Map<string, string>();
  /** Addresses and MACs of hand-written entries, with their line numbers. */
  private readonly handWritten: Map<string, number>;
  /** Undoes the current node's entry changes when its plan fails. */
  private undo: (() => void)[] = [];

  constructor(
    private readonly config: AiiServerConfig,
    private readonly conf: ManagedConf,
    private readonly plan: Plan,
  ) {
    for (const e of conf.entries.values()) this.index(e, true);
    this.handWritten = handWrittenAddresses(conf);
  }

  private index(e: ManagedEntry, add: boolean): void {
    for (const [map, key] of [[this.byIp, e.ip], [this.byMac, e.mac]] as const) {
      if (key === undefined) continue;
      if (add) map.set(key, e.fqdn);
      else if (map.get(key) === e.fqdn) map.delete(key);
    }
  }

  private setEntry(e: ManagedEntry): void {
    const old = this.conf.entries.get(e.fqdn);
    if (old !== undefined) this.index(old, false);
    this.conf.entries.set(e.fqdn, e);
    this.index(e, true);
    this.undo.push(() => {
      this.index(e, false);
      if (old === undefined) this.conf.entries.delete(e.fqdn);
      else {
        this.conf.entries.set(e.fqdn, old);
        this.index(old, true);
      }
    });
  }

  private deleteEntry(fqdn: string): void {
    const old = this.conf.entries.get(fqdn);
    if (old === undefined) return;
    this.index(old, false);
    this.conf.entries.delete(fqdn);
    this.undo.push(() => {
      this.conf.entries.set(fqdn, old);
      this.index(old, true);
    });
  }

  run(fqdn: string, body: () => void): void {
    this.writes = [];
    this.links = [];
    this.removals = [];
    this.notes = [];
    this.undo = [];
    try {
      body();
    } catch (e) {
      if (!(e instanceof AiiError)) throw e;
      for (const u of this.undo.reverse()) u();
      this.plan.errors.push(`${fqdn}: ${e.message}`);
      return;
    }
    for (const w of this.writes) {
      if (this.planned.has(w.path)) continue;
      this.planned.add(w.path);
      this.plan.writes.push(w);
    }
    this.plan.links.push(...this.links);
    this.plan.removals.push(...this.removals);
    this.plan.notes.push(...this.notes);
    this.plan.done.push(fqdn);
  }

  planNode(verb: Verb, node: InstallNode): void {
    const layout = variantLayout(this.config, node.nbp.variant);
    switch (verb) {
      case 'configure': {
        this.configure(node, layout);
        const seen = observeLink(this.linkPath(node, layout));
        if (seen.kind === 'absent') this.link(node, layout, layout.localboot, seen);
        return;
      }
      case 'install':
        this.configure(node, layout);
        this.link(node, layout, installConfigName(node.fqdn));
        return;
      case 'boot':
        this.requireConfigured(node);
        this.writeLocalboot(layout, node.fqdn);
        this.link(node, layout, layout.localboot);
        return;
      case 'rescue':
      case 'firmware':
        this.requireConfigured(node);
        this.link(node, layout, this.namedConfig(node, layout, verb));
        return;
      case 'remove':
        this.removeNode(node.fqdn, [node.install.ip, this.conf.entries.get(node.fqdn)?.ip], [node.nbp.rescue, node.nbp.firmware]);
        return;
    }
  }

  removeOrphan(fqdn: string): void {
    const entry = this.conf.entries.get(fqdn);
    if (entry === undefined) throw new AiiError(`no profile and no entry in ${this.config.dhcpd.conf}: nothing to remove`);
    this.notes.push(`${fqdn}: has no profile any more; removing what panfab made for it`);
    this.removeNode(fqdn, [entry.ip], []);
  }

  private configure(node: InstallNode, layout: VariantLayout): void {
    this.checkCollisions(node);
    const old = this.conf.entries.get(node.fqdn);
    this.setEntry(dhcpHostEntry(node, { ...(this.config.nextServer !== undefined ? { nextServer: this.config.nextServer } : {}), pxelinuxFile: this.config.tftp.pxelinuxFile, grubFile: this.config.tftp.grubFile }));
    const installConfig = layout.variant === 'grub2' ? grubInstallConfig(node) : pxelinuxInstallConfig(node, { serial: this.config.tftp.serial });
    this.write(join(layout.dir, installConfigName(node.fqdn)), installConfig, node.fqdn, `${layout.variant} install config`);
    this.writeLocalboot(layout, node.fqdn);
    this.write(kickstartPath(this.config, node.fqdn), renderKickstart(node, this.config.kickstart), node.fqdn, 'kickstart');
    // A node that moved to another address or boot program leaves its old links and config behind: take them away.
    if (old?.ip !== undefined && old.ip !== node.install.ip) this.removeLinks(node.fqdn, old.ip, VARIANTS);
    const other = VARIANTS.filter((v) => v !== layout.variant);
    this.removeLinks(node.fqdn, node.install.ip, other);
    for (const v of other) this.removeOwnFile(join(variantLayout(this.config, v).dir, installConfigName(node.fqdn)), node.fqdn, `${v} install config`);
  }

  private writeLocalboot(layout: VariantLayout, host: string): void {
    const path = join(layout.dir, layout.localboot);
    if (!this.sharedContent.has(path)) this.sharedContent.set(path, readFileIfExists(path)?.toString('utf8'));
    const content = layout.variant === 'grub2' ? grubLocalbootConfig() : pxelinuxLocalbootConfig({ serial: this.config.tftp.serial });
    this.writeOver(this.sharedContent.get(path), path, content, host, 'shared local boot config');
  }

  /** Another node (in dhcpd.conf, managed or by hand) already has this node's MAC or address. */
  private checkCollisions(node: InstallNode): void {
    const { ip, mac } = node.install;
    for (const [map, key, what] of [[this.byIp, ip, 'address'], [this.byMac, mac, 'MAC']] as const) {
      const holder = map.get(key);
      if (holder !== undefined && holder !== node.fqdn) throw new AiiError(`${what} ${key} is already given to ${holder} in ${this.config.dhcpd.conf}`);
    }
    const line = this.handWritten.get(ip) ?? this.handWritten.get(mac);
    if (line !== undefined) {
      throw new AiiError(`${this.config.dhcpd.conf}:${line}: a hand-written entry already uses ${mac} or ${ip}; remove it before panfab manages this node`);
    }
  }

  private requireConfigured(node: InstallNode): void {
    if (!this.conf.entries.has(node.fqdn)) {
      throw new AiiError(`is not configured (no entry in ${this.config.dhcpd.conf}): run panfab aii --configure first`);
    }
  }

  private namedConfig(node: InstallNode, layout: VariantLayout, verb: 'rescue' | 'firmware'): string {
    const name = verb === 'rescue' ? node.nbp.rescue : node.nbp.firmware;
    if (name === undefined) throw new AiiError(`${node.source}: /system/aii/nbp/${verb}: not set, so there is no ${verb} config to boot`);
    if (readFileIfExists(join(layout.dir, name)) === undefined) throw new AiiError(`${verb} config ${join(layout.dir, name)} does not exist`);
    return name;
  }

  private linkPath(node: InstallNode, layout: VariantLayout): string {
    return join(layout.dir, layout.linkName(node.hexIp));
  }

  /** Plan the node's link to `target`; `seen` is what is at the link path, when already looked at. */
  private link(node: InstallNode, layout: VariantLayout, target: string, seen: LinkObservation = observeLink(this.linkPath(node, layout))): void {
    const path = this.linkPath(node, layout);
    if (seen.kind === 'other') throw new AiiError(`${path} exists and is not a symlink; panfab will not replace it`);
    const state = stateOfTarget(target, node, layout);
    if (seen.kind === 'link' && seen.target === target) {
      this.notes.push(`${node.fqdn}: already ${state}`);
      return;
    }
    this.links.push({ path, target, host: node.fqdn, state, ...(seen.kind === 'link' ? { from: seen.target } : {}) });
  }

  private write(path: string, content: string, host: string, what: string): void {
    this.writeOver(readFileIfExists(path)?.toString('utf8'), path, content, host, what);
  }

  /** Plan replacing `existing` (the text now at `path`, undefined when there is none) with `content`. */
  private writeOver(existing: string | undefined, path: string, content: string, host: string, what: string): void {
    if (existing === content) return;
    if (existing !== undefined && !existing.startsWith(GENERATED_HEADER)) {
      throw new AiiError(`${path} exists and was not written by panfab aii (no "${GENERATED_HEADER}" first line); refusing to overwrite it`);
    }
    this.writes.push({ path, content, host, what });
  }

  private removeNode(fqdn: string, ips: (string | undefined)[], named: (string | undefined)[]): void {
    this.deleteEntry(fqdn);
    for (const ip of new Set(ips)) if (ip !== undefined) this.removeLinks(fqdn, ip, VARIANTS, named);
    for (const v of VARIANTS) this.removeOwnFile(join(variantLayout(this.config, v).dir, installConfigName(fqdn)), fqdn, `${v} install config`);
    this.removeOwnFile(kickstartPath(this.config, fqdn), fqdn, 'kickstart');
  }

  /** Remove the node's hex-IP links that point to a config panfab knows for it. */
  private removeLinks(fqdn: string, ip: string, variants: readonly string[], named: (string | undefined)[] = []): void {
    const holder = this.byIp.get(ip);
    if (holder !== undefined && holder !== fqdn) return; // the address belongs to another node now: so does its link
    for (const v of VARIANTS.filter((x) => variants.includes(x))) {
      const layout = variantLayout(this.config, v);
      const path = join(layout.dir, layout.linkName(hexIp(ip)));
      const seen = observeLink(path);
      if (seen.kind === 'other') {
        this.notes.push(`${fqdn}: ${path} is not a symlink; left in place`);
      } else if (seen.kind === 'link') {
        const ours = [installConfigName(fqdn), layout.localboot, ...named].includes(seen.target);
        if (ours) this.removals.push({ path, host: fqdn, what: `${v} link (-> ${seen.target})` });
        else this.notes.push(`${fqdn}: ${path} points to ${seen.target}, which panfab did not set; left in place`);
      }
    }
  }

  private removeOwnFile(path: string, host: string, what: string): void {
    const existing = readFileIfExists(path)?.toString('utf8');
    if (existing === undefined) return;
    if (!existing.startsWith(GENERATED_HEADER)) {
      this.notes.push(`${host}: ${path} was not written by panfab aii; left in place`);
      return;
    }
    this.removals.push({ path, host, what });
  }
}

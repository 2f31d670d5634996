/**
 * Where a node's files live in the TFTP tree and the kickstart directory,
 * and its install state: the target of its hex-IP link (pxelinux.cfg/<HEXIP>
 * or grub/grub.cfg-<HEXIP>) says whether it installs, boots locally, or
 * starts a rescue or firmware config on its next network boot.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AiiServerConfig } from './config.js';
import { grubLinkName } from './grub/config.js';
import type { InstallNode, NbpVariant } from './node.js';
import { LOCALBOOT_CFG } from './pxelinux/config.js';

export type BootState = 'install' | 'boot' | 'rescue' | 'firmware' | 'unconfigured' | 'unknown';

export interface VariantLayout {
  readonly variant: NbpVariant;
  /** Directory holding the configs and the links. */
  readonly dir: string;
  readonly localboot: string;
  linkName(hexIp: string): string;
}

export function variantLayout(config: AiiServerConfig, variant: NbpVariant): VariantLayout {
  if (variant === 'grub2') {
    return {
      variant,
      dir: join(config.tftp.root, config.tftp.grubDir),
      localboot: LOCALBOOT_CFG,
      linkName: grubLinkName,
    };
  }
  return {
    variant,
    dir: join(config.tftp.root, config.tftp.pxelinuxDir),
    localboot: LOCALBOOT_CFG,
    linkName: (hexIp) => hexIp,
  };
}

/** A node's install config, `<fqdn>.cfg` in the directory of either variant. */
export function installConfigName(fqdn: string): string {
  return `${fqdn}.cfg`;
}

export const VARIANTS: readonly NbpVariant[] = ['pxelinux', 'grub2'];

export function kickstartPath(config: AiiServerConfig, fqdn: string): string {
  return join(config.kickstart.dir, `${fqdn}.ks`);
}

/** What is at a link path: nothing, a symlink (with its target), or something else that panfab must not replace. */
export type LinkObservation = { kind: 'absent' } | { kind: 'link'; target: string } | { kind: 'other' };

export function observeLink(path: string): LinkObservation {
  try {
    const st = lstatSync(path);
    if (!st.isSymbolicLink()) return { kind: 'other' };
    return { kind: 'link', target: readlinkSync(path) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
}

/** The state a link target means for a node. */
export function stateOfTarget(target: string | undefined, node: InstallNode, layout: VariantLayout): BootState {
  if (target === undefined) return 'unconfigured';
  if (target === installConfigName(node.fqdn)) return 'install';
  if (target === layout.localboot) return 'boot';
  if (node.nbp.rescue !== undefined && target === node.nbp.rescue) return 'rescue';
  if (node.nbp.firmware !== undefined && target === node.nbp.firmware) return 'firmware';
  return 'unknown';
}

export interface NodeStatus {
  readonly fqdn: string;
  readonly state: BootState;
  /** The link, relative to the TFTP root, and its target. */
  readonly link: string;
  readonly target?: string;
}

export function nodeStatus(node: InstallNode, config: AiiServerConfig): NodeStatus {
  const layout = variantLayout(config, node.nbp.variant);
  const linkPath = join(layout.dir, layout.linkName(node.hexIp));
  const link = linkPath.slice(config.tftp.root.length).replace(/^\/+/, '');
  const seen = observeLink(linkPath);
  if (seen.kind === 'other') return { fqdn: node.fqdn, state: 'unknown', link, target: '(not a symlink)' };
  const target = seen.kind === 'link' ? seen.target : undefined;
  return { fqdn: node.fqdn, state: stateOfTarget(target, node, layout), link, ...(target !== undefined ? { target } : {}) };
}

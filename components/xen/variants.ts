/**
 * The two configs of a domain: the boot variant (its options, disks, vifs
 * and bootloader) and the install variant (the install kernel, ramdisk and
 * arguments from install_options, `on_reboot = destroy` unless it says
 * otherwise, no bootloader). A guest started from the install variant is
 * destroyed when the installer reboots it; the next agent run starts it
 * again from the boot variant. With the network bootloader (panfab-pxeboot)
 * the install server decides what boots, so one config serves both and no
 * install variant is written.
 */
import type { DiskSpec, DomainSpec, Setting, VifSpec } from './model.js';
import { ProfileError } from '../sdk/index.js';

export const PXEBOOT_NAME = 'panfab-pxeboot';

export interface DomainConfig {
  /** 'boot' or 'install'. */
  variant: 'boot' | 'install';
  settings: Setting[];
  disks: DiskSpec[];
  vifs: VifSpec[];
  bootloader?: string;
  bootloaderArgs?: string[];
}

export function usesNetworkBootloader(d: DomainSpec): boolean {
  return d.bootloader !== undefined && d.bootloader.split('/').pop() === PXEBOOT_NAME;
}

function words(text: string | undefined): string[] {
  return (text ?? '').split(/\s+/).filter((w) => w !== '');
}

/** bootloader_args: for panfab-pxeboot the guest's MAC and bridge first; then bootargs. */
function bootloaderArgs(d: DomainSpec): string[] {
  if (!usesNetworkBootloader(d)) return words(d.bootargs);
  const nic = d.vifs[0];
  if (!nic) throw new ProfileError(`${d.where}/vif`, `${PXEBOOT_NAME} boots from the network: the domain needs a vif`);
  return [`--mac=${nic.mac}`, ...(nic.bridge ? [`--interface=${nic.bridge}`] : []), ...words(d.bootargs)];
}

export function bootConfig(d: DomainSpec): DomainConfig {
  const args = d.bootloader ? bootloaderArgs(d) : [];
  return {
    variant: 'boot',
    settings: d.options,
    disks: d.disks,
    vifs: d.vifs,
    ...(d.bootloader ? { bootloader: d.bootloader } : {}),
    ...(args.length > 0 ? { bootloaderArgs: args } : {}),
  };
}

/** Options overridden by install_options (same place), install-only ones appended. */
function merged(options: Setting[], install: Setting[]): Setting[] {
  const over = new Map(install.map((s) => [s.key, s]));
  const out = options.map((s) => over.get(s.key) ?? s);
  for (const s of install) if (!options.some((o) => o.key === s.key)) out.push(s);
  return out;
}

/** The install variant, or undefined when the domain has none (no install_options, or network boot). */
export function installConfig(d: DomainSpec): DomainConfig | undefined {
  if (!d.install || usesNetworkBootloader(d)) return undefined;
  return { variant: 'install', settings: merged(d.options, d.install), disks: d.disks, vifs: d.vifs };
}

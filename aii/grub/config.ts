/**
 * grub2 (EFI) configs: `<fqdn>.cfg` (install) and the shared `localboot.cfg`
 * in the grub directory; grub looks up `grub.cfg-<HEXIP>`, the link the verbs
 * switch. Grub scripts are shell-like, so every kernel argument is written
 * as a single-quoted word: nothing in it can end the command or the block.
 */
import { singleQuote, type Where } from '../escape.js';
import { installKernelArgs } from '../kernel-args.js';
import type { InstallNode } from '../node.js';
import { GENERATED_HEADER } from '../pxelinux/config.js';

export function grubLinkName(hexIp: string): string {
  return `grub.cfg-${hexIp}`;
}

export function grubInstallConfig(node: InstallNode): string {
  const where: Where = { source: node.source, path: '/system/aii/nbp' };
  const args = installKernelArgs(node).map((a) => singleQuote(a, where));
  return [
    `${GENERATED_HEADER} for ${node.fqdn}: do not edit, change the profile and run panfab aii --configure`,
    'set default=install',
    'set timeout=3',
    `menuentry ${singleQuote(node.nbp.label, where)} --id install {`,
    `  echo ${singleQuote(`panfab: installing ${node.fqdn}`, where)}`,
    `  linux ${singleQuote(`/${node.nbp.kernel}`, where)} ${args.join(' ')}`,
    `  initrd ${singleQuote(`/${node.nbp.initrd}`, where)}`,
    '}',
    '',
  ].join('\n');
}

/** Leaving grub returns to the EFI boot manager, which boots the next entry: the local disk. */
export function grubLocalbootConfig(): string {
  return [
    `${GENERATED_HEADER} (shared local boot): do not edit`,
    'set default=local',
    'set timeout=3',
    "menuentry 'Boot from local disk' --id local {",
    '  exit',
    '}',
    '',
  ].join('\n');
}

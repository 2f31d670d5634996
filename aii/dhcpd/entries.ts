/**
 * dhcpd host entries computed from install nodes: the boot NIC's MAC, the
 * fixed address, next-server, boot file name and the profile's extra
 * options. Values were validated when the node was built; strings are
 * quoted here once more by dhcpString.
 */
import { dhcpString, at, type Where } from '../escape.js';
import type { InstallNode } from '../node.js';

export interface DhcpHostEntry {
  readonly fqdn: string;
  readonly mac: string;
  readonly ip: string;
  /** The `host ... { ... }` declaration, ending with a newline. */
  readonly text: string;
}

export interface DhcpDefaults {
  /** next-server when the profile names none (omitted when this is undefined too). */
  readonly nextServer?: string;
  readonly pxelinuxFile: string;
  readonly grubFile: string;
}

export function dhcpHostEntry(node: InstallNode, defaults: DhcpDefaults): DhcpHostEntry {
  const where: Where = { source: node.source, path: '/system/aii/dhcp' };
  const nextServer = node.dhcp.nextServer ?? defaults.nextServer;
  const filename = node.dhcp.filename ?? (node.nbp.variant === 'grub2' ? defaults.grubFile : defaults.pxelinuxFile);
  const lines = [
    `host ${node.fqdn} {`,
    `  hardware ethernet ${node.install.mac};`,
    `  fixed-address ${node.install.ip};`,
    `  option host-name ${dhcpString(node.hostname, where)};`,
    ...(nextServer !== undefined ? [`  next-server ${nextServer};`] : []),
    `  filename ${dhcpString(filename, at(where, 'filename'))};`,
    ...node.dhcp.options.map(([name, value]) => `  option ${name} ${value};`),
    '}',
  ];
  return { fqdn: node.fqdn, mac: node.install.mac, ip: node.install.ip, text: `${lines.join('\n')}\n` };
}

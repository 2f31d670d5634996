/**
 * The install kernel's command line, shared by pxelinux and grub: where the
 * kickstart is, which device fetches it, the node's address settings
 * (dracut's ifname=/ip=/nameserver=), then the profile's extra arguments.
 * Every piece was validated as a single word when the node was built.
 */
import type { InstallNode } from './node.js';

export function installKernelArgs(node: InstallNode): string[] {
  const nic = node.install;
  const args = [`inst.ks=${node.nbp.kslocation}`, `ksdevice=${node.nbp.ksdevice}`, `ifname=${nic.name}:${nic.mac}`];
  if (nic.bootproto === 'dhcp') {
    args.push(`ip=${nic.name}:dhcp`);
  } else {
    args.push(`ip=${nic.ip}::${nic.gateway ?? ''}:${nic.netmask ?? ''}:${node.fqdn}:${nic.name}:none`);
    for (const ns of node.nameservers) args.push(`nameserver=${ns}`);
  }
  if (node.nbp.append !== '') args.push(...node.nbp.append.split(' '));
  return args;
}

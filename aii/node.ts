/**
 * What the install server needs to know about one node, taken from its
 * (schema-validated) profile and checked once more for the syntax of the
 * files it will end up in. Everything downstream (dhcpd, pxelinux, grub,
 * kickstart) renders from an InstallNode, never from the raw profile.
 */
import type { Profile } from '../schema/index.js';
import { AiiError } from './errors.js';
import * as esc from './escape.js';
import type { Where } from './escape.js';

type ProfileSystem = NonNullable<Profile['system']>;
export type AiiProfileConfig = NonNullable<ProfileSystem['aii']>;
export type KickstartProfileConfig = AiiProfileConfig['ks'];
export type BlockDevicesConfig = NonNullable<ProfileSystem['blockdevices']>;
export type FilesystemsConfig = NonNullable<ProfileSystem['filesystems']>;

export type NbpVariant = 'pxelinux' | 'grub2';

export interface InstallInterface {
  /** Interface (and boot NIC) name, like eth0. */
  readonly name: string;
  readonly mac: string;
  readonly bootproto: 'static' | 'dhcp' | 'none';
  /** The node's fixed address: what dhcpd hands out and what the hex-IP file is named after. */
  readonly ip: string;
  readonly netmask?: string;
  readonly gateway?: string;
}

export interface NbpSettings {
  readonly variant: NbpVariant;
  readonly kernel: string;
  readonly initrd: string;
  readonly append: string;
  readonly label: string;
  readonly kslocation: string;
  readonly ksdevice: string;
  readonly rescue?: string;
  readonly firmware?: string;
}

export interface DhcpSettings {
  readonly nextServer?: string;
  readonly filename?: string;
  /** Extra `option <name> <value>;` lines, in profile order. */
  readonly options: readonly (readonly [string, string])[];
}

export interface InstallNode {
  readonly fqdn: string;
  readonly hostname: string;
  readonly domain: string;
  /** Where the profile came from (file or URL), for error messages. */
  readonly source: string;
  readonly protected: boolean;
  readonly install: InstallInterface;
  /** Upper-case hex of the install IP: the name of the node's pxelinux/grub link. */
  readonly hexIp: string;
  readonly nameservers: readonly string[];
  readonly dhcp: DhcpSettings;
  readonly nbp: NbpSettings;
  readonly children: readonly string[];
  readonly parent?: string;
  /** The parts the kickstart renders from (checked there, with their paths). */
  readonly ks: KickstartProfileConfig;
  readonly blockdevices?: BlockDevicesConfig;
  readonly filesystems?: FilesystemsConfig;
}

/** Build the InstallNode of a validated profile; `expectedFqdn` is the name it was looked up by. */
export function installNode(profile: Profile, source: string, expectedFqdn?: string): InstallNode {
  const root: Where = { source, path: '' };
  const system = profile.system;
  const network = system?.network;
  const aii = system?.aii;
  if (network === undefined) throw new AiiError(`${source}: /system/network: is required by panfab aii`);
  if (aii === undefined) throw new AiiError(`${source}: /system/aii: is required by panfab aii`);
  const netWhere = esc.at(root, 'system', 'network');
  const hostname = esc.hostname(network.hostname, esc.at(netWhere, 'hostname'));
  const domain = esc.domainname(network.domainname, esc.at(netWhere, 'domainname'));
  const fqdn = esc.fqdn(`${hostname}.${domain}`, netWhere);
  if (expectedFqdn !== undefined && expectedFqdn !== fqdn) {
    throw new AiiError(`${source}: /system/network: describes ${fqdn}, not ${expectedFqdn}`);
  }
  const install = installInterface(profile, root);
  const aiiWhere = esc.at(root, 'system', 'aii');
  const nameservers = (network.nameserver ?? []).map((ns, i) => esc.ipv4(ns, esc.at(netWhere, 'nameserver', i)));
  const enclosure = system?.enclosure;
  const encWhere = esc.at(root, 'system', 'enclosure');
  return {
    fqdn,
    hostname,
    domain,
    source,
    protected: aii.protected === true,
    install,
    hexIp: esc.hexIp(install.ip),
    nameservers,
    dhcp: dhcpSettings(aii, esc.at(aiiWhere, 'dhcp')),
    nbp: nbpSettings(aii, install, esc.at(aiiWhere, 'nbp')),
    children: (enclosure?.children ?? []).map((c, i) => esc.fqdn(c, esc.at(encWhere, 'children', i))),
    ...(enclosure?.parent !== undefined ? { parent: esc.fqdn(enclosure.parent, esc.at(encWhere, 'parent')) } : {}),
    ks: aii.ks,
    ...(system?.blockdevices !== undefined ? { blockdevices: system.blockdevices } : {}),
    ...(system?.filesystems !== undefined ? { filesystems: system.filesystems } : {}),
  };
}

/** The boot NIC (the one with boot: true, or the only NIC) and the interface named like it. */
function installInterface(profile: Profile, root: Where): InstallInterface {
  const nicsWhere = esc.at(root, 'hardware', 'cards', 'nic');
  const nics = Object.entries(profile.hardware?.cards?.nic ?? {});
  const boot = nics.filter(([, nic]) => nic.boot === true);
  let chosen: (typeof nics)[number];
  if (boot.length === 1) chosen = boot[0]!;
  else if (boot.length === 0 && nics.length === 1) chosen = nics[0]!;
  else if (boot.length === 0) throw new AiiError(`${root.source}: ${nicsWhere.path}: no NIC has boot: true (needed to pick the install NIC among ${nics.length})`);
  else throw new AiiError(`${root.source}: ${nicsWhere.path}: several NICs have boot: true (${boot.map(([n]) => n).join(', ')})`);
  const [name, nic] = chosen;
  const macAddr = esc.mac(nic.hwaddr, esc.at(nicsWhere, name, 'hwaddr'));
  const ifWhere = esc.at(root, 'system', 'network', 'interfaces', name);
  const network = profile.system!.network!;
  const iface = network.interfaces?.[name];
  if (iface === undefined) throw new AiiError(`${root.source}: ${ifWhere.path}: missing: the install interface is named like the boot NIC`);
  if (iface.ip === undefined) throw new AiiError(`${root.source}: ${ifWhere.path}/ip: is required: the install server gives the node a fixed address`);
  const gateway = iface.gateway ?? network.default_gateway;
  return {
    name: esc.pattern(name, ifWhere, /^[A-Za-z][A-Za-z0-9_.-]{0,14}$/, 'an interface name'),
    mac: macAddr,
    bootproto: iface.bootproto,
    ip: esc.ipv4(iface.ip, esc.at(ifWhere, 'ip')),
    ...(iface.netmask !== undefined ? { netmask: esc.ipv4(iface.netmask, esc.at(ifWhere, 'netmask')) } : {}),
    ...(gateway !== undefined ? { gateway: esc.ipv4(gateway, esc.at(ifWhere, 'gateway')) } : {}),
  };
}

function dhcpSettings(aii: AiiProfileConfig, where: Where): DhcpSettings {
  const dhcp = aii.dhcp ?? {};
  const options = Object.entries(dhcp.options ?? {}).map(
    ([name, value]) => [esc.dhcpOptionName(name, esc.at(where, 'options', name)), esc.dhcpOptionValue(value, esc.at(where, 'options', name))] as const,
  );
  return {
    ...(dhcp.next_server !== undefined ? { nextServer: esc.ipv4(dhcp.next_server, esc.at(where, 'next_server')) } : {}),
    ...(dhcp.filename !== undefined ? { filename: esc.tftpPath(dhcp.filename, esc.at(where, 'filename')) } : {}),
    options,
  };
}

function nbpSettings(aii: AiiProfileConfig, install: InstallInterface, where: Where): NbpSettings {
  const nbp = aii.nbp;
  const variant = nbp.variant;
  if (variant !== 'pxelinux' && variant !== 'grub2') throw new AiiError(`${where.source}: ${where.path}/variant: must be pxelinux or grub2`);
  return {
    variant,
    kernel: esc.tftpPath(nbp.kernel, esc.at(where, 'kernel')),
    initrd: esc.tftpPath(nbp.initrd, esc.at(where, 'initrd')),
    append: nbp.append === undefined ? '' : esc.kernelArgs(nbp.append, esc.at(where, 'append')),
    label: esc.menuLabel(nbp.label, esc.at(where, 'label')),
    kslocation: esc.url(nbp.kslocation, esc.at(where, 'kslocation')),
    ksdevice: nbp.ksdevice === undefined ? install.mac : esc.word(nbp.ksdevice, esc.at(where, 'ksdevice')),
    ...(nbp.rescue !== undefined ? { rescue: esc.fileName(nbp.rescue, esc.at(where, 'rescue')) } : {}),
    ...(nbp.firmware !== undefined ? { firmware: esc.fileName(nbp.firmware, esc.at(where, 'firmware')) } : {}),
  };
}

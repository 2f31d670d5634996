/**
 * TypeScript types of compiled profiles, generated from schema/*.schema.json
 * by schema/ts-types.ts (node dist/schema/generate.js): do not edit.
 */

/** `/hardware`: The machine: CPUs, RAM, disks, NICs and where it is. Sizes in MiB. */
export interface Hardware {
  cpu: Cpu[];
  /** RAM modules; the total RAM is the sum of their sizes. */
  ram: Ram[];
  /** Disks by kernel device name (sda, xvda). */
  harddisks?: Record<string, HardDisk>;
  cards: Cards;
  /** Where the machine is; for a Xen guest, the FQDN of its Dom0. */
  location?: string;
  /** Free text that is never written into a configuration file: one line, no control characters. */
  serialnumber?: string;
  /** Free text that is never written into a configuration file: one line, no control characters. */
  model?: string;
  /** Free text that is never written into a configuration file: one line, no control characters. */
  manufacturer?: string;
  [key: string]: unknown;
}

export interface Cpu {
  arch: string;
  cores: number;
  /** Free text that is never written into a configuration file: one line, no control characters. */
  manufacturer?: string;
  /** Free text that is never written into a configuration file: one line, no control characters. */
  model?: string;
  /** Clock speed in MHz. */
  speed?: number;
  /** Free text that is never written into a configuration file: one line, no control characters. */
  vendor?: string;
  max_threads?: number;
}

export interface Ram {
  /** A size in MiB (at most 1 EiB). */
  size: number;
  type?: string;
}

export interface HardDisk {
  /** A size in MiB (at most 1 EiB). */
  capacity: number;
  interface?: string;
  /** Free text that is never written into a configuration file: one line, no control characters. */
  model?: string;
  /** Put between the disk name and the partition number (nvme0n1 + p + 1). */
  part_prefix?: string;
}

/** Expansion cards; panfab reads only the NICs, other kinds are allowed. */
export interface Cards {
  nic?: Record<string, Nic>;
  [key: string]: unknown;
}

export interface Nic {
  /** MAC address, aa:bb:cc:dd:ee:ff (either case; consumers lower-case it). */
  hwaddr: string;
  /** The NIC the machine installs and boots from. */
  boot?: boolean;
  pxe?: boolean;
  driver?: string;
  /** Free text that is never written into a configuration file: one line, no control characters. */
  media?: string;
  /** Mb/s. */
  maxspeed?: number;
}

/** `/system/network`: Host name, domain and interfaces. The FQDN is hostname.domainname; the install interface is named like the boot NIC. */
export interface NetworkConfig {
  /** Short host name: one lower-case label. */
  hostname: string;
  /** DNS domain: lower-case labels, dot separated. */
  domainname: string;
  /** Dotted-quad IPv4 address. */
  default_gateway?: string;
  nameserver?: string[];
  interfaces: Record<string, NetworkInterface>;
}

export interface NetworkInterface {
  /** Dotted-quad IPv4 address. */
  ip?: string;
  /** Dotted-quad IPv4 address. */
  netmask?: string;
  /** Dotted-quad IPv4 address. */
  gateway?: string;
  /** Dotted-quad IPv4 address. */
  broadcast?: string;
  bootproto: 'static' | 'dhcp' | 'none';
  onboot?: boolean;
}

/** `/system/enclosure`: What contains what: a Dom0 lists its guests, a guest names its Dom0. */
export interface Enclosure {
  /** On a Dom0: the FQDNs of its guests. */
  children?: string[];
  /** On a guest: the FQDN of its Dom0. */
  parent?: string;
}

/** `/system/aii`: How the install server installs the node: DHCP, network boot program and kickstart. */
export interface AiiConfig {
  /** When true, panfab aii needs --confirm to remove, configure or install the node. @default false */
  protected?: boolean;
  dhcp?: AiiDhcp;
  nbp: AiiNbp;
  ks: AiiKickstart;
}

export interface AiiDhcp {
  /** Extra dhcpd option lines: option name -> value as written after it. */
  options?: Record<string, string>;
  /** TFTP server; defaults to the install server's address. */
  next_server?: string;
  /** Boot file; default pxelinux.0 (grubx64.efi for grub2). */
  filename?: string;
}

export interface AiiNbp {
  variant: 'pxelinux' | 'grub2';
  /** Install kernel, relative to the TFTP root. */
  kernel: string;
  /** Install initrd, relative to the TFTP root. */
  initrd: string;
  /** Extra kernel arguments. */
  append?: string;
  /** Boot menu label. */
  label: string;
  /** Where the kickstart is served (http://.../ks/<fqdn>.ks). */
  kslocation: string;
  /** Install interface; default: the boot NIC's MAC. */
  ksdevice?: string;
  /** Name of a rescue config (rescue.cfg). */
  rescue?: string;
  /** Name of a firmware config. */
  firmware?: string;
}

export interface AiiKickstart {
  packages: string[];
  /** Crypted root password ($6$salt$hash, $y$..., $2b$...). */
  rootpw: string;
  timezone: string;
  lang: string;
  keyboard: string;
  /** The kickstart install-source line (url --url http://...). */
  installtype: string;
  /** Called at the end of %post. */
  ackurl: string;
  /** Profile URL the installed agent fetches (may hold __HOST__ and __DOMAIN__). */
  agent_profile_url: string;
  /** Disks the kickstart may clear. */
  clearpart?: string[];
}

/** `/system/blockdevices`: Block devices the filesystems component may create: disks, partitions, LVM volume groups and logical volumes, files. Sizes in MiB. */
export interface BlockDevices {
  physical_devs?: Record<string, PhysicalDev>;
  partitions?: Record<string, Partition>;
  volume_groups?: Record<string, VolumeGroup>;
  logical_volumes?: Record<string, LogicalVolume>;
  /** Files used as block devices, by escaped absolute path (escape('/srv/swap') = _2fsrv_2fswap). */
  files?: Record<string, BlockDeviceFile>;
}

export interface PhysicalDev {
  /** Partition table type. */
  label: 'msdos' | 'gpt' | 'none';
}

export interface Partition {
  /** The disk holding the partition. */
  holding_dev: string;
  /** Absent: the rest of the disk. */
  size?: number;
  type?: 'primary' | 'extended' | 'logical';
  /** Partition flags (boot, lvm, esp, bios_grub...) set or cleared. */
  flags?: Record<string, boolean>;
}

export interface VolumeGroup {
  /** Physical volumes, as block-device references. */
  device_list: string[];
}

export interface LogicalVolume {
  /** Absent: the free space of the volume group. */
  size?: number;
  /** LVM volume group or logical volume name. */
  volume_group: string;
}

export interface BlockDeviceFile {
  /** A size in MiB (at most 1 EiB). */
  size: number;
  owner?: string;
  group?: string;
  /** Octal mode, as a string (0600). */
  perm?: string;
}

export interface Filesystem {
  /** A reference to a block device: partitions/<name>, logical_volumes/<name>, physical_devs/<dev> or files/<escaped path>. */
  block_device: string;
  /** Absolute path, or swap / none. */
  mountpoint: string;
  type: 'ext4' | 'xfs' | 'ext3' | 'ext2' | 'swap' | 'vfat' | 'none';
  format: boolean;
  preserve: boolean;
  mount: boolean;
  /** fstab options (defaults,noatime). */
  mountopts?: string;
  /** Extra mkfs arguments. */
  mkfsopts?: string;
  label?: string;
  /** fstab dump frequency. */
  freq?: number;
  /** fstab fsck pass. */
  pass?: number;
}

/** The fields of ComponentConfig, for the records that include them. */
export interface ComponentConfigFields {
  /** Whether the agent runs the component. @default true */
  active: boolean;
  /** Whether the agent runs it when the profile changes. @default true */
  dispatch?: boolean;
  dependencies?: ComponentDependencies;
}

/** `/software/components/<name>`: What every agent component has. Components add their own fields. */
export interface ComponentConfig extends ComponentConfigFields {
  [key: string]: unknown;
}

export interface ComponentDependencies {
  /** Components that must run before this one. */
  pre?: string[];
  /** Components that must run after this one. */
  post?: string[];
}

/** `/software/components/xen`: The xen component of a Dom0: its guest domains, their storage and whether to create them. */
export interface XenComponent extends ComponentConfigFields {
  /** Create missing backing storage. */
  create_filesystems: boolean;
  /** Start the domains that should run. */
  create_domains: boolean;
  /** @default "xl" */
  config_format?: 'xl' | 'xm';
  /** Absolute path of portable characters, without '.' or '..' segments. @default "/etc/xen" */
  config_dir?: string;
  /** Remove what the component made (configs, links, storage) for stopped guests that left the profile. @default false */
  remove_absent_domains?: boolean;
  /** Guest domains by domain name. */
  domains: Record<string, XenDomain>;
}

/** An xl value: number, boolean, string or list of strings; strings are written quoted. */
export type XenOptionValue = number | boolean | string | string[];

/** xl options, written as typed xl values. */
export interface XenOptions {
  /** A domain name: also a file name under the config dir and part of LVM volume names. */
  name: string;
  /** MiB. */
  memory: number;
  /** MiB. */
  maxmem?: number;
  vcpus?: number;
  on_reboot?: 'destroy' | 'restart' | 'rename-restart' | 'preserve' | 'coredump-destroy' | 'coredump-restart' | 'soft-reset';
  on_poweroff?: 'destroy' | 'restart' | 'rename-restart' | 'preserve' | 'coredump-destroy' | 'coredump-restart' | 'soft-reset';
  on_crash?: 'destroy' | 'restart' | 'rename-restart' | 'preserve' | 'coredump-destroy' | 'coredump-restart' | 'soft-reset';
  [key: string]: XenOptionValue | undefined;
}

/** Install variant of a domain: the options used to install it. */
export interface XenInstallOptions {
  /** Absolute path of portable characters, without '.' or '..' segments. */
  kernel?: string;
  /** Absolute path of portable characters, without '.' or '..' segments. */
  ramdisk?: string;
  /** Kernel arguments. */
  extra?: string;
  /** @default "destroy" */
  on_reboot?: 'destroy' | 'restart' | 'rename-restart' | 'preserve' | 'coredump-destroy' | 'coredump-restart' | 'soft-reset';
  [key: string]: XenOptionValue | undefined;
}

/** A guest disk. An lvm disk needs volume_group (its volume is <domain>_<guest_device> unless path names it); file and phy disks need path. */
export interface XenDisk {
  type: 'file' | 'lvm' | 'phy';
  /** A size in MiB (at most 1 EiB). */
  size?: number;
  /** LVM volume group or logical volume name. */
  volume_group?: string;
  /** file: image path; phy: device; lvm: volume name. */
  path?: string;
  guest_device: string;
  access: 'rw' | 'ro';
  format?: 'raw' | 'qcow2';
}

export interface XenVif {
  /** MAC address, aa:bb:cc:dd:ee:ff (either case; consumers lower-case it). */
  mac: string;
  /** Network interface name (at most 15 characters): eth0, br0, bond0, eth0.100. */
  bridge?: string;
  /** Dotted-quad IPv4 address. */
  ip?: string;
}

export interface XenDomain {
  options: XenOptions;
  install_options?: XenInstallOptions;
  disks: XenDisk[];
  vif: XenVif[];
  /** /usr/bin/pygrub, /usr/bin/panfab-pxeboot... */
  bootloader?: string;
  /** Kernel command-line arguments: no quotes, ';', '#', '$', braces or control characters (they reach pxelinux and grub configuration lines). */
  bootargs?: string;
  /** Link the config in <config_dir>/auto/ so the domain starts with the host. */
  auto: boolean;
  /** @default "running" */
  state?: 'running' | 'stopped';
}

/** `/software/components/filesystems`: The filesystems component; its data comes from /system/blockdevices and /system/filesystems. */
export interface FilesystemsComponent extends ComponentConfigFields {
  /** Create the block devices the filesystems need. @default true */
  manage_blockdevs?: boolean;
}

/** The subtrees panfab's install server and agent read. Other trees, and other children of /system and /software, are allowed and not checked. */
export interface Profile {
  hardware: Hardware;
  system: ProfileSystem;
  software?: ProfileSoftware;
  [key: string]: unknown;
}

export interface ProfileSystem {
  network: NetworkConfig;
  enclosure?: Enclosure;
  aii?: AiiConfig;
  blockdevices?: BlockDevices;
  /** Filesystems on block devices of /system/blockdevices. preserve: existing data must be kept; format: a filesystem may be made when none exists. */
  filesystems?: Filesystem[];
  [key: string]: unknown;
}

export interface ProfileSoftware {
  components?: Components;
  [key: string]: unknown;
}

/** Agent components by name; xen and filesystems have their own schemas, every other one has at least the common fields. */
export interface Components {
  xen?: XenComponent;
  filesystems?: FilesystemsComponent;
  [key: string]: ComponentConfig | XenComponent | FilesystemsComponent | undefined;
}

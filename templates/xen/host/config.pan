@{
A Xen Dom0. Include it in the Dom0's object template once the host's own
/hardware, /system/network and /system/blockdevices are set:

    variable XEN_DOM0_MEM = 4096;
    variable XEN_VG = 'vg_xen';
    include 'xen/host/config';

The guests are XEN_GUESTS (default: XEN_DB[<this host>]). Everything about a
guest comes from the guest's own profile, through cross-object references:
its domain entry under /software/components/xen/domains (memory = its RAM,
vcpus = its cores, one lvm disk per harddisk, one vif per NIC), the logical
volumes backing its disks (/system/blockdevices/logical_volumes, named
<guest>_<device>, in XEN_VG), and its install variant. The host lists its
guests in /system/enclosure/children; each guest names the host in its
/system/enclosure/parent (xen/guest/config).

Boot: XEN_BOOTLOADER[guest] (else XEN_BOOTLOADER_DEFAULT) is 'pygrub',
'pxeboot' or a path. 'pxeboot' is panfab's network bootloader: the domain
boots like a physical machine, the install server deciding between install
and local boot, so it has no install variant; the xen component gives it
'--mac=<first vif's MAC> --interface=<that vif's bridge>' as bootloader_args,
before bootargs. Any other gets an install variant (install_options) made
from the guest's /system/aii/nbp: its kernel and initrd under
XEN_INSTALL_BOOT_DIR, its kickstart and address arguments, on_reboot =
destroy. bootargs (extra bootloader arguments) is XEN_BOOTARGS[guest], else
XEN_BOOTARG_DEFAULT, absent when empty.

Validation (xen/checks, panfab/checks/storage): every listed guest names this
host as its parent (a guest on two hosts fails on one of them), the guests'
memory plus XEN_DOM0_MEM fits in the host's RAM, and every volume group holds
its logical volumes. Site-wide checks (MAC addresses) are in
panfab/site/checks.
}
unique template xen/host/config;

include 'panfab/schema';
include 'xen/checks';
include 'panfab/checks/storage';

@{ FQDN of this Dom0 (default: from /system/network, else the object name). }
variable XEN_HOSTNAME ?= panfab_object_fqdn();

@{ Site-wide dict: Dom0 FQDN -> list of its guests' FQDNs. Optional when every Dom0 sets XEN_GUESTS. }
variable XEN_DB ?= dict();

@{ FQDNs of this Dom0's guests; each must have an object template of that name. }
variable XEN_GUESTS ?= xen_db_guests_of(XEN_HOSTNAME);

@{ Volume group holding the guests' disks; /system/blockdevices/volume_groups must declare it. }
variable XEN_VG ?= 'vg_xen';

@{ MiB of RAM kept for the Dom0 itself (Xen's dom0_mem); counted against /hardware/ram with the guests'. }
variable XEN_DOM0_MEM ?= 2048;

@{ Bootloader of guests without an XEN_BOOTLOADER entry: 'pygrub', 'pxeboot' or a path. }
variable XEN_BOOTLOADER_DEFAULT ?= 'pygrub';

@{ Per-guest bootloader: dict guest FQDN -> 'pygrub', 'pxeboot' or a path. }
variable XEN_BOOTLOADER ?= dict();

@{ Extra bootloader arguments of guests without an XEN_BOOTARGS entry ('' for none; after pxeboot's --mac and --interface). }
variable XEN_BOOTARG_DEFAULT ?= '';

@{ Per-guest bootloader arguments: dict guest FQDN -> string (pygrub: '--entry=0'...). }
variable XEN_BOOTARGS ?= dict();

@{ Let the xen component create missing logical volumes of guest disks (it never shrinks or deletes any). }
variable XEN_CREATE_FILESYSTEMS ?= true;

@{ Let the xen component start the domains that should run and do not. }
variable XEN_CREATE_DOMAINS ?= true;

@{ Bridge of guest NICs without an XEN_VIF_BRIDGE entry. }
variable XEN_BRIDGE_DEFAULT ?= 'xenbr0';

@{ Per-guest, per-NIC bridge: dict guest FQDN -> dict NIC name -> bridge. }
variable XEN_VIF_BRIDGE ?= dict();

@{ Whether guests start with the Dom0 (link in /etc/xen/auto), unless XEN_AUTO says otherwise. }
variable XEN_AUTO_DEFAULT ?= true;

@{ Per-guest auto start: dict guest FQDN -> boolean. }
variable XEN_AUTO ?= dict();

@{ Per-guest wanted state: dict guest FQDN -> 'running' (default) or 'stopped'. }
variable XEN_STATE ?= dict();

@{ Per-guest extra xl options merged over the derived ones: dict guest FQDN -> dict (maxmem, cpus, vfb...). }
variable XEN_OPTIONS ?= dict();

@{ Where install kernels and initrds are on the Dom0: nbp/kernel and nbp/initrd are relative to it. }
variable XEN_INSTALL_BOOT_DIR ?= '/var/lib/xen/boot';

@{ Path of pygrub on the Dom0. }
variable XEN_PYGRUB ?= '/usr/bin/pygrub';

@{ Path of panfab's network bootloader on the Dom0. }
variable XEN_PXEBOOT ?= '/usr/bin/panfab-pxeboot';

'/system/enclosure/children' = XEN_GUESTS;

'/software/components/filesystems/active' ?= true;
'/software/components/xen/active' ?= true;
'/software/components/xen/dependencies/pre' ?= list('filesystems');
'/software/components/xen/create_filesystems' = XEN_CREATE_FILESYSTEMS;
'/software/components/xen/create_domains' = XEN_CREATE_DOMAINS;
'/software/components/xen/domains' = {
    foreach (i; guest; XEN_GUESTS) SELF[guest] = xen_guest_domain(guest);
    if (is_defined(SELF)) SELF else dict();
};

'/system/blockdevices/logical_volumes' = {
    foreach (name; lv; xen_domain_logical_volumes(value('/software/components/xen/domains'))) {
        if (exists(SELF[name])) error(format('%s: logical volume %s of a guest disk is already in /system/blockdevices/logical_volumes', XEN_HOSTNAME, name));
        SELF[name] = lv;
    };
    if (is_defined(SELF)) SELF else dict();
};

valid '/system/enclosure' = xen_check_guest_hosts(SELF, XEN_HOSTNAME);
valid '/software/components/xen' = xen_check_memory(SELF, value('/hardware'), XEN_DOM0_MEM, XEN_HOSTNAME);
valid '/system/blockdevices' = panfab_check_volume_groups(XEN_HOSTNAME, SELF, value('/hardware'));

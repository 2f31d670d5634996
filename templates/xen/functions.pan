@{
Functions of the Xen templates (xen/host/config, xen/guest/config): who hosts
whom (XEN_DB), and a guest's domain entry, logical volumes and install
variant, all derived from the guest's own profile through cross-object
references (value('guest.example.org:/hardware/ram')). The per-guest
settings they read (XEN_BOOTLOADER, XEN_BOOTARGS...) are described in
xen/host/config.
}
declaration template xen/functions;

include 'panfab/functions';

@{ The hosts (sorted) under which XEN_DB lists guest ARGV[0]; empty without XEN_DB. }
function xen_db_hosts_of = {
    if (ARGC != 1 || !is_string(ARGV[0])) error('xen_db_hosts_of takes one guest name');
    hosts = list();
    if (!is_defined(XEN_DB)) return(hosts);
    foreach (host; guests; XEN_DB) {
        foreach (i; guest; guests) {
            if (guest == ARGV[0]) hosts[length(hosts)] = host;
        };
    };
    hosts;
};

@{ The guests XEN_DB lists for host ARGV[0]; empty without XEN_DB or when it lists none. }
function xen_db_guests_of = {
    if (ARGC != 1 || !is_string(ARGV[0])) error('xen_db_guests_of takes one host name');
    if (is_defined(XEN_DB) && exists(XEN_DB[ARGV[0]])) return(XEN_DB[ARGV[0]]);
    list();
};

@{ Entry ARGV[1] of per-guest dict ARGV[0], else the default ARGV[2]. }
function xen_per_guest = {
    if (ARGC != 3) error('xen_per_guest takes a dict, a guest name and a default');
    if (is_dict(ARGV[0]) && exists(ARGV[0][ARGV[1]])) return(ARGV[0][ARGV[1]]);
    ARGV[2];
};

@{
Path of the bootloader named by ARGV[0]: 'pygrub' (XEN_PYGRUB), 'pxeboot'
(XEN_PXEBOOT, panfab's network bootloader) or an absolute path, used as is.
}
function xen_bootloader_path = {
    wanted = ARGV[0];
    if (wanted == 'pygrub') return(XEN_PYGRUB);
    if (wanted == 'pxeboot') return(XEN_PXEBOOT);
    if (is_string(wanted) && match(wanted, '^/')) return(wanted);
    error(format("XEN_BOOTLOADER: '%s' is not 'pygrub', 'pxeboot' or an absolute path", to_string(wanted)));
};

@{
Whether bootloader path ARGV[0] is panfab's network bootloader: its file name
is panfab-pxeboot, as the xen component tells it.
}
function xen_is_network_bootloader = {
    match(ARGV[0], '(^|/)panfab-pxeboot$');
};

@{ Bridge of NIC ARGV[1] of guest ARGV[0]: XEN_VIF_BRIDGE[guest][nic], else XEN_BRIDGE_DEFAULT. }
function xen_vif_bridge = {
    bridges = xen_per_guest(XEN_VIF_BRIDGE, ARGV[0], dict());
    if (exists(bridges[ARGV[1]])) bridges[ARGV[1]] else XEN_BRIDGE_DEFAULT;
};

@{
The vif list of guest ARGV[0] (profile root ARGV[1]): one per NIC of its
/hardware/cards/nic, the boot NIC first, then by name; with the interface's
IP when the guest's network gives one.
}
function xen_guest_vifs = {
    guest = ARGV[0];
    profile = ARGV[1];
    boot = panfab_boot_nic(profile['hardware']);
    vifs = list();
    names = list();
    if (!is_defined(boot)) return(vifs);
    names[0] = boot;
    foreach (name; nic; profile['hardware']['cards']['nic']) {
        if (name != boot) names[length(names)] = name;
    };
    foreach (i; name; names) {
        vif = dict('mac', to_lowercase(profile['hardware']['cards']['nic'][name]['hwaddr']),
                   'bridge', xen_vif_bridge(guest, name));
        if (exists(profile['system']['network']['interfaces'][name]['ip'])) {
            vif['ip'] = profile['system']['network']['interfaces'][name]['ip'];
        };
        vifs[length(vifs)] = vif;
    };
    vifs;
};

@{ Name of guest ARGV[0]'s logical volume for its disk ARGV[1] (the xen component's default name). }
function xen_lv_name = {
    ARGV[0] + '_' + ARGV[1];
};

@{ The disks of guest ARGV[0] (profile root ARGV[1]): one lvm disk in XEN_VG per /hardware/harddisks entry. }
function xen_guest_disks = {
    disks = list();
    if (!exists(ARGV[1]['hardware']['harddisks'])) return(disks);
    foreach (dev; disk; ARGV[1]['hardware']['harddisks']) {
        disks[length(disks)] = dict(
            'type', 'lvm',
            'volume_group', XEN_VG,
            'size', disk['capacity'],
            'guest_device', dev,
            'access', 'rw');
    };
    disks;
};

@{
Install kernel arguments of a guest (profile root ARGV[0]) installed by direct
kernel boot: the kickstart, the boot NIC's address settings, then the
profile's nbp/append, as panfab aii writes them for a network boot.
}
function xen_install_args = {
    profile = ARGV[0];
    fqdn = panfab_network_fqdn(profile['system']['network']);
    nbp = profile['system']['aii']['nbp'];
    nic = panfab_boot_nic(profile['hardware']);
    mac = to_lowercase(profile['hardware']['cards']['nic'][nic]['hwaddr']);
    ksdevice = if (exists(nbp['ksdevice'])) nbp['ksdevice'] else mac;
    args = list('inst.ks=' + nbp['kslocation'], 'ksdevice=' + ksdevice, 'ifname=' + nic + ':' + mac);
    network = profile['system']['network'];
    iface = network['interfaces'][nic];
    if (iface['bootproto'] == 'dhcp' || !exists(iface['ip'])) {
        args[length(args)] = 'ip=' + nic + ':dhcp';
    } else {
        gateway = if (exists(iface['gateway'])) iface['gateway'] else if (exists(network['default_gateway'])) network['default_gateway'] else '';
        netmask = if (exists(iface['netmask'])) iface['netmask'] else '';
        args[length(args)] = format('ip=%s::%s:%s:%s:%s:none', iface['ip'], gateway, netmask, fqdn, nic);
        if (exists(network['nameserver'])) {
            foreach (i; ns; network['nameserver']) args[length(args)] = 'nameserver=' + ns;
        };
    };
    if (exists(nbp['append']) && nbp['append'] != '') args[length(args)] = nbp['append'];
    join(' ', args);
};

@{
The install variant of guest ARGV[0] (profile root ARGV[1]): its install
kernel and initrd (/system/aii/nbp, under XEN_INSTALL_BOOT_DIR on the Dom0),
its install arguments, and on_reboot = destroy so that the installed guest
comes back in its boot variant. Undef when the guest has no /system/aii/nbp.
}
function xen_install_options = {
    profile = ARGV[1];
    if (!exists(profile['system']['aii']['nbp'])) return(undef);
    nbp = profile['system']['aii']['nbp'];
    dict('kernel', XEN_INSTALL_BOOT_DIR + '/' + nbp['kernel'],
         'ramdisk', XEN_INSTALL_BOOT_DIR + '/' + nbp['initrd'],
         'extra', xen_install_args(profile),
         'on_reboot', 'destroy');
};

@{
The xen component's entry for guest ARGV[0], from the guest's profile:
memory (its RAM), vcpus (its cores), disks (its harddisks, as logical volumes
in XEN_VG), vif (its NICs' MACs, the boot NIC first), the bootloader and its
extra arguments (XEN_BOOTLOADER, XEN_BOOTARGS), the install variant (for a
guest that does not boot from the network) and XEN_OPTIONS[guest] merged over
the options.
}
function xen_guest_domain = {
    if (ARGC != 1 || !is_fqdn(ARGV[0])) error(format("xen_guest_domain: '%s' is not a guest FQDN", to_string(ARGV[0])));
    guest = ARGV[0];
    profile = value(guest + ':/');
    options = dict(
        'name', guest,
        'type', 'pv',
        'memory', panfab_ram_mib(profile['hardware']),
        'vcpus', panfab_cpu_cores(profile['hardware']),
        'on_poweroff', 'destroy',
        'on_reboot', 'restart',
        'on_crash', 'restart');
    foreach (k; v; xen_per_guest(XEN_OPTIONS, guest, dict())) options[k] = v;
    domain = dict(
        'options', options,
        'disks', xen_guest_disks(guest, profile),
        'vif', xen_guest_vifs(guest, profile),
        'auto', xen_per_guest(XEN_AUTO, guest, XEN_AUTO_DEFAULT),
        'state', xen_per_guest(XEN_STATE, guest, 'running'));
    bootloader = xen_bootloader_path(xen_per_guest(XEN_BOOTLOADER, guest, XEN_BOOTLOADER_DEFAULT));
    domain['bootloader'] = bootloader;
    if (xen_is_network_bootloader(bootloader)) {
        # The xen component gives panfab-pxeboot the first vif's MAC and bridge
        # (--mac=, --interface=) before bootargs: it does DHCP as the guest.
        if (length(domain['vif']) == 0) error(format('%s: the network bootloader needs a NIC in the guest profile', guest));
    } else {
        install = xen_install_options(guest, profile);
        if (is_defined(install)) domain['install_options'] = install;
    };
    extra = xen_per_guest(XEN_BOOTARGS, guest, XEN_BOOTARG_DEFAULT);
    if (extra != '') domain['bootargs'] = extra;
    domain;
};

@{
The logical volumes of the guests' lvm disks (domains dict ARGV[0], as in
/software/components/xen/domains): name -> size and volume group.
}
function xen_domain_logical_volumes = {
    lvs = dict();
    foreach (name; domain; ARGV[0]) {
        foreach (i; disk; domain['disks']) {
            if (disk['type'] == 'lvm') {
                lv = if (exists(disk['path'])) disk['path'] else xen_lv_name(name, disk['guest_device']);
                lvs[lv] = dict('size', disk['size'], 'volume_group', disk['volume_group']);
            };
        };
    };
    lvs;
};

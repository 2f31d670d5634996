# Generated from schema/xen.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/xen;

include 'panfab/types/base';
include 'panfab/schema/common';
include 'panfab/schema/blockdevices';
include 'panfab/schema/component';

# A domain name: also a file name under the config dir and part of LVM volume names.
type type_xen_domain_name = string with match(SELF, '^[A-Za-z_][A-Za-z0-9_.-]{0,62}\z');

type type_xen_option_name = string(..64) with match(SELF, '^[a-z][a-z0-9_]*\z');

# An xl value: number, boolean, string or list of strings; strings are written quoted.
function is_type_xen_option_value = {
    v = ARGV[0];
    if (is_long(v)) return(true);
    if (is_boolean(v)) return(true);
    if (is_string(v)) return(length(v) <= 4096 && match(v, '^[^\x00-\x1f\x7f"''\\;{}$\x60]*\z'));
    if (is_list(v)) {
        foreach (i; e; v) {
            if (!(is_string(e) && length(e) <= 4096 && match(e, '^[^\x00-\x1f\x7f"''\\;{}$\x60]*\z'))) return(false);
        };
        return(true);
    };
    false;
};
type type_xen_option_value = element with is_type_xen_option_value(SELF);

type type_xen_event_action = string with match(SELF, '^(destroy|restart|rename-restart|preserve|coredump-destroy|coredump-restart|soft-reset)\z');

# xl options, written as typed xl values.
type structure_xen_options = extensible {
    'name' : type_xen_domain_name
    # MiB.
    'memory' : long(16..16777216)
    # MiB.
    'maxmem' ? long(16..16777216)
    'vcpus' ? long(1..512)
    'on_reboot' ? type_xen_event_action
    'on_poweroff' ? type_xen_event_action
    'on_crash' ? type_xen_event_action
} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) <= 64 && match(k, '^[a-z][a-z0-9_]*\z'))) error('xen_options: invalid key ''' + k + '''');
        if (!match(k, '^(name|memory|maxmem|vcpus|on_reboot|on_poweroff|on_crash)\z') && !(is_type_xen_option_value(v))) error('xen_options: invalid value for ''' + k + '''');
    };
    true;
};

# Install variant of a domain: the options used to install it.
type structure_xen_install_options = extensible {
    'kernel' ? type_absolute_path
    'ramdisk' ? type_absolute_path
    # Kernel arguments.
    'extra' ? type_kernel_args
    'on_reboot' : type_xen_event_action = 'destroy'
} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) <= 64 && match(k, '^[a-z][a-z0-9_]*\z'))) error('xen_install_options: invalid key ''' + k + '''');
        if (!match(k, '^(kernel|ramdisk|extra|on_reboot)\z') && !(is_type_xen_option_value(v))) error('xen_install_options: invalid value for ''' + k + '''');
    };
    true;
};

# A guest disk. An lvm disk needs volume_group (its volume is <domain>_<guest_device> unless
# path names it); file and phy disks need path.
type structure_xen_disk = {
    'type' : string with match(SELF, '^(file|lvm|phy)\z')
    'size' ? type_size_mib
    'volume_group' ? type_lvm_name
    # file: image path; phy: device; lvm: volume name.
    'path' ? string(..4096) with match(SELF, '^(?!(.*/)?\.\.?(/|$))/?[A-Za-z0-9._+@%~-]+(/[A-Za-z0-9._+@%~-]+)*\z')
    'guest_device' : string with match(SELF, '^(xvd|hd|sd|vd)[a-z]{1,3}[0-9]{0,3}\z')
    'access' : string with match(SELF, '^(rw|ro)\z')
    'format' ? string with match(SELF, '^(raw|qcow2)\z')
} with {
    if (exists(SELF['type']) && SELF['type'] == 'lvm' && !exists(SELF['volume_group'])) error('xen_disk: type lvm needs volume_group');
    if (exists(SELF['type']) && SELF['type'] == 'file' && !exists(SELF['path'])) error('xen_disk: type file needs path');
    if (exists(SELF['type']) && SELF['type'] == 'phy' && !exists(SELF['path'])) error('xen_disk: type phy needs path');
    true;
};

type structure_xen_vif = {
    'mac' : type_hwaddr
    'bridge' ? type_interface_name
    'ip' ? type_ipv4
};

type structure_xen_domain = {
    'options' : structure_xen_options
    'install_options' ? structure_xen_install_options
    'disks' : structure_xen_disk[]
    'vif' : structure_xen_vif[]
    # /usr/bin/pygrub, /usr/bin/panfab-pxeboot...
    'bootloader' ? type_absolute_path
    'bootargs' ? type_kernel_args
    # Link the config in <config_dir>/auto/ so the domain starts with the host.
    'auto' : boolean
    'state' : string = 'running' with match(SELF, '^(running|stopped)\z')
};

# Guest domains by domain name.
type type_component_xen_domains = structure_xen_domain{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && match(k, '^[A-Za-z_][A-Za-z0-9_.-]{0,62}\z'))) error('component_xen_domains: invalid key ''' + k + '''');
    };
    true;
};

# The xen component of a Dom0: its guest domains, their storage and whether to create them.
type structure_component_xen = {
    include structure_component
    # Create missing backing storage.
    'create_filesystems' : boolean
    # Start the domains that should run.
    'create_domains' : boolean
    'config_format' : string = 'xl' with match(SELF, '^(xl|xm)\z')
    'config_dir' : type_absolute_path = '/etc/xen'
    # Remove what the component made (configs, links, storage) for stopped guests that left the
    # profile.
    'remove_absent_domains' : boolean = false
    # Guest domains by domain name.
    'domains' : type_component_xen_domains
};

# Generated from schema/aii.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/aii;

include 'panfab/types/base';
include 'panfab/schema/common';

# A dhcpd option name, optionally in an option space (domain-name-servers,
# pxelinux.configfile).
type type_dhcp_option_name = string(..128) with match(SELF, '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)?\z');

# A dhcpd option value as written after the option name: comma-separated bare tokens
# (addresses, numbers) or double-quoted strings without quotes, backslash, ';', '#', '$',
# '`', braces or control characters.
type type_dhcp_option_value = string(..1024) with match(SELF, '^("[^"''\\;{}#$\x60\x00-\x1f\x7f]*"|[A-Za-z0-9.:_/+-]+)( *, *("[^"''\\;{}#$\x60\x00-\x1f\x7f]*"|[A-Za-z0-9.:_/+-]+))*\z');

# Extra dhcpd option lines: option name -> value as written after it.
type type_aii_dhcp_options = type_dhcp_option_value{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) <= 128 && match(k, '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)?\z'))) error('aii_dhcp_options: invalid key ''' + k + '''');
    };
    true;
};

type structure_aii_dhcp = {
    # Extra dhcpd option lines: option name -> value as written after it.
    'options' ? type_aii_dhcp_options
    # TFTP server; defaults to the install server's address.
    'next_server' ? type_ipv4
    # Boot file; default pxelinux.0 (grubx64.efi for grub2).
    'filename' ? type_tftp_path
};

type structure_aii_nbp = {
    'variant' : string with match(SELF, '^(pxelinux|grub2)\z')
    # Install kernel, relative to the TFTP root.
    'kernel' : type_tftp_path
    # Install initrd, relative to the TFTP root.
    'initrd' : type_tftp_path
    # Extra kernel arguments.
    'append' ? type_kernel_args
    'label' : type_label
    # Where the kickstart is served (http://.../ks/<fqdn>.ks).
    'kslocation' : type_url
    # Install interface; default: the boot NIC's MAC.
    'ksdevice' ? string(..64) with match(SELF, '^[A-Za-z0-9][A-Za-z0-9:_.-]*\z')
    # Name of a rescue config (rescue.cfg).
    'rescue' ? type_name
    # Name of a firmware config.
    'firmware' ? type_name
};

# A kickstart %packages line: name, glob, @group or -excluded name.
type type_ks_package = string(1..255) with match(SELF, '^[A-Za-z0-9@_.+*:\^-][A-Za-z0-9@_.+*: \^-]*\z');

type structure_aii_ks = {
    'packages' : type_ks_package[]
    # Crypted root password ($6$salt$hash, $y$..., $2b$...).
    'rootpw' : string(..512) with match(SELF, '^\$[0-9a-z]+(\$[A-Za-z0-9./=]*)+\z')
    'timezone' : string(..64) with match(SELF, '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*\z')
    'lang' : string(..64) with match(SELF, '^[A-Za-z0-9_.@-]+\z')
    'keyboard' : string(..64) with match(SELF, '^[A-Za-z0-9_.-]+\z')
    # The kickstart install-source line (url --url http://...).
    'installtype' : string(..2048) with match(SELF, '^[a-z]+( +[A-Za-z0-9._~:/?@%=&+,-]+)*\z')
    # Called at the end of %post.
    'ackurl' : type_url
    # Profile URL the installed agent fetches (may hold __HOST__ and __DOMAIN__).
    'agent_profile_url' : type_url
    # Disks the kickstart may clear.
    'clearpart' ? type_device_name[]
};

# How the install server installs the node: DHCP, network boot program and kickstart.
type structure_aii = {
    # When true, panfab aii needs --confirm to remove, configure or install the node.
    'protected' : boolean = false
    'dhcp' ? structure_aii_dhcp
    'nbp' : structure_aii_nbp
    'ks' : structure_aii_ks
};

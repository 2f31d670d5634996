# Generated from schema/network.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/network;

include 'panfab/types/base';
include 'panfab/schema/common';

type structure_network_interface = {
    'ip' ? type_ipv4
    'netmask' ? type_ipv4
    'gateway' ? type_ipv4
    'broadcast' ? type_ipv4
    'bootproto' : string with match(SELF, '^(static|dhcp|none)\z')
    'onboot' ? boolean
};

type type_network_interfaces = structure_network_interface{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && match(k, '^[A-Za-z][A-Za-z0-9_.-]{0,14}\z'))) error('network_interfaces: invalid key ''' + k + '''');
    };
    true;
};

# Host name, domain and interfaces. The FQDN is hostname.domainname; the install interface is
# named like the boot NIC.
type structure_network = {
    'hostname' : type_hostname
    'domainname' : type_domainname
    'default_gateway' ? type_ipv4
    'nameserver' ? type_ipv4[]
    'interfaces' : type_network_interfaces
};

@{
What every host of the site has, once its /hardware is set: its name and
address from the site database, its network, the profile types, and the
filesystems component. Included by the role templates (node/*).
}
template node/base;

include 'panfab/schema';
include 'panfab/functions';
include 'site/config';

@{ This host: the object templates are named after the hosts' FQDNs. }
final variable FULL_HOSTNAME = OBJECT;
final variable HOSTNAME = {
    parts = matches(FULL_HOSTNAME, '^([a-z0-9-]+)\.');
    parts[1];
};

variable BOOT_NIC = panfab_boot_nic(value('/hardware'));

'/system/network/hostname' = HOSTNAME;
'/system/network/domainname' = SITE_DOMAIN;
'/system/network/default_gateway' = SITE_GATEWAY;
'/system/network/nameserver' = SITE_NAMESERVERS;
'/system/network/interfaces' = {
    if (!exists(DB_IP[FULL_HOSTNAME])) error(format('%s has no address in DB_IP (site/databases)', FULL_HOSTNAME));
    foreach (name; nic; value('/hardware/cards/nic')) {
        SELF[name] = if (name == BOOT_NIC) dict(
            'ip', DB_IP[FULL_HOSTNAME],
            'netmask', SITE_NETMASK,
            'gateway', SITE_GATEWAY,
            'broadcast', SITE_BROADCAST,
            'bootproto', 'static',
            'onboot', true)
        else dict('bootproto', 'none', 'onboot', false);
    };
    SELF;
};

'/software/components/filesystems/active' = true;
'/software/components/filesystems/manage_blockdevs' = true;

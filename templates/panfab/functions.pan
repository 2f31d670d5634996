@{
Small functions over profile data shared by panfab's library templates
(xen/*, panfab/checks/*): a host's FQDN, its total RAM, its boot NIC, sums.
They only read; none of them changes the configuration tree.
}
declaration template panfab/functions;

@{
The FQDN of the object being compiled: /system/network/hostname + '.' +
/system/network/domainname when both are set, else the object name
(panfab's sites name object templates after the host's FQDN).
}
function panfab_object_fqdn = {
    if (ARGC != 0) error('panfab_object_fqdn takes no argument');
    if (path_exists('/system/network/hostname') && path_exists('/system/network/domainname')) {
        return(value('/system/network/hostname') + '.' + value('/system/network/domainname'));
    };
    OBJECT;
};

@{ The FQDN described by a /system/network dict (ARGV[0]). }
function panfab_network_fqdn = {
    if (ARGC != 1 || !is_dict(ARGV[0])) error('panfab_network_fqdn takes one /system/network dict');
    ARGV[0]['hostname'] + '.' + ARGV[0]['domainname'];
};

@{ The sum of a list of longs (0 for an empty list). }
function panfab_sum = {
    if (ARGC != 1 || !is_list(ARGV[0])) error('panfab_sum takes one list');
    total = 0;
    foreach (i; n; ARGV[0]) total = total + n;
    total;
};

@{ Total RAM in MiB of a /hardware dict (ARGV[0]): the sum of its ram modules' sizes. }
function panfab_ram_mib = {
    if (ARGC != 1 || !is_dict(ARGV[0])) error('panfab_ram_mib takes one /hardware dict');
    total = 0;
    if (exists(ARGV[0]['ram'])) {
        foreach (i; module; ARGV[0]['ram']) total = total + module['size'];
    };
    total;
};

@{
Number of virtual CPUs a /hardware dict (ARGV[0]) describes: the sum of its
cpus' cores (1 when it lists no cpu).
}
function panfab_cpu_cores = {
    if (ARGC != 1 || !is_dict(ARGV[0])) error('panfab_cpu_cores takes one /hardware dict');
    total = 0;
    if (exists(ARGV[0]['cpu'])) {
        foreach (i; cpu; ARGV[0]['cpu']) total = total + cpu['cores'];
    };
    if (total == 0) 1 else total;
};

@{
Name of the boot NIC of a /hardware dict (ARGV[0]): the NIC with boot = true,
else the first NIC by name; undef when it has no NIC.
}
function panfab_boot_nic = {
    if (ARGC != 1 || !is_dict(ARGV[0])) error('panfab_boot_nic takes one /hardware dict');
    if (!exists(ARGV[0]['cards']['nic'])) return(undef);
    first = undef;
    foreach (name; nic; ARGV[0]['cards']['nic']) {
        if (exists(nic['boot']) && nic['boot']) return(name);
        if (!is_defined(first)) first = name;
    };
    first;
};

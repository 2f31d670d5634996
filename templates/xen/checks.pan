@{
Consistency checks of a Dom0, run as validation by xen/host/config. Each
returns true or fails with a message naming the hosts and values involved.
}
declaration template xen/checks;

include 'xen/functions';

@{
Validation of a Dom0's /system/enclosure (ARGV[0]) on host ARGV[1]: every
guest it lists names this host as its parent. A guest listed by two hosts
(in XEN_DB or their XEN_GUESTS) has only one parent, so the other host fails
here, naming both.
}
function xen_check_guest_hosts = {
    if (ARGC != 2) error('xen_check_guest_hosts takes /system/enclosure and the host name');
    host = ARGV[1];
    if (!exists(ARGV[0]['children'])) return(true);
    foreach (i; guest; ARGV[0]['children']) {
        parent = value(guest + ':/system/enclosure/parent', '');
        if (parent == '') {
            error(format('%s lists guest %s, whose profile names no host (/system/enclosure/parent): does it include xen/guest/config?',
                host, guest));
        };
        if (parent != host) {
            db = xen_db_hosts_of(guest);
            where = if (length(db) > 1) format('; XEN_DB lists it under %s', join(' and ', db)) else '';
            error(format('guest %s is assigned to two hosts, %s and %s: %s lists it among its guests, but its profile places it on %s (/system/enclosure/parent)%s',
                guest, parent, host, host, parent, where));
        };
    };
    true;
};

@{
Validation of a Dom0's memory: its guests' memory (the larger of memory and
maxmem of each domain of /software/components/xen, ARGV[0]) plus the Dom0's
own (ARGV[2] MiB, XEN_DOM0_MEM) must fit in the RAM of /hardware (ARGV[1]) of
host ARGV[3].
}
function xen_check_memory = {
    if (ARGC != 4) error('xen_check_memory takes /software/components/xen, /hardware, the Dom0 memory and the host name');
    xen = ARGV[0];
    ram = panfab_ram_mib(ARGV[1]);
    dom0 = ARGV[2];
    host = ARGV[3];
    need = dom0;
    parts = list(format('Dom0 %d MiB (XEN_DOM0_MEM)', dom0));
    if (exists(xen['domains'])) {
        foreach (name; domain; xen['domains']) {
            mem = domain['options']['memory'];
            if (exists(domain['options']['maxmem']) && domain['options']['maxmem'] > mem) mem = domain['options']['maxmem'];
            need = need + mem;
            parts[length(parts)] = format('%s %d MiB', name, mem);
        };
    };
    if (need > ram) {
        error(format("%s: its guests' memory plus the Dom0's exceed its RAM: %d MiB needed, %d MiB installed (%s)",
            host, need, ram, join(', ', parts)));
    };
    true;
};

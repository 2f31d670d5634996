@{
Site-wide consistency: checks over every host's profile, read through
cross-object references (value('host.example.org:/path')). They are meant
for one object that may see the whole site, such as the install server, which
must hand out every address anyway (see panfab/site/checks). The checked
hosts' profiles must not refer back to that object: panfab, like panc,
refuses cyclic references between objects.
}
declaration template panfab/checks/site;

include 'panfab/functions';

@{
The NICs (name -> MAC, lower case) of host ARGV[0]'s profile; none when it
has no /hardware/cards/nic.
}
function panfab_host_macs = {
    if (ARGC != 1) error('panfab_host_macs takes one host name');
    nics = value(ARGV[0] + ':/hardware/cards/nic', dict());
    macs = dict();
    foreach (name; nic; nics) macs[name] = to_lowercase(nic['hwaddr']);
    macs;
};

@{
Validation: no MAC address is used twice among the NICs of the hosts listed
in ARGV[0] (FQDNs whose object templates are on the include path). Returns
true, or fails naming the address and both hosts with their NICs.
}
function panfab_check_unique_macs = {
    if (ARGC != 1 || !is_list(ARGV[0])) error('panfab_check_unique_macs takes one list of host names');
    seen = dict();
    done = dict();
    foreach (i; host; ARGV[0]) {
        macs = if (exists(done[host])) dict() else panfab_host_macs(host);
        done[host] = true;
        foreach (nic; mac; macs) {
            key = 'mac_' + replace(':', '_', mac);
            where = format('%s (/hardware/cards/nic/%s)', host, nic);
            if (exists(seen[key])) error(format('MAC address %s is used twice: by %s and by %s', mac, seen[key], where));
            seen[key] = where;
        };
    };
    true;
};

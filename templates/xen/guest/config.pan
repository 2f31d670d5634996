@{
A Xen guest (paravirtualised domain). Include it in the guest's object
template. The guest's data lives here, in its own profile: its RAM, cores,
disks (/hardware/harddisks, capacity in MiB), NICs with their MACs, network
and install settings; its Dom0 (xen/host/config) derives the domain entry,
the logical volumes and the install variant from them.

The Dom0 is XEN_HOST, by default the host XEN_DB lists this guest under
(the first by name if it is listed under several: the others then fail
validation, see xen/checks). It goes to /system/enclosure/parent and
/hardware/location.
}
unique template xen/guest/config;

include 'panfab/schema';
include 'xen/functions';

@{ FQDN of this guest (default: from /system/network, else the object name). }
variable XEN_GUEST_HOSTNAME ?= panfab_object_fqdn();

@{ Site-wide dict: Dom0 FQDN -> list of its guests' FQDNs. }
variable XEN_DB ?= dict();

@{ FQDN of this guest's Dom0; by default the host XEN_DB lists it under. }
variable XEN_HOST ?= {
    hosts = xen_db_hosts_of(XEN_GUEST_HOSTNAME);
    if (length(hosts) == 0) {
        error(format('guest %s: no Dom0 lists it in XEN_DB; set XEN_HOST to the FQDN of its Dom0', XEN_GUEST_HOSTNAME));
    };
    hosts[0];
};

@{
Keep the guest's clock independent of the Dom0's (sysctl
xen.independent_wallclock = 1, for kernels that have it), so that the guest
runs its own time synchronisation. Needs a sysctl component on the guest.
}
variable XEN_INDEPENDENT_WALLCLOCK ?= false;

'/system/enclosure/parent' = XEN_HOST;
'/hardware/location' = XEN_HOST;

'/software/components/sysctl' = {
    if (XEN_INDEPENDENT_WALLCLOCK) {
        SELF['active'] = if (exists(SELF['active'])) SELF['active'] else true;
        SELF['variables']['xen.independent_wallclock'] = '1';
    };
    if (is_defined(SELF)) SELF else null;
};

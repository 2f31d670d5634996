@{
Site-wide consistency checks, run when the including object is validated.
Include it in one object that may read every host's profile, typically the
install server (it hands out every MAC and address, so it is where a clash
would do harm), and list the site's hosts in SITE_HOSTS:

    variable SITE_HOSTS = list('aii.example.org', 'dom0a.example.org', ...);
    include 'panfab/site/checks';

Checks: no MAC address is used by two NICs (panfab_check_unique_macs).
Per-host checks live with the templates that make the data: xen/host/config
(guests on two hosts, Dom0 memory, volume groups).
}
unique template panfab/site/checks;

include 'panfab/checks/site';

@{ FQDNs of every host of the site (their object templates must be on the include path). }
variable SITE_HOSTS ?= list();

valid '/system/network' = panfab_check_unique_macs(SITE_HOSTS);

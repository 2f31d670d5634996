@{
The install server: DHCP, TFTP, kickstarts and profiles for every other
host. It is installed by hand (no /system/aii). Since it serves every MAC
address of the site, it runs the site-wide checks (panfab/site/checks) over
all hosts of SITE_HOSTS.
}
template node/install-server;

include 'site/config';
include 'node/physical';
include 'node/base';
include 'storage/server';

include 'panfab/site/checks';

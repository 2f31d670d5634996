@{ A physical compute node, installed over BIOS network boot (pxelinux). }
template node/compute;

include 'site/config';
include 'node/physical';
include 'node/base';

variable AII_NBP_VARIANT = 'pxelinux';
include 'node/aii';
'/system/aii/nbp/rescue' = 'rescue.cfg';

include 'storage/compute';

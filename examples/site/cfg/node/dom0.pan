@{
A Xen Dom0: a physical machine from the inventory, installed over UEFI
(grub2), whose guests are listed in XEN_DB and described in their own
templates. Set XEN_* variables (xen/host/config) before including it.
}
template node/dom0;

include 'site/config';
include 'node/physical';
include 'node/base';

variable AII_NBP_VARIANT = 'grub2';
variable AII_PACKAGES = merge(SITE_OS_PACKAGES, list('lvm2', 'xen', 'xen-hypervisor'));
variable AII_CLEARPART = list('sda');
include 'node/aii';

include 'storage/dom0';
include 'xen/host/config';

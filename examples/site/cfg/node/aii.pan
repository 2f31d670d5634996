@{
How the install server installs this host: DHCP options, the network boot
program (AII_NBP_VARIANT: pxelinux for BIOS machines and Xen guests, grub2 for
UEFI machines), the install kernel and the kickstart.
}
template node/aii;

variable AII_NBP_VARIANT ?= 'pxelinux';
variable AII_APPEND ?= 'inst.text console=ttyS0,115200n8';
variable AII_PACKAGES ?= SITE_OS_PACKAGES;
variable AII_CLEARPART ?= {
    disks = list();
    foreach (dev; disk; value('/hardware/harddisks')) disks[length(disks)] = dev;
    disks;
};

'/system/aii/dhcp/next_server' = SITE_AII_IP;
'/system/aii/dhcp/options' = dict(
    'domain-name-servers', join(', ', SITE_NAMESERVERS),
    'domain-name', '"' + SITE_DOMAIN + '"');
'/system/aii/nbp' = dict(
    'variant', AII_NBP_VARIANT,
    'kernel', SITE_OS_KERNEL,
    'initrd', SITE_OS_INITRD,
    'append', AII_APPEND,
    'label', format('%s install (%s)', SITE_OS_LABEL, FULL_HOSTNAME),
    'kslocation', format('%s/%s.ks', SITE_KS_URL, FULL_HOSTNAME));
'/system/aii/ks' = dict(
    'packages', AII_PACKAGES,
    'rootpw', SITE_ROOTPW,
    'timezone', SITE_TIMEZONE,
    'lang', SITE_LANG,
    'keyboard', SITE_KEYBOARD,
    'installtype', 'url --url ' + SITE_OS_REPO,
    'ackurl', format('%s?host=%s', SITE_ACK_URL, FULL_HOSTNAME),
    'agent_profile_url', SITE_PROFILE_URL,
    'clearpart', AII_CLEARPART);

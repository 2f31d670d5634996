@{
Site-wide settings of example.org: the install network, the install server
and what every node installs. Every node template includes it first.
}
unique template site/config;

include 'site/databases';
include 'site/xen_db';

@{ DNS domain of every host. }
final variable SITE_DOMAIN = 'example.org';

@{ The install network (192.0.2.0/24, TEST-NET-1): netmask, gateway, name server. }
final variable SITE_NETMASK = '255.255.255.0';
final variable SITE_BROADCAST = '192.0.2.255';
final variable SITE_GATEWAY = '192.0.2.1';
final variable SITE_NAMESERVERS = list('192.0.2.2');

@{ The install server: TFTP (next-server), kickstarts, profiles and install acknowledgements. }
final variable SITE_AII_SERVER = 'aii.example.org';
final variable SITE_AII_IP = DB_IP[SITE_AII_SERVER];
final variable SITE_KS_URL = 'http://' + SITE_AII_IP + '/ks';
final variable SITE_ACK_URL = 'http://' + SITE_AII_IP + ':8079/ack';
final variable SITE_PROFILE_URL = 'http://' + SITE_AII_IP + '/profiles/__HOST__.__DOMAIN__.json';

@{ The operating system every node installs: AlmaLinux 9 from the install server's mirror. }
final variable SITE_OS_LABEL = 'AlmaLinux 9';
final variable SITE_OS_REPO = 'http://' + SITE_AII_IP + '/repos/el9/BaseOS/x86_64/os/';
final variable SITE_OS_KERNEL = 'panfab/el9/vmlinuz';
final variable SITE_OS_INITRD = 'panfab/el9/initrd.img';
final variable SITE_OS_PACKAGES = list('@core', 'openssh-server', 'chrony', 'panfab-agent');

@{ Root password of installed nodes (SHA-512 crypt of a throw-away example password). }
final variable SITE_ROOTPW = '$6$pAnF4bS1te0x2024$jW5X8lk9WBJ483mSRlbkd7GsEgq63d0f2iwJisVY4bDBrdjX87zegU.cW.6pWqtQgJm7YoYXfpelJJr734faX1';
final variable SITE_TIMEZONE = 'Europe/Paris';
final variable SITE_LANG = 'en_US.UTF-8';
final variable SITE_KEYBOARD = 'us';

@{ Xen: every Dom0 keeps 4 GiB for itself and puts its guests' disks in vg_xen. }
variable XEN_DOM0_MEM ?= 4096;
variable XEN_VG ?= 'vg_xen';
@{ Guests boot from the network through panfab-pxeboot unless XEN_BOOTLOADER says otherwise. }
variable XEN_BOOTLOADER_DEFAULT ?= 'pxeboot';

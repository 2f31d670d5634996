@{
Disks of a Xen Dom0 (UEFI): sda holds the system (EFI, /boot, LVM group
vg_system), sdb is wholly the volume group XEN_VG for the guests' disks,
whose logical volumes xen/host/config adds from the guests' profiles.
}
template storage/dom0;

'/system/blockdevices/physical_devs/sda/label' = 'gpt';
'/system/blockdevices/physical_devs/sdb/label' = 'none';
'/system/blockdevices/partitions/sda1' = dict('holding_dev', 'sda', 'size', 600, 'flags', dict('esp', true));
'/system/blockdevices/partitions/sda2' = dict('holding_dev', 'sda', 'size', 1024);
'/system/blockdevices/partitions/sda3' = dict('holding_dev', 'sda', 'flags', dict('lvm', true));
'/system/blockdevices/volume_groups/vg_system/device_list' = list('partitions/sda3');
'/system/blockdevices/volume_groups' = {
    SELF[XEN_VG] = dict('device_list', list('physical_devs/sdb'));
    SELF;
};
'/system/blockdevices/logical_volumes/lv_root' = dict('size', 51200, 'volume_group', 'vg_system');
'/system/blockdevices/logical_volumes/lv_swap' = dict('size', 8192, 'volume_group', 'vg_system');
'/system/blockdevices/logical_volumes/lv_var' = dict('size', 20480, 'volume_group', 'vg_system');
'/system/blockdevices/logical_volumes/lv_images' = dict('size', 102400, 'volume_group', 'vg_system');

'/system/filesystems' = list(
    dict('block_device', 'partitions/sda1', 'mountpoint', '/boot/efi', 'type', 'vfat', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'umask=0077,shortname=winnt', 'freq', 0, 'pass', 2),
    dict('block_device', 'partitions/sda2', 'mountpoint', '/boot', 'type', 'ext4', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'label', 'boot', 'freq', 1, 'pass', 2),
    dict('block_device', 'logical_volumes/lv_root', 'mountpoint', '/', 'type', 'xfs', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'freq', 1, 'pass', 1),
    dict('block_device', 'logical_volumes/lv_swap', 'mountpoint', 'swap', 'type', 'swap', 'format', true, 'preserve', false,
         'mount', true, 'mountopts', 'defaults'),
    dict('block_device', 'logical_volumes/lv_var', 'mountpoint', '/var', 'type', 'xfs', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'pass', 2),
    dict('block_device', 'logical_volumes/lv_images', 'mountpoint', '/var/lib/xen/boot', 'type', 'xfs', 'format', true,
         'preserve', true, 'mount', true, 'mountopts', 'defaults,noatime', 'label', 'xenboot', 'pass', 2),
);

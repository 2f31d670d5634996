@{ Disks of the install server: one disk, /boot and an LVM group for /, /var and the repositories. }
template storage/server;

'/system/blockdevices/physical_devs/sda/label' = 'msdos';
'/system/blockdevices/partitions/sda1' = dict('holding_dev', 'sda', 'size', 1024, 'type', 'primary', 'flags', dict('boot', true));
'/system/blockdevices/partitions/sda2' = dict('holding_dev', 'sda', 'type', 'primary', 'flags', dict('lvm', true));
'/system/blockdevices/volume_groups/vg_system/device_list' = list('partitions/sda2');
'/system/blockdevices/logical_volumes/lv_root' = dict('size', 51200, 'volume_group', 'vg_system');
'/system/blockdevices/logical_volumes/lv_swap' = dict('size', 8192, 'volume_group', 'vg_system');
'/system/blockdevices/logical_volumes/lv_srv' = dict('size', 512000, 'volume_group', 'vg_system');

'/system/filesystems' = list(
    dict('block_device', 'partitions/sda1', 'mountpoint', '/boot', 'type', 'ext4', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'label', 'boot', 'freq', 1, 'pass', 2),
    dict('block_device', 'logical_volumes/lv_root', 'mountpoint', '/', 'type', 'xfs', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'freq', 1, 'pass', 1),
    dict('block_device', 'logical_volumes/lv_swap', 'mountpoint', 'swap', 'type', 'swap', 'format', true, 'preserve', false,
         'mount', true, 'mountopts', 'defaults'),
    dict('block_device', 'logical_volumes/lv_srv', 'mountpoint', '/srv', 'type', 'xfs', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults,noatime', 'label', 'srv', 'pass', 2),
);

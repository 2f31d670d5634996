@{ Disks of a compute node (BIOS): sda holds /boot, swap and /; sdb is scratch space. }
template storage/compute;

'/system/blockdevices/physical_devs/sda/label' = 'msdos';
'/system/blockdevices/physical_devs/sdb/label' = 'gpt';
'/system/blockdevices/partitions/sda1' = dict('holding_dev', 'sda', 'size', 1024, 'type', 'primary', 'flags', dict('boot', true));
'/system/blockdevices/partitions/sda2' = dict('holding_dev', 'sda', 'size', 16384, 'type', 'primary');
'/system/blockdevices/partitions/sda3' = dict('holding_dev', 'sda', 'type', 'primary');
'/system/blockdevices/partitions/sdb1' = dict('holding_dev', 'sdb');

'/system/filesystems' = list(
    dict('block_device', 'partitions/sda1', 'mountpoint', '/boot', 'type', 'ext4', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'label', 'boot', 'freq', 1, 'pass', 2),
    dict('block_device', 'partitions/sda2', 'mountpoint', 'swap', 'type', 'swap', 'format', true, 'preserve', false,
         'mount', true, 'mountopts', 'defaults'),
    dict('block_device', 'partitions/sda3', 'mountpoint', '/', 'type', 'xfs', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'label', 'root', 'freq', 1, 'pass', 1),
    dict('block_device', 'partitions/sdb1', 'mountpoint', '/scratch', 'type', 'xfs', 'format', true, 'preserve', false,
         'mount', true, 'mountopts', 'defaults,noatime', 'label', 'scratch', 'pass', 2),
);

@{
Disks of a Xen guest: xvda holds /boot, swap and /; a second disk xvdb, when
the guest has one, is one partition mounted on GUEST_DATA_MOUNT.
}
template storage/guest;

variable GUEST_DATA_MOUNT ?= '/srv';

'/system/blockdevices/physical_devs/xvda/label' = 'msdos';
'/system/blockdevices/partitions/xvda1' = dict('holding_dev', 'xvda', 'size', 1024, 'type', 'primary', 'flags', dict('boot', true));
'/system/blockdevices/partitions/xvda2' = dict('holding_dev', 'xvda', 'size', 2048, 'type', 'primary');
'/system/blockdevices/partitions/xvda3' = dict('holding_dev', 'xvda', 'type', 'primary');

'/system/filesystems' = list(
    dict('block_device', 'partitions/xvda1', 'mountpoint', '/boot', 'type', 'ext4', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'label', 'boot', 'freq', 1, 'pass', 2),
    dict('block_device', 'partitions/xvda2', 'mountpoint', 'swap', 'type', 'swap', 'format', true, 'preserve', false,
         'mount', true, 'mountopts', 'defaults', 'freq', 0, 'pass', 0),
    dict('block_device', 'partitions/xvda3', 'mountpoint', '/', 'type', 'xfs', 'format', true, 'preserve', true,
         'mount', true, 'mountopts', 'defaults', 'label', 'root', 'freq', 1, 'pass', 1),
);

'/system' = {
    if (path_exists('/hardware/harddisks/xvdb')) {
        SELF['blockdevices']['physical_devs']['xvdb'] = dict('label', 'gpt');
        SELF['blockdevices']['partitions']['xvdb1'] = dict('holding_dev', 'xvdb');
        SELF['filesystems'][length(SELF['filesystems'])] = dict('block_device', 'partitions/xvdb1',
            'mountpoint', GUEST_DATA_MOUNT, 'type', 'xfs', 'format', true, 'preserve', true, 'mount', true,
            'mountopts', 'defaults,noatime', 'label', 'data', 'freq', 0, 'pass', 2);
    };
    SELF;
};

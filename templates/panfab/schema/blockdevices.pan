# Generated from schema/blockdevices.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/blockdevices;

include 'panfab/schema/common';
include 'panfab/types/base';

# LVM volume group or logical volume name.
type type_lvm_name = string(..127) with match(SELF, '^[A-Za-z_][A-Za-z0-9_.+-]*\z');

# An absolute path escaped as Pan's escape() does: every character but [A-Za-z0-9] becomes
# _xx (hex); only '/', '.', '_', '+', '-', '@', '%' and '~' may be escaped.
type type_escaped_path = string(..4096) with match(SELF, '^_2[fF](_(2[bdefBDEF]|25|40|5[fF]|7[eE])|[A-Za-z0-9])*\z');

# A reference to a block device: partitions/<name>, logical_volumes/<name>,
# physical_devs/<dev> or files/<escaped path>.
type type_blockdevice_ref = string(..4200) with match(SELF, '^((partitions|logical_volumes|physical_devs)/[A-Za-z_][A-Za-z0-9_.+-]*|files/_2[fF](_(2[bdefBDEF]|25|40|5[fF]|7[eE])|[A-Za-z0-9])*)\z');

type structure_blockdevices_physical_dev = {
    # Partition table type.
    'label' : string with match(SELF, '^(msdos|gpt|none)\z')
};

# Partition flags (boot, lvm, esp, bios_grub...) set or cleared.
type type_blockdevices_partition_flags = boolean{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && match(k, '^[a-z_]{1,32}\z'))) error('blockdevices_partition_flags: invalid key ''' + k + '''');
    };
    true;
};

type structure_blockdevices_partition = {
    # The disk holding the partition.
    'holding_dev' : type_device_name
    # Absent: the rest of the disk.
    'size' ? type_size_mib
    'type' ? string with match(SELF, '^(primary|extended|logical)\z')
    # Partition flags (boot, lvm, esp, bios_grub...) set or cleared.
    'flags' ? type_blockdevices_partition_flags
};

type structure_blockdevices_volume_group = {
    # Physical volumes, as block-device references.
    'device_list' : type_blockdevice_ref[1..] with panfab_is_unique_list(SELF)
};

type structure_blockdevices_logical_volume = {
    # Absent: the free space of the volume group.
    'size' ? type_size_mib
    'volume_group' : type_lvm_name
};

type structure_blockdevices_file = {
    'size' : type_size_mib
    'owner' ? string(..32) with match(SELF, '^([a-z_][a-z0-9_-]*|[0-9]+)\z')
    'group' ? string(..32) with match(SELF, '^([a-z_][a-z0-9_-]*|[0-9]+)\z')
    # Octal mode, as a string (0600).
    'perm' ? string with match(SELF, '^[0-7]{3,4}\z')
};

type type_blockdevices_physical_devs = structure_blockdevices_physical_dev{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) >= 1 && length(k) <= 64 && match(k, '^[A-Za-z][A-Za-z0-9_.+-]*\z'))) error('blockdevices_physical_devs: invalid key ''' + k + '''');
    };
    true;
};

type type_blockdevices_partitions = structure_blockdevices_partition{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) >= 1 && length(k) <= 64 && match(k, '^[A-Za-z][A-Za-z0-9_.+-]*\z'))) error('blockdevices_partitions: invalid key ''' + k + '''');
    };
    true;
};

type type_blockdevices_volume_groups = structure_blockdevices_volume_group{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) <= 127 && match(k, '^[A-Za-z_][A-Za-z0-9_.+-]*\z'))) error('blockdevices_volume_groups: invalid key ''' + k + '''');
    };
    true;
};

type type_blockdevices_logical_volumes = structure_blockdevices_logical_volume{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) <= 127 && match(k, '^[A-Za-z_][A-Za-z0-9_.+-]*\z'))) error('blockdevices_logical_volumes: invalid key ''' + k + '''');
    };
    true;
};

# Files used as block devices, by escaped absolute path (escape('/srv/swap') =
# _2fsrv_2fswap).
type type_blockdevices_files = structure_blockdevices_file{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) <= 4096 && match(k, '^_2[fF](_(2[bdefBDEF]|25|40|5[fF]|7[eE])|[A-Za-z0-9])*\z'))) error('blockdevices_files: invalid key ''' + k + '''');
    };
    true;
};

# Block devices the filesystems component may create: disks, partitions, LVM volume groups
# and logical volumes, files. Sizes in MiB.
type structure_blockdevices = {
    'physical_devs' ? type_blockdevices_physical_devs
    'partitions' ? type_blockdevices_partitions
    'volume_groups' ? type_blockdevices_volume_groups
    'logical_volumes' ? type_blockdevices_logical_volumes
    # Files used as block devices, by escaped absolute path (escape('/srv/swap') =
    # _2fsrv_2fswap).
    'files' ? type_blockdevices_files
};

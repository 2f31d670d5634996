@{
Storage consistency: do a host's logical volumes fit in their volume groups?
Used as validation (panfab_check_volume_groups in a `valid` statement on
/system/blockdevices); a failure names the host, the volume group, its size
and every logical volume in it.

Sizes follow LVM's defaults: a physical volume gives up its first MiB
(metadata and alignment) and space is counted in 4 MiB extents, a logical
volume taking whole extents. A partition without size takes the rest of its
disk (after the disk's other partitions: logical partitions count against
the extended one, the others against the disk).
}
declaration template panfab/checks/storage;

include 'panfab/functions';

@{ LVM extent size in MiB (lvm.conf's default). }
variable PANFAB_LVM_EXTENT_MIB ?= 4;
@{ MiB of each physical volume that LVM keeps for itself (pvcreate's default data alignment). }
variable PANFAB_LVM_PV_OVERHEAD_MIB ?= 1;

@{ Capacity in MiB of disk ARGV[2] of /hardware ARGV[1], for messages about host ARGV[0]. }
function panfab_disk_mib = {
    host = ARGV[0];
    hardware = ARGV[1];
    disk = ARGV[2];
    if (!exists(hardware['harddisks'][disk]['capacity'])) {
        error(format('%s: disk %s has no capacity (/hardware/harddisks/%s/capacity)', host, disk, disk));
    };
    hardware['harddisks'][disk]['capacity'];
};

@{
Size in MiB of partition ARGV[3] of /system/blockdevices ARGV[1] and
/hardware ARGV[2], for messages about host ARGV[0].
}
function panfab_partition_mib = {
    host = ARGV[0];
    blockdevices = ARGV[1];
    hardware = ARGV[2];
    name = ARGV[3];
    if (!exists(blockdevices['partitions'][name])) {
        error(format('%s: partitions/%s is not declared in /system/blockdevices/partitions', host, name));
    };
    part = blockdevices['partitions'][name];
    if (exists(part['size'])) return(part['size']);
    logical = exists(part['type']) && part['type'] == 'logical';
    room = 0;
    used = 0;
    foreach (other; p; blockdevices['partitions']) {
        same_disk = p['holding_dev'] == part['holding_dev'] && other != name;
        is_logical = exists(p['type']) && p['type'] == 'logical';
        if (same_disk && logical && !is_logical && exists(p['type']) && p['type'] == 'extended') {
            room = panfab_partition_mib(host, blockdevices, hardware, other);
        };
        if (same_disk && is_logical == logical && exists(p['size'])) used = used + p['size'];
    };
    if (!logical) room = panfab_disk_mib(host, hardware, part['holding_dev']);
    if (room <= used) {
        error(format('%s: partitions/%s (the rest of %s) has no room left: %d MiB already taken by other partitions of %d MiB',
            host, name, part['holding_dev'], used, room));
    };
    room - used;
};

@{
Size in MiB of block device reference ARGV[3] ('physical_devs/sdb',
'partitions/sda3', 'logical_volumes/lv', 'files/...') of
/system/blockdevices ARGV[1] and /hardware ARGV[2], for host ARGV[0].
}
function panfab_blockdevice_mib = {
    host = ARGV[0];
    blockdevices = ARGV[1];
    hardware = ARGV[2];
    ref = ARGV[3];
    m = matches(ref, '^(physical_devs|partitions|logical_volumes|files)/(.+)$');
    if (length(m) != 3) error(format('%s: %s is not a block device reference', host, ref));
    kind = m[1];
    name = m[2];
    if (kind == 'physical_devs') return(panfab_disk_mib(host, hardware, name));
    if (kind == 'partitions') return(panfab_partition_mib(host, blockdevices, hardware, name));
    if (!exists(blockdevices[kind][name]['size'])) {
        error(format('%s: %s has no size (/system/blockdevices/%s/size)', host, ref, ref));
    };
    blockdevices[kind][name]['size'];
};

@{ Whole extents in ARGV[0] MiB, rounded down (ARGV[1] true) or up. }
function panfab_lvm_extents = {
    mib = ARGV[0];
    e = PANFAB_LVM_EXTENT_MIB;
    if (ARGV[1]) mib / e else (mib + e - 1) / e;
};

@{
Validation of /system/blockdevices (ARGV[1]) against /hardware (ARGV[2]) of
host ARGV[0]: every logical volume names a declared volume group, and the
logical volumes of each volume group fit in it. Returns true or fails with a
message naming the host, the volume group, its devices and its volumes.
}
function panfab_check_volume_groups = {
    if (ARGC != 3) error('panfab_check_volume_groups takes a host name, /system/blockdevices and /hardware');
    host = ARGV[0];
    blockdevices = ARGV[1];
    hardware = ARGV[2];
    if (!exists(blockdevices['logical_volumes'])) return(true);
    groups = if (exists(blockdevices['volume_groups'])) blockdevices['volume_groups'] else dict();
    need = dict();
    members = dict();
    foreach (lv; spec; blockdevices['logical_volumes']) {
        vg = spec['volume_group'];
        if (!exists(groups[vg])) {
            error(format('%s: logical volume %s is in volume group %s, which /system/blockdevices/volume_groups does not declare',
                host, lv, vg));
        };
        if (!exists(need[vg])) {
            need[vg] = 0;
            members[vg] = list();
        };
        if (exists(spec['size'])) {
            need[vg] = need[vg] + panfab_lvm_extents(spec['size'], false);
            members[vg][length(members[vg])] = format('%s %d MiB', lv, spec['size']);
        } else {
            # No size: the volume takes what is left, at least one extent.
            need[vg] = need[vg] + 1;
            members[vg][length(members[vg])] = lv + ' (rest of the group)';
        };
    };
    foreach (vg; extents; need) {
        have = 0;
        devices = list();
        foreach (i; ref; groups[vg]['device_list']) {
            mib = panfab_blockdevice_mib(host, blockdevices, hardware, ref);
            have = have + panfab_lvm_extents(mib - PANFAB_LVM_PV_OVERHEAD_MIB, true);
            devices[length(devices)] = format('%s %d MiB', ref, mib);
        };
        if (extents > have) {
            error(format('%s: volume group %s is too small for its logical volumes: they need %d MiB, it holds %d MiB (%s); volumes: %s',
                host, vg, extents * PANFAB_LVM_EXTENT_MIB, have * PANFAB_LVM_EXTENT_MIB,
                join(', ', devices), join(', ', members[vg])));
        };
    };
    true;
};

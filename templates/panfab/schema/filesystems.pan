# Generated from schema/filesystems.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/filesystems;

include 'panfab/schema/blockdevices';

type structure_filesystem = {
    'block_device' : type_blockdevice_ref
    # Absolute path, or swap / none.
    'mountpoint' : string(..4096) with match(SELF, '^(?!.*/\.\.?(/|$))(swap|none|/|(/[A-Za-z0-9._+@%~-]+)+)\z')
    'type' : string with match(SELF, '^(ext4|xfs|ext3|ext2|swap|vfat|none)\z')
    'format' : boolean
    'preserve' : boolean
    'mount' : boolean
    # fstab options (defaults,noatime).
    'mountopts' ? string(..1024) with match(SELF, '^[A-Za-z0-9_=,.:/+@-]+\z')
    # Extra mkfs arguments.
    'mkfsopts' ? string(..1024) with match(SELF, '^[A-Za-z0-9 _=,.:/+\^-]+\z')
    'label' ? string with match(SELF, '^[A-Za-z0-9_.-]{1,16}\z')
    # fstab dump frequency.
    'freq' ? long(0..9)
    # fstab fsck pass.
    'pass' ? long(0..2)
};

# Filesystems on block devices of /system/blockdevices. preserve: existing data must be kept;
# format: a filesystem may be made when none exists.
type structure_filesystems = structure_filesystem[];

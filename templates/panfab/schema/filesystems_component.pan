# Generated from schema/filesystems-component.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/filesystems_component;

include 'panfab/schema/component';

# The filesystems component; its data comes from /system/blockdevices and
# /system/filesystems.
type structure_component_filesystems = {
    include structure_component
    # Create the block devices the filesystems need.
    'manage_blockdevs' : boolean = true
};

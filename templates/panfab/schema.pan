# Generated from schema/profile.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

unique template panfab/schema;

include 'panfab/schema/profile';
include 'panfab/schema/hardware';
include 'panfab/schema/network';
include 'panfab/schema/enclosure';
include 'panfab/schema/aii';
include 'panfab/schema/blockdevices';
include 'panfab/schema/filesystems';
include 'panfab/schema/component';
include 'panfab/schema/xen';
include 'panfab/schema/filesystems_component';

# Bind the profile subtrees that panfab reads to their types.
bind '/' = structure_profile;
bind '/hardware' = structure_hardware;
bind '/system/network' = structure_network;
bind '/system/enclosure' = structure_enclosure;
bind '/system/aii' = structure_aii;
bind '/system/blockdevices' = structure_blockdevices;
bind '/system/filesystems' = structure_filesystems;
bind '/software/components' = structure_component{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) >= 1 && length(k) <= 64 && match(k, '^[A-Za-z_][A-Za-z0-9_]*\z'))) error('software_components: invalid key ''' + k + '''');
    };
    true;
};
bind '/software/components/xen' = structure_component_xen;
bind '/software/components/filesystems' = structure_component_filesystems;

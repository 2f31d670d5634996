# Generated from schema/profile.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/profile;

type structure_profile_system = extensible {
    'network' : dict
};

# A compiled panfab profile
type structure_profile = extensible {
    'hardware' : dict
    'system' : structure_profile_system
};

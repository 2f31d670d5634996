# Generated from schema/enclosure.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/enclosure;

include 'panfab/types/base';

# What contains what: a Dom0 lists its guests, a guest names its Dom0.
type structure_enclosure = {
    # On a Dom0: the FQDNs of its guests.
    'children' ? type_fqdn[] with panfab_is_unique_list(SELF)
    # On a guest: the FQDN of its Dom0.
    'parent' ? type_fqdn
};

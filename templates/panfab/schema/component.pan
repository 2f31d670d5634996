# Generated from schema/component.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/component;

include 'panfab/schema/common';
include 'panfab/types/base';

type structure_component_dependencies = {
    # Components that must run before this one.
    'pre' ? type_component_name[] with panfab_is_unique_list(SELF)
    # Components that must run after this one.
    'post' ? type_component_name[] with panfab_is_unique_list(SELF)
};

# What every agent component has. Components add their own fields.
type structure_component = extensible {
    # Whether the agent runs the component.
    'active' : boolean = true
    # Whether the agent runs it when the profile changes.
    'dispatch' : boolean = true
    'dependencies' ? structure_component_dependencies
};

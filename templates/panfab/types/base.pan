# Hand-written base of panfab's Pan library: the format types that the types
# generated from the JSON Schemas (panfab/schema/*) refer to, their validation
# functions, and helpers used by generated checks.
#
# The regular expressions are those of schema/common.schema.json in Java syntax
# (`\z` ends the input; Java's `$` would also accept a trailing newline).
# schema/pan-types.test.ts checks that they stay equal.

declaration template panfab/types/base;

# true when ARGV[0] is a dotted-quad IPv4 address.
function is_ipv4 = {
    if (ARGC != 1) error('is_ipv4 takes one argument');
    is_string(ARGV[0]) &&
        match(ARGV[0], '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\z');
};

# true when ARGV[0] is a fully qualified host name: two or more lower-case
# labels, at most 253 characters.
function is_fqdn = {
    if (ARGC != 1) error('is_fqdn takes one argument');
    is_string(ARGV[0]) && length(ARGV[0]) <= 253 &&
        match(ARGV[0], '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+\z');
};

# true when ARGV[0] is a MAC address (aa:bb:cc:dd:ee:ff, either case).
function is_hwaddr = {
    if (ARGC != 1) error('is_hwaddr takes one argument');
    is_string(ARGV[0]) && match(ARGV[0], '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}\z');
};

# true when ARGV[0] is an absolute path of portable characters, without '.'
# or '..' segments, at most 4096 characters.
function is_absolute_path = {
    if (ARGC != 1) error('is_absolute_path takes one argument');
    is_string(ARGV[0]) && length(ARGV[0]) <= 4096 &&
        match(ARGV[0], '^(?!.*/\.\.?(/|$))/([A-Za-z0-9._+@%~-]+(/[A-Za-z0-9._+@%~-]+)*/?)?\z');
};

# true when no two entries of the list ARGV[0] are equal; names the first
# duplicate otherwise.
function panfab_is_unique_list = {
    if (ARGC != 1 || !is_list(ARGV[0])) error('panfab_is_unique_list takes one list');
    entries = ARGV[0];
    foreach (i; a; entries) {
        foreach (j; b; entries) {
            if (i < j && a == b) error('duplicate entry ''' + to_string(a) + ''' in list');
        };
    };
    true;
};

type type_ipv4 = string with is_ipv4(SELF);
type type_fqdn = string with is_fqdn(SELF);
type type_hwaddr = string with is_hwaddr(SELF);
type type_absolute_path = string with is_absolute_path(SELF);

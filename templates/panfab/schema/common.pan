# Generated from schema/common.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/common;

# Short host name: one lower-case label.
type type_hostname = string with match(SELF, '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\z');

# DNS domain: lower-case labels, dot separated.
type type_domainname = string(..253) with match(SELF, '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\z');

# http(s), ftp, tftp or nfs URL. Excludes whitespace, quotes, '#', ';', '$', braces and
# backslash, since URLs are written into kickstart, boot loader and shell lines. May hold the
# placeholders __HOST__ and __DOMAIN__.
type type_url = string(..2048) with match(SELF, '^(https?|ftp|tftp|nfs)://[A-Za-z0-9._~:/?@%=&+-]+\z');

# Path relative to the TFTP root, without '.' or '..' segments.
type type_tftp_path = string(..1024) with match(SELF, '^(?!(.*/)?\.\.?(/|$))[A-Za-z0-9._+@%~-]+(/[A-Za-z0-9._+@%~-]+)*\z');

# Kernel command-line arguments: no quotes, ';', '#', '$', braces or control characters (they
# reach pxelinux and grub configuration lines).
type type_kernel_args = string(..2048) with match(SELF, '^[A-Za-z0-9 ._,:/=+@%~?&-]*\z');

# Boot menu label.
type type_label = string(1..128) with match(SELF, '^[A-Za-z0-9][A-Za-z0-9 ._,:/()+@-]*\z');

# A value written, quoted, into a configuration file: no control characters, quotes,
# backslash, ';', '{', '}', '$' or '`'.
type type_config_string = string(..4096) with match(SELF, '^[^\x00-\x1f\x7f"''\\;{}$\x60]*\z');

# Free text that is never written into a configuration file: one line, no control characters.
type type_text = string(..1024) with match(SELF, '^[^\x00-\x1f\x7f]*\z');

# A plain name (file name, driver, user, ...).
type type_name = string(1..255) with match(SELF, '^[A-Za-z0-9_][A-Za-z0-9_.+-]*\z');

# Kernel block device name without /dev/: sda, xvda, nvme0n1, md0, sda1.
type type_device_name = string(1..64) with match(SELF, '^[A-Za-z][A-Za-z0-9_.+-]*\z');

# Network interface name (at most 15 characters): eth0, br0, bond0, eth0.100.
type type_interface_name = string with match(SELF, '^[A-Za-z][A-Za-z0-9_.-]{0,14}\z');

# Name of an agent component (the key under /software/components).
type type_component_name = string(1..64) with match(SELF, '^[A-Za-z_][A-Za-z0-9_]*\z');

# A size in MiB (at most 1 EiB).
type type_size_mib = long(1..1099511627776);

# Generated from schema/hardware.schema.json by schema/pan-types.ts: do not edit.
# Regenerate with: node dist/schema/generate.js

declaration template panfab/schema/hardware;

include 'panfab/schema/common';
include 'panfab/types/base';

type structure_hardware_cpu = {
    'arch' : string with match(SELF, '^[a-z0-9_]{1,32}\z')
    'cores' : long(1..4096)
    'manufacturer' ? type_text
    'model' ? type_text
    # Clock speed in MHz.
    'speed' ? long(1..100000)
    'vendor' ? type_text
    'max_threads' ? long(1..65536)
};

type structure_hardware_ram = {
    'size' : type_size_mib
    'type' ? string with match(SELF, '^[A-Za-z0-9_-]{1,32}\z')
};

type structure_hardware_harddisk = {
    'capacity' : type_size_mib
    'interface' ? string with match(SELF, '^[a-z0-9]{1,16}\z')
    'model' ? type_text
    # Put between the disk name and the partition number (nvme0n1 + p + 1).
    'part_prefix' ? string with match(SELF, '^[a-z]{0,4}\z')
};

type structure_hardware_nic = {
    'hwaddr' : type_hwaddr
    # The NIC the machine installs and boots from.
    'boot' ? boolean
    'pxe' ? boolean
    'driver' ? string with match(SELF, '^[A-Za-z0-9_-]{1,64}\z')
    'media' ? type_text
    # Mb/s.
    'maxspeed' ? long(1..10000000)
};

type type_hardware_cards_nic = structure_hardware_nic{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && match(k, '^[A-Za-z][A-Za-z0-9_.-]{0,14}\z'))) error('hardware_cards_nic: invalid key ''' + k + '''');
    };
    true;
};

# Expansion cards; panfab reads only the NICs, other kinds are allowed.
type structure_hardware_cards = extensible {
    'nic' ? type_hardware_cards_nic
};

# Disks by kernel device name (sda, xvda).
type type_hardware_harddisks = structure_hardware_harddisk{} with {
    foreach (k; v; SELF) {
        if (!(is_string(k) && length(k) >= 1 && length(k) <= 64 && match(k, '^[A-Za-z][A-Za-z0-9_.+-]*\z'))) error('hardware_harddisks: invalid key ''' + k + '''');
    };
    true;
};

# The machine: CPUs, RAM, disks, NICs and where it is. Sizes in MiB.
type structure_hardware = extensible {
    'cpu' : structure_hardware_cpu[1..]
    # RAM modules; the total RAM is the sum of their sizes.
    'ram' : structure_hardware_ram[1..]
    # Disks by kernel device name (sda, xvda).
    'harddisks' ? type_hardware_harddisks
    'cards' : structure_hardware_cards
    # Where the machine is; for a Xen guest, the FQDN of its Dom0.
    'location' ? type_text
    'serialnumber' ? type_text
    'model' ? type_text
    'manufacturer' ? type_text
};

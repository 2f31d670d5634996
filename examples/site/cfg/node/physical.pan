@{ The /hardware of a physical machine: its model template and its inventory entry (DB_MACHINE). }
template node/physical;

include 'site/databases';

variable MACHINE = {
    if (!exists(DB_MACHINE[OBJECT])) error(format('%s is not in the machine inventory (DB_MACHINE, site/databases)', OBJECT));
    DB_MACHINE[OBJECT];
};

'/hardware' = create(MACHINE['model']);
'/hardware/serialnumber' = MACHINE['serial'];
'/hardware/location' = MACHINE['location'];
'/hardware/cards/nic' = {
    foreach (name; mac; MACHINE['nics']) {
        if (!exists(SELF[name])) error(format('%s: DB_MACHINE names NIC %s, which model %s does not have', OBJECT, name, MACHINE['model']));
        SELF[name]['hwaddr'] = mac;
    };
    SELF;
};

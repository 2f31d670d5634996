@{
A Xen guest. Its object template sets its virtual hardware first (RAM,
cores, disks, NIC MAC): its Dom0 builds the domain from it.
}
template node/guest;

include 'site/config';

'/hardware/manufacturer' = 'Xen';
'/hardware/model' = 'Xen PV guest';
'/hardware/cpu' = {
    foreach (i; cpu; SELF) {
        SELF[i]['manufacturer'] = 'Xen';
        SELF[i]['model'] = 'virtual CPU';
    };
    SELF;
};
'/hardware/harddisks' = {
    foreach (dev; disk; SELF) SELF[dev]['interface'] = 'xen';
    SELF;
};
'/hardware/cards/nic' = {
    foreach (name; nic; SELF) {
        SELF[name]['driver'] = 'xen-netfront';
        SELF[name]['boot'] = (name == 'eth0');
    };
    SELF;
};

include 'node/base';

variable AII_APPEND = 'inst.text console=hvc0';
include 'node/aii';

include 'storage/guest';
include 'xen/guest/config';

@{ Application server, guest of dom0b, with a data disk. BROKEN on purpose (examples/broken/volume-group-full): a 1 TB data disk, more than dom0b's vg_xen holds. }
object template app2.example.org;

# This guest's own data: its Dom0 builds its domain from it.
'/hardware/ram' = list(dict('size', 8192));
'/hardware/cpu' = list(dict('arch', 'x86_64', 'cores', 2));
'/hardware/harddisks/xvda/capacity' = 40960;
'/hardware/harddisks/xvdb/capacity' = 1000000;
'/hardware/cards/nic/eth0/hwaddr' = '00:16:3e:0a:02:16';

include 'node/guest';

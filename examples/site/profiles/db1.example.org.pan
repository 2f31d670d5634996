@{ Database server, guest of dom0a, with a data disk for /var/lib/pgsql. }
object template db1.example.org;

# This guest's own data: its Dom0 builds its domain from it.
'/hardware/ram' = list(dict('size', 16384));
'/hardware/cpu' = list(dict('arch', 'x86_64', 'cores', 4));
'/hardware/harddisks/xvda/capacity' = 20480;
'/hardware/harddisks/xvdb/capacity' = 204800;
'/hardware/cards/nic/eth0/hwaddr' = '00:16:3e:0a:01:0d';

variable GUEST_DATA_MOUNT = '/var/lib/pgsql';
include 'node/guest';

@{ Application server, guest of dom0b. }
object template app1.example.org;

# This guest's own data: its Dom0 builds its domain from it.
'/hardware/ram' = list(dict('size', 8192));
'/hardware/cpu' = list(dict('arch', 'x86_64', 'cores', 4));
'/hardware/harddisks/xvda/capacity' = 40960;
'/hardware/cards/nic/eth0/hwaddr' = '00:16:3e:0a:02:15';

include 'node/guest';

@{ Application server, guest of dom0b, with a data disk. BROKEN on purpose (examples/broken/duplicate-mac): its MAC is web1's. }
object template app2.example.org;

# This guest's own data: its Dom0 builds its domain from it.
'/hardware/ram' = list(dict('size', 8192));
'/hardware/cpu' = list(dict('arch', 'x86_64', 'cores', 2));
'/hardware/harddisks/xvda/capacity' = 40960;
'/hardware/harddisks/xvdb/capacity' = 102400;
'/hardware/cards/nic/eth0/hwaddr' = '00:16:3e:0a:01:0b';

include 'node/guest';

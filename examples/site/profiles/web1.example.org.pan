@{ Web server, guest of dom0a. }
object template web1.example.org;

# This guest's own data: its Dom0 builds its domain from it.
'/hardware/ram' = list(dict('size', 4096));
'/hardware/cpu' = list(dict('arch', 'x86_64', 'cores', 2));
'/hardware/harddisks/xvda/capacity' = 20480;
'/hardware/cards/nic/eth0/hwaddr' = '00:16:3e:0a:01:0b';

include 'node/guest';

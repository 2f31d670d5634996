@{ Dell PowerEdge R650 as bought for the Xen hosts: 2 x 16 cores, 64 GiB, a system SSD and a 2 TB disk for guests. }
structure template hardware/model/dell_r650;

'manufacturer' = 'Dell Inc.';
'model' = 'PowerEdge R650';
'cpu' = list(
    dict('arch', 'x86_64', 'cores', 16, 'manufacturer', 'Intel', 'model', 'Xeon Silver 4314', 'speed', 2400, 'vendor', 'GenuineIntel', 'max_threads', 32),
    dict('arch', 'x86_64', 'cores', 16, 'manufacturer', 'Intel', 'model', 'Xeon Silver 4314', 'speed', 2400, 'vendor', 'GenuineIntel', 'max_threads', 32),
);
'ram' = list(
    dict('size', 16384, 'type', 'DDR4'),
    dict('size', 16384, 'type', 'DDR4'),
    dict('size', 16384, 'type', 'DDR4'),
    dict('size', 16384, 'type', 'DDR4'),
);
'harddisks/sda' = dict('capacity', 953344, 'interface', 'sata', 'model', 'Micron 5300 PRO 960GB');
'harddisks/sdb' = dict('capacity', 1907729, 'interface', 'sas', 'model', 'Seagate Exos 2TB');
'cards/nic/eth0' = dict('driver', 'tg3', 'media', 'copper', 'maxspeed', 1000, 'boot', true, 'pxe', true);
'cards/nic/eth1' = dict('driver', 'tg3', 'media', 'copper', 'maxspeed', 1000, 'boot', false);

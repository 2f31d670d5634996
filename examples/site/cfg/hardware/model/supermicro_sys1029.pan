@{ Supermicro SYS-1029P: a compute node with BIOS network boot. }
structure template hardware/model/supermicro_sys1029;

'manufacturer' = 'Supermicro';
'model' = 'SYS-1029P-WTR';
'cpu' = list(
    dict('arch', 'x86_64', 'cores', 20, 'manufacturer', 'Intel', 'model', 'Xeon Gold 6230', 'speed', 2100, 'vendor', 'GenuineIntel', 'max_threads', 40),
    dict('arch', 'x86_64', 'cores', 20, 'manufacturer', 'Intel', 'model', 'Xeon Gold 6230', 'speed', 2100, 'vendor', 'GenuineIntel', 'max_threads', 40),
);
'ram' = list(
    dict('size', 32768, 'type', 'DDR4'),
    dict('size', 32768, 'type', 'DDR4'),
    dict('size', 32768, 'type', 'DDR4'),
    dict('size', 32768, 'type', 'DDR4'),
);
'harddisks/sda' = dict('capacity', 457862, 'interface', 'sata', 'model', 'Samsung PM883 480GB');
'harddisks/sdb' = dict('capacity', 3815447, 'interface', 'sata', 'model', 'Seagate Exos 4TB');
'cards/nic/eth0' = dict('driver', 'ixgbe', 'media', 'copper', 'maxspeed', 10000, 'boot', true, 'pxe', true);

@{ Dell PowerEdge R350: the install server. }
structure template hardware/model/dell_r350;

'manufacturer' = 'Dell Inc.';
'model' = 'PowerEdge R350';
'cpu' = list(
    dict('arch', 'x86_64', 'cores', 8, 'manufacturer', 'Intel', 'model', 'Xeon E-2388G', 'speed', 3200, 'vendor', 'GenuineIntel', 'max_threads', 16),
);
'ram' = list(dict('size', 16384, 'type', 'DDR4'), dict('size', 16384, 'type', 'DDR4'));
'harddisks/sda' = dict('capacity', 953344, 'interface', 'sata', 'model', 'Micron 5300 PRO 960GB');
'cards/nic/eth0' = dict('driver', 'tg3', 'media', 'copper', 'maxspeed', 1000, 'boot', true);

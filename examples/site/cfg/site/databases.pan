@{
The site database: every host with its address, and the inventory of the
physical machines (model, serial number, NIC MACs). Xen guests are not in
the inventory: their virtual hardware, MACs included, is in their own
object templates.
}
unique template site/databases;

@{ FQDN -> IPv4 address of every host of the site (guests included). }
final variable DB_IP = dict(
    'aii.example.org', '192.0.2.2',
    'dom0a.example.org', '192.0.2.10',
    'web1.example.org', '192.0.2.11',
    'web2.example.org', '192.0.2.12',
    'db1.example.org', '192.0.2.13',
    'dom0b.example.org', '192.0.2.20',
    'app1.example.org', '192.0.2.21',
    'app2.example.org', '192.0.2.22',
    'node1.example.org', '192.0.2.30',
);

@{ Physical machines: FQDN -> hardware model template, serial number, rack location, NIC MACs. }
final variable DB_MACHINE = dict(
    'aii.example.org', dict(
        'model', 'hardware/model/dell_r350',
        'serial', 'CZ2041AI01',
        'location', 'Room 101, rack B04, U02',
        'nics', dict('eth0', 'f8:bc:12:4a:00:02')),
    'dom0a.example.org', dict(
        'model', 'hardware/model/dell_r650',
        'serial', 'CZ2041AB10',
        'location', 'Room 101, rack B04, U12',
        'nics', dict('eth0', 'f8:bc:12:4a:10:20', 'eth1', 'f8:bc:12:4a:10:21')),
    'dom0b.example.org', dict(
        'model', 'hardware/model/dell_r650_small',
        'serial', 'CZ2041AB20',
        'location', 'Room 101, rack B04, U14',
        'nics', dict('eth0', 'f8:bc:12:4a:20:20', 'eth1', 'f8:bc:12:4a:20:21')),
    'node1.example.org', dict(
        'model', 'hardware/model/supermicro_sys1029',
        'serial', 'SM19A7730',
        'location', 'Room 101, rack B05, U20',
        'nics', dict('eth0', '0c:c4:7a:31:00:30')),
);

@{ Every host of the site, for the site-wide checks (panfab/site/checks). }
final variable SITE_HOSTS = {
    hosts = list();
    foreach (fqdn; ip; DB_IP) hosts[length(hosts)] = fqdn;
    hosts;
};

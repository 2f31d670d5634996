@{
Which Dom0 hosts which guests. A guest's Dom0 comes from here
(xen/guest/config), and so does each Dom0's list of guests (xen/host/config).
}
unique template site/xen_db;

final variable XEN_DB = dict(
    'dom0a.example.org', list('web1.example.org', 'web2.example.org', 'db1.example.org'),
    'dom0b.example.org', list('app1.example.org', 'app2.example.org'),
);

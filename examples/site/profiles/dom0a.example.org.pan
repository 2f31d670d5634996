@{ Xen host in rack B04: web1, web2 and db1 (XEN_DB). db1 boots with pygrub and installs from a kernel on the host. }
object template dom0a.example.org;

variable XEN_BOOTLOADER = dict('db1.example.org', 'pygrub');
variable XEN_OPTIONS = dict('db1.example.org', dict('cpus', '4-15'));
include 'node/dom0';

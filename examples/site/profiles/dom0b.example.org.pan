@{ Xen host in rack B04: app1 and app2 (XEN_DB). }
object template dom0b.example.org;

variable XEN_DOM0_MEM = 2048;
variable XEN_AUTO = dict('app2.example.org', false);
include 'node/dom0';

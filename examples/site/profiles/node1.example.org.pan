@{ A compute node. }
object template node1.example.org;

include 'node/compute';

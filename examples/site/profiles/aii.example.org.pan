@{ The install server. }
object template aii.example.org;

include 'node/install-server';

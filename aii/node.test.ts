import { describe, expect, it } from 'vitest';
import { AiiError } from './errors.js';
import { installNode } from './node.js';
import { installNodeFromText } from './profiles/load.js';
import { fixtureProfile } from './testing.js';

describe('installNode: what aii reads from a profile', () => {
  it('takes the boot NIC, its interface, the hex IP and the defaults', () => {
    const node = installNode(fixtureProfile('pxe1.example.org'), 'pxe1.json', 'pxe1.example.org');
    expect(node.fqdn).toBe('pxe1.example.org');
    expect(node.hexIp).toBe('0A00020F');
    expect(node.install).toEqual({ name: 'eth0', mac: '52:54:00:12:34:56', bootproto: 'static', ip: '10.0.2.15', netmask: '255.255.255.0', gateway: '10.0.2.2' });
    expect(node.nbp.ksdevice).toBe('52:54:00:12:34:56'); // default: the boot NIC's MAC
    expect(node.protected).toBe(false);
  });

  it('reads protection and enclosure data', () => {
    const dom0 = installNode(fixtureProfile('dom0a.example.org'), 'dom0a.json');
    expect(dom0.children).toEqual(['vm1.example.org', 'vm2.example.org']);
    const node1 = installNode(fixtureProfile('node1.example.org'), 'node1.json');
    expect(node1.protected).toBe(true);
    expect(node1.install.mac).toBe('94:40:c9:3e:7a:10');
    expect(installNode(fixtureProfile('vm1.example.org'), 'vm1.json').parent).toBe('dom0a.example.org');
  });

  it('refuses a profile stored under another host name', () => {
    expect(() => installNode(fixtureProfile('pxe1.example.org'), 'other.json', 'other.example.org')).toThrow('other.json: /system/network: describes pxe1.example.org, not other.example.org');
  });

  it('needs exactly one boot NIC among several, with an interface and an address', () => {
    const p = fixtureProfile('node1.example.org');
    p.hardware.cards!.nic!.eth1!.boot = true;
    expect(() => installNode(p, 'n.json')).toThrow('n.json: /hardware/cards/nic: several NICs have boot: true (eth0, eth1)');
    p.hardware.cards!.nic!.eth0!.boot = false;
    p.hardware.cards!.nic!.eth1!.boot = false;
    expect(() => installNode(p, 'n.json')).toThrow(/no NIC has boot: true/);
    const q = fixtureProfile('pxe1.example.org');
    delete q.system.network.interfaces.eth0!.ip;
    expect(() => installNode(q, 'q.json')).toThrow(new AiiError('q.json: /system/network/interfaces/eth0/ip: is required: the install server gives the node a fixed address'));
  });

  it('reports bad JSON at file:line:column and schema issues by profile path', () => {
    expect(() => installNodeFromText('{\n  "hardware": {,\n}', 'bad.json')).toThrow('bad.json:2:16: invalid JSON: expected a double-quoted property name, found ","');
    const p = fixtureProfile('pxe1.example.org');
    (p.system.aii!.nbp as { variant: string }).variant = 'ipxe';
    expect(() => installNodeFromText(JSON.stringify(p), 'v.json')).toThrow('v.json: /system/aii/nbp/variant: must be one of "pxelinux", "grub2"');
  });
});

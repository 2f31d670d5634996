import { describe, expect, it } from 'vitest';
import { installNode } from '../node.js';
import { fixtureProfile } from '../testing.js';
import { GENERATED_HEADER, pxelinuxInstallConfig, pxelinuxLocalbootConfig } from './config.js';

describe('pxelinux configs', () => {
  it('loads the install kernel and initrd with the kickstart, ksdevice and ip settings', () => {
    const node = installNode(fixtureProfile('pxe1.example.org'), 'pxe1.json');
    const text = pxelinuxInstallConfig(node, { serial: '0 115200' });
    const lines = text.split('\n');
    expect(lines[0]!.startsWith(GENERATED_HEADER)).toBe(true);
    expect(lines).toContain('SERIAL 0 115200');
    expect(lines).toContain('DEFAULT install');
    expect(lines).toContain('  KERNEL panfab/test/vmlinuz');
    expect(lines).toContain(
      '  APPEND initrd=panfab/test/initrd.img inst.ks=http://10.0.2.2/ks/pxe1.example.org.ks ksdevice=52:54:00:12:34:56 ifname=eth0:52:54:00:12:34:56 ' +
        'ip=10.0.2.15::10.0.2.2:255.255.255.0:pxe1.example.org:eth0:none nameserver=10.0.2.3 console=ttyS0,115200n8 inst.text',
    );
    // Every line is a directive pxelinux knows, a comment or blank.
    for (const l of lines) expect(l).toMatch(/^(#.*|SERIAL .*|SAY .*|DEFAULT \w+|PROMPT 0|TIMEOUT \d+|LABEL \w+|  (MENU LABEL|KERNEL|APPEND|IPAPPEND) .*|)$/);
  });

  it('asks pxelinux for BOOTIF when ksdevice is bootif', () => {
    const node = installNode(fixtureProfile('node1.example.org'), 'node1.json');
    expect(pxelinuxInstallConfig(node, { serial: '' })).toMatch(/ksdevice=bootif .*\n {2}IPAPPEND 2\n/);
    expect(pxelinuxInstallConfig(node, { serial: '' })).not.toContain('SERIAL');
  });

  it('boots the local disk from localboot.cfg', () => {
    expect(pxelinuxLocalbootConfig({ serial: '0' })).toMatch(/\nSERIAL 0\nDEFAULT local\n[^]*LABEL local\n[^]*  LOCALBOOT 0\n$/);
  });
});

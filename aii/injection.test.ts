/**
 * Hostile values in a profile (quotes, braces, newlines, ';', shell
 * substitutions) never reach a generated file: the schema refuses them, and
 * so does aii's own escaping layer when the schema is bypassed.
 */
import { describe, expect, it } from 'vitest';
import type { Profile } from '../schema/index.js';
import { DEFAULT_CONFIG } from './config.js';
import { dhcpHostEntry } from './dhcpd/entries.js';
import { AiiError } from './errors.js';
import { grubInstallConfig } from './grub/config.js';
import { renderKickstart } from './kickstart/render.js';
import { installNode } from './node.js';
import { installNodeFromText } from './profiles/load.js';
import { pxelinuxInstallConfig } from './pxelinux/config.js';
import { fixtureProfile } from './testing.js';

type Mutation = [path: string, change: (p: Profile) => void];

const HOSTILE: Mutation[] = [
  ['/system/aii/nbp/append', (p) => (p.system.aii!.nbp.append = 'inst.text\nKERNEL evil/vmlinuz')],
  ['/system/aii/nbp/label', (p) => (p.system.aii!.nbp.label = "x' {\n}\nmenuentry 'evil")],
  ['/system/aii/nbp/kslocation', (p) => (p.system.aii!.nbp.kslocation = 'http://x/ks";reboot;"')],
  ['/system/aii/nbp/kernel', (p) => (p.system.aii!.nbp.kernel = 'vmlinuz\nAPPEND evil')],
  ['/system/aii/nbp/rescue', (p) => (p.system.aii!.nbp.rescue = '../../etc/passwd')],
  ['/system/aii/nbp/ksdevice', (p) => (p.system.aii!.nbp.ksdevice = 'eth0 init=/bin/sh')],
  ['/system/aii/dhcp/options/domain-name-servers', (p) => (p.system.aii!.dhcp!.options!['domain-name-servers'] = '1.2.3.4; } host evil { hardware ethernet 00:00:00:00:00:01; fixed-address 10.9.9.9;')],
  ['/system/aii/dhcp/options/x; evil', (p) => (p.system.aii!.dhcp!.options!['x; evil'] = '1')],
  ['/system/aii/dhcp/filename', (p) => (p.system.aii!.dhcp!.filename = 'pxelinux.0"; filename "evil')],
  ['/hardware/cards/nic/eth0/hwaddr', (p) => (p.hardware.cards!.nic!.eth0!.hwaddr = '52:54:00:12:34:56;\n}')],
  ['/system/network/interfaces/eth0/ip', (p) => (p.system.network.interfaces.eth0!.ip = '10.0.2.15; }')],
  ['/system/network/hostname', (p) => (p.system.network.hostname = 'pxe1"; option evil')],
  ['/system/aii/ks/packages/1', (p) => (p.system.aii!.ks.packages[1] = '%end\n%post\nreboot')],
  ['/system/aii/ks/rootpw', (p) => (p.system.aii!.ks.rootpw = '$6$x$y\nrootpw --plaintext evil')],
  ['/system/aii/ks/timezone', (p) => (p.system.aii!.ks.timezone = 'UTC --utc\nrootpw --plaintext x')],
  ['/system/aii/ks/installtype', (p) => (p.system.aii!.ks.installtype = 'url --url http://x/\n%pre\nrm -rf /')],
  ['/system/aii/ks/ackurl', (p) => (p.system.aii!.ks.ackurl = 'http://x/ack?h=$(reboot)')],
  ['/system/aii/ks/agent_profile_url', (p) => (p.system.aii!.ks.agent_profile_url = "http://x/'`id`'")],
  ['/system/aii/ks/clearpart/0', (p) => (p.system.aii!.ks.clearpart = ['vda --all\nzerombr'])],
  ['/system/filesystems/0/mountpoint', (p) => (p.system.filesystems![0]!.mountpoint = '/boot --fstype=evil')],
  ['/system/filesystems/1/mkfsopts', (p) => (p.system.filesystems![1]!.mkfsopts = '-m 0" ; reboot ; "')],
  ['/system/filesystems/1/mountopts', (p) => (p.system.filesystems![1]!.mountopts = 'defaults --noformat')],
];

/** Everything aii writes for a node. */
function renderAll(profile: Profile): void {
  const node = installNode(profile, 'hostile.json');
  dhcpHostEntry(node, { nextServer: '10.0.2.2', pxelinuxFile: 'pxelinux.0', grubFile: 'grubx64.efi' });
  pxelinuxInstallConfig(node, { serial: '' });
  grubInstallConfig(node);
  renderKickstart(node, DEFAULT_CONFIG.kickstart);
}

function thrown(fn: () => void): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error thrown');
}

describe('hostile profile values', () => {
  it('the untouched profile renders (so each case below fails for its own value)', () => {
    expect(() => renderAll(fixtureProfile('pxe1.example.org'))).not.toThrow();
  });

  it.each(HOSTILE)('%s: refused by the schema, naming the path', (path, change) => {
    const p = fixtureProfile('pxe1.example.org');
    change(p);
    const e = thrown(() => installNodeFromText(JSON.stringify(p), 'hostile.json'));
    expect(e.name).toMatch(/^(ProfileSchemaError|AiiError|ProfileValueError)$/);
    expect(e.message).toContain(`hostile.json: ${path}`);
  });

  it.each(HOSTILE)('%s: refused by aii itself when the schema is bypassed', (path, change) => {
    const p = fixtureProfile('pxe1.example.org');
    change(p);
    const e = thrown(() => renderAll(p));
    expect(e).toBeInstanceOf(AiiError);
    expect(e.message).toContain(`hostile.json: ${path}`);
  });
});

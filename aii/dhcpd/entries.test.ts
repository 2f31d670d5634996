import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installNode } from '../node.js';
import { HAND_WRITTEN_DHCPD, SITE_HOSTS, fixtureProfile } from '../testing.js';
import { checkDhcpdConf } from './check.js';
import { dhcpHostEntry } from './entries.js';
import { parseManagedConf, renderManagedConf } from './managed-block.js';

const DHCPD = '/usr/sbin/dhcpd';
const dir = mkdtempSync(join(tmpdir(), 'panfab-dhcpd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const defaults = { nextServer: '192.0.2.2', pxelinuxFile: 'pxelinux.0', grubFile: 'grubx64.efi' };

describe('dhcpd host entries (checked by ISC dhcpd -t)', () => {
  it('renders the boot NIC, fixed address, next-server, filename and the extra options', () => {
    const node = installNode(fixtureProfile('node1.example.org'), 'node1.json');
    expect(dhcpHostEntry(node, defaults).text).toBe(
      [
        'host node1.example.org {',
        '  hardware ethernet 94:40:c9:3e:7a:10;',
        '  fixed-address 192.0.2.20;',
        '  option host-name "node1";',
        '  next-server 192.0.2.2;',
        '  filename "pxelinux.0";',
        '  option domain-name-servers 192.0.2.2, 192.0.2.3;',
        '  option domain-search "example.org", "lab.example.org";',
        '}',
        '',
      ].join('\n'),
    );
    const dom0 = installNode(fixtureProfile('dom0a.example.org'), 'dom0a.json');
    expect(dhcpHostEntry(dom0, { ...defaults, grubFile: 'grub/x.efi' }).text).toContain('filename "grubx64.efi";'); // the profile's own
  });

  it('produces a dhcpd.conf that dhcpd -t accepts for every example node', async () => {
    const conf = parseManagedConf(HAND_WRITTEN_DHCPD, 'dhcpd.conf');
    for (const h of SITE_HOSTS) {
      const e = dhcpHostEntry(installNode(fixtureProfile(h), `${h}.json`), defaults);
      conf.entries.set(e.fqdn, e);
    }
    const path = join(dir, 'site.conf');
    writeFileSync(path, renderManagedConf(conf));
    await checkDhcpdConf(DHCPD, path);
  });

  it('reports what dhcpd -t rejects, with its line', async () => {
    const path = join(dir, 'bad.conf');
    const conf = parseManagedConf(HAND_WRITTEN_DHCPD, 'dhcpd.conf');
    const node = installNode(fixtureProfile('pxe1.example.org'), 'pxe1.json');
    // A well-formed but unknown option passes panfab's syntax checks; dhcpd itself must refuse it.
    const unknown = { ...node, dhcp: { ...node.dhcp, options: [['no-such-option', '1'] as const] } };
    const e = dhcpHostEntry(unknown, defaults);
    conf.entries.set(e.fqdn, e);
    writeFileSync(path, renderManagedConf(conf));
    await expect(checkDhcpdConf(DHCPD, path, '/etc/dhcp/dhcpd.conf')).rejects.toThrow(
      /^\/etc\/dhcp\/dhcpd\.conf: rejected by \/usr\/sbin\/dhcpd -t, left unchanged:\n {2}\/etc\/dhcp\/dhcpd\.conf \(new version\) line \d+: unknown option dhcp\.no-such-option/,
    );
  });
});

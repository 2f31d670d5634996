import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acknowledgeInstall, serveAck } from './ack.js';
import { runAii } from './run.js';
import { fixtureProfile, makeSite, type TestSite } from './testing.js';

let site: TestSite | undefined;
afterEach(() => site?.cleanup());

async function installing(): Promise<TestSite> {
  site = makeSite([fixtureProfile('pxe1.example.org'), fixtureProfile('vm1.example.org')]);
  const code = await runAii({ action: 'install', patterns: ['pxe1.example.org', 'vm1.example.org'], config: site.config, out: () => {}, err: () => {} });
  expect(code).toBe(0);
  return site;
}

const target = (s: TestSite, hex: string) => readlinkSync(join(s.config.tftp.root, 'pxelinux.cfg', hex));

describe('install acknowledgement', () => {
  it('switches an installing node to local boot, once', async () => {
    const s = await installing();
    expect(target(s, '0A00020F')).toBe('pxe1.example.org.cfg');
    expect(await acknowledgeInstall(s.config, 'pxe1.example.org')).toEqual({ fqdn: 'pxe1.example.org', switched: true, message: 'pxe1.example.org: install acknowledged, now boots from local disk' });
    expect(target(s, '0A00020F')).toBe('localboot.cfg');
    expect((await acknowledgeInstall(s.config, 'pxe1.example.org')).message).toBe('pxe1.example.org: not installing (boot); nothing to do');
    await expect(acknowledgeInstall(s.config, 'nosuch.example.org')).rejects.toThrow(/nosuch\.example\.org: no profile in/);
    expect(s.reloads()).toBe(1); // the ack never touches dhcpd
  });

  it('serves GET /ack?host= and lets a node acknowledge only itself unless the caller is trusted', async () => {
    const s = await installing();
    const untrusted = await serveAck(s.config, '127.0.0.1:0');
    try {
      const forbidden = await fetch(`${untrusted.url}?host=pxe1.example.org`);
      expect(forbidden.status).toBe(403);
      expect(await forbidden.text()).toBe('pxe1.example.org: may only be acknowledged from 10.0.2.15\n');
      expect(target(s, '0A00020F')).toBe('pxe1.example.org.cfg');
      expect((await fetch(`${untrusted.url}?host=evil;rm`)).status).toBe(400);
      expect((await fetch(`${untrusted.url}?host=nosuch.example.org`)).status).toBe(404);
    } finally {
      await untrusted.close();
    }
    const trusted = await serveAck({ ...s.config, ack: { listen: '127.0.0.1:0', trusted: ['127.0.0.1'] } });
    try {
      const both = await Promise.all([fetch(`${trusted.url}?host=pxe1.example.org`), fetch(`${trusted.url}/vm1.example.org`)]);
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      expect(await both[0]!.text()).toBe('pxe1.example.org: install acknowledged, now boots from local disk\n');
      expect(target(s, '0A00020F')).toBe('localboot.cfg');
      expect(target(s, 'C000020B')).toBe('localboot.cfg');
      // A retried ack (curl --retry) still succeeds.
      expect((await fetch(`${trusted.url}?host=pxe1.example.org`)).status).toBe(200);
    } finally {
      await trusted.close();
    }
    expect(lstatSync(join(s.config.tftp.root, 'pxelinux.cfg', '0A00020F')).isSymbolicLink()).toBe(true);
  });
});

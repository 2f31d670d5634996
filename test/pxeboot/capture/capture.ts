/**
 * Regenerates the packet fixtures in aii/pxeboot/fixtures/ from real ISC
 * dhcpd and tftpd-hpa in a network namespace pair (as root):
 *
 *   node --import ./test/pxeboot/ts-register.mjs test/pxeboot/capture/capture.ts
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestNet } from '../netns.js';
import { startDhcpd, startTftpd, type RunningServer } from '../servers.js';
import type { Profile } from '../../../schema/index.js';
import { fixtureProfile } from '../../../aii/testing.js';
import { configureBootTree, selectBoot } from '../boot-tree.js';

const fixtures = fileURLToPath(new URL('../../../aii/pxeboot/fixtures/', import.meta.url));
const register = fileURLToPath(new URL('../ts-register.mjs', import.meta.url));
const client = fileURLToPath(new URL('./client.ts', import.meta.url));

const guest = { hostname: 'guest1', mac: '00:16:3e:5a:0b:01', ip: '192.0.2.15' };

/** The vm1 fixture renamed to the guest the fixtures were captured for (client.ts asks with its MAC). */
function guestProfile(): Profile {
  const p = fixtureProfile('vm1.example.org');
  p.system.network.hostname = guest.hostname;
  p.system.network.interfaces.eth0!.ip = guest.ip;
  p.hardware.cards.nic!.eth0!.hwaddr = guest.mac;
  const nbp = p.system.aii!.nbp;
  nbp.kslocation = `http://192.0.2.2/ks/${guest.hostname}.example.org.ks`;
  nbp.ksdevice = guest.mac;
  nbp.append = 'console=hvc0';
  return p;
}
/** A host whose answer does not fit 576 bytes unless dhcpd overloads file and sname. */
const overloadHost = `
host guest2.example.org {
  hardware ethernet 00:16:3e:5a:0b:02;
  fixed-address 192.0.2.16;
  option domain-name "installation-network-with-a-long-name.example.org";
  option domain-name-servers 192.0.2.53, 192.0.2.54, 192.0.2.55, 192.0.2.56;
  option root-path "${'/export/roots/guest2.example.org/'.repeat(6)}";
  option domain-search "alpha.example.org", "bravo.example.org", "charlie.example.org", "delta.example.org", "echo.example.org", "foxtrot.example.org", "golf.example.org";
}
`;

const dir = mkdtempSync(join(tmpdir(), 'pxeboot-capture-'));
const net = await createTestNet();
const servers: RunningServer[] = [];
try {
  const tree = await configureBootTree(dir, [guestProfile()], overloadHost);
  await selectBoot(tree, tree.guests[0]!, 'install');
  servers.push(await startDhcpd(net.server.ns, net.server.iface, tree.dhcpdConf, dir));
  servers.push(await startTftpd(net.server.ns, net.server.ip, tree.tftpRoot));
  await execa('ip', ['netns', 'exec', net.client.ns, process.execPath, '--import', register, client, fixtures, net.client.iface, net.server.ip], { stdio: 'inherit', timeout: 60_000 });
  console.log(`fixtures written to ${fixtures}`);
} catch (e) {
  for (const s of servers) console.error(`--- ${s.name}\n${s.output()}`);
  throw e;
} finally {
  for (const s of servers) await s.stop();
  await net.destroy();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Capture side of capture.ts, run inside the client namespace: talks to the
 * real dhcpd and tftpd-hpa and logs every raw UDP payload as a hex fixture.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dhcpBoot } from '../../../aii/pxeboot/dhcp-client.js';
import { BOOTREQUEST, BROADCAST_FLAG, encodeDhcp } from '../../../aii/pxeboot/dhcp-codec.js';
import { DhcpOption } from '../../../aii/pxeboot/dhcp-options.js';
import { parseMac } from '../../../aii/pxeboot/net-addr.js';
import { tftpGet, TftpErrorReply } from '../../../aii/pxeboot/tftp-client.js';
import { UdpEndpoint } from '../../../aii/pxeboot/udp.js';
import { interfaceIpv4 } from '../../../aii/pxeboot/interface-address.js';

const [outDir, iface, server] = process.argv.slice(2);
const retransmit = { initialMs: 2000, maxMs: 4000, attempts: 3 };
const header = (what: string): string => `# ${what}\n# captured by test/pxeboot/capture/capture.ts from ISC dhcpd 4.4 / tftpd-hpa 5.2\n`;

function save(name: string, what: string, data: Buffer): void {
  writeFileSync(join(outDir, `${name}.hex`), header(what) + (data.toString('hex').match(/.{1,64}/g) ?? []).join('\n') + '\n');
}

async function dhcp(): Promise<void> {
  const seen: Array<[string, Buffer]> = [];
  await dhcpBoot({ mac: parseMac('00:16:3e:5a:0b:01'), interfaceName: iface, retransmit, onPacket: (d, data) => seen.push([d, data]) });
  const names = ['dhcp-discover-panfab', 'dhcp-offer-dhcpd', 'dhcp-request-panfab', 'dhcp-ack-dhcpd'];
  seen.forEach(([dir, data], i) => save(names[i] ?? `dhcp-extra-${i}`, `${dir}: ${names[i]}`, data));
}

/** A DISCOVER without option 57, so dhcpd must fit its answer in 576 bytes: it overloads file and sname. */
async function overload(): Promise<void> {
  // Same socket pair as the DHCP client: sender bound to the interface address, wildcard listener.
  const ep = await UdpEndpoint.open([
    { address: interfaceIpv4(iface), port: 68, reuseAddr: true, broadcast: true },
    { address: '0.0.0.0', port: 68, reuseAddr: true, broadcast: true },
  ]);
  try {
    const mac = parseMac('00:16:3e:5a:0b:02');
    const discover = encodeDhcp({
      op: BOOTREQUEST,
      xid: 0x5eed0001,
      flags: BROADCAST_FLAG,
      chaddr: mac,
      options: [
        [DhcpOption.MESSAGE_TYPE, Buffer.from([1])],
        [DhcpOption.PARAMETER_REQUEST_LIST, Buffer.from([1, 3, 6, 15, 17, 119, 66, 67])],
      ],
    });
    await ep.send(discover, 67, '255.255.255.255');
    const deadline = Date.now() + 8000;
    for (;;) {
      const d = await ep.receive(deadline);
      if (!d) throw new Error('no OFFER for the overload capture');
      if (d.data.readUInt32BE(4) === 0x5eed0001) {
        save('dhcp-offer-overload-dhcpd', 'received: OFFER from dhcpd using option 52 (overload) for a client without option 57', d.data);
        return;
      }
    }
  } finally {
    ep.close();
  }
}

async function tftp(): Promise<void> {
  const seen: Array<[string, Buffer]> = [];
  await tftpGet({ server, filename: 'pxelinux.cfg/localboot.cfg', retransmit, maxBytes: 1 << 20, onPacket: (d, data) => seen.push([d, data]) });
  const names = ['tftp-rrq-panfab', 'tftp-oack-tftpd', 'tftp-ack0-panfab', 'tftp-data-tftpd', 'tftp-ack1-panfab'];
  seen.forEach(([dir, data], i) => save(names[i] ?? `tftp-extra-${i}`, `${dir}: ${names[i]}`, data));
  const missing: Array<[string, Buffer]> = [];
  await tftpGet({ server, filename: 'pxelinux.cfg/no-such-file', retransmit, maxBytes: 1 << 20, onPacket: (d, data) => missing.push([d, data]) }).catch((e) => {
    if (!(e instanceof TftpErrorReply)) throw e;
  });
  save('tftp-error-not-found-tftpd', 'received: ERROR 1 from tftpd-hpa for a missing file', missing[1][1]);
  // A 512-byte-block transfer without options: plain RFC 1350 DATA.
  const plain: Array<[string, Buffer]> = [];
  await tftpGet({ server, filename: 'pxelinux.cfg/localboot.cfg', blksize: 512, retransmit, maxBytes: 1 << 20, onPacket: (d, data) => plain.push([d, data]) });
  save('tftp-oack-tsize-only-tftpd', 'received: OACK with tsize only (blksize not requested)', plain[1][1]);
}

await dhcp();
await overload();
await tftp();

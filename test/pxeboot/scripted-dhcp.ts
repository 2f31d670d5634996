/**
 * A scripted DHCP server on 127.0.0.1 with unprivileged ports, for the
 * faults (lost answers, NAK, stray packets) real dhcpd does not produce on
 * demand. `script` sees each client packet and answers with `reply`.
 */
import dgram from 'node:dgram';
import type { DhcpClientOptions } from '../../aii/pxeboot/dhcp-client.js';
import { BOOTREPLY, decodeDhcp, encodeDhcp, type DhcpPacket } from '../../aii/pxeboot/dhcp-codec.js';
import { DhcpMessageType, DhcpOption } from '../../aii/pxeboot/dhcp-options.js';
import { ipv4ToBytes } from '../../aii/pxeboot/net-addr.js';
import { freePort } from '../ports.js';

interface Received {
  packet: DhcpPacket;
  at: number;
}

export type Reply = (p: DhcpPacket, overrides?: { xid?: number; chaddr?: Buffer; type?: number; yiaddr?: string; siaddr?: string; file?: string; serverId?: string; extra?: Array<[number, Buffer]> }) => void;

export async function scriptedDhcpServer(script: (p: DhcpPacket, reply: Reply, raw: (b: Buffer) => void) => void) {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  const clientPort = await freePort('udp');
  const received: Received[] = [];
  const raw = (b: Buffer): void => void socket.send(b, clientPort, '127.0.0.1');
  const reply: Reply = (p, o = {}) => {
    const options: Array<[number, Uint8Array]> = [
      [DhcpOption.MESSAGE_TYPE, Buffer.from([o.type ?? DhcpMessageType.OFFER])],
      [DhcpOption.SERVER_ID, ipv4ToBytes(o.serverId ?? '192.0.2.2')],
      [DhcpOption.SUBNET_MASK, ipv4ToBytes('255.255.255.0')],
      [DhcpOption.ROUTER, ipv4ToBytes('192.0.2.1')],
      ...(o.extra ?? []),
    ];
    raw(
      encodeDhcp({
        op: BOOTREPLY,
        xid: o.xid ?? p.xid,
        flags: p.flags,
        chaddr: o.chaddr ?? p.chaddr,
        yiaddr: o.yiaddr ?? '192.0.2.15',
        siaddr: o.siaddr ?? '192.0.2.2',
        file: o.file ?? 'pxelinux.0',
        options,
      }),
    );
  };
  socket.on('message', (msg) => {
    const packet = decodeDhcp(msg);
    received.push({ packet, at: Date.now() });
    script(packet, reply, raw);
  });
  const options = (extra: Partial<DhcpClientOptions> = {}): DhcpClientOptions => ({
    mac: Buffer.from('00163e5a0b01', 'hex'),
    retransmit: { initialMs: 200, maxMs: 800, attempts: 3 },
    serverPort: socket.address().port,
    clientPort,
    serverAddress: '127.0.0.1',
    bindAddress: '127.0.0.1',
    random: () => 0.5,
    ...extra,
  });
  return { received, options, close: () => socket.close() };
}


/**
 * The DHCP client against a scripted server on 127.0.0.1 with unprivileged
 * ports: retries, back-off, NAK and stray packets on demand. The exchange
 * with real ISC dhcpd is in test/pxeboot/e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { dhcpBoot, PXE_VENDOR_CLASS } from './dhcp-client.js';
import { BROADCAST_FLAG, optionIp, optionString, optionU8, type DhcpPacket } from './dhcp-codec.js';
import { DhcpMessageType, DhcpOption } from './dhcp-options.js';
import { scriptedDhcpServer as scriptedServer, type Reply } from '../../test/pxeboot/scripted-dhcp.js';

const mac = Buffer.from('00163e5a0b01', 'hex');

const typeOf = (p: DhcpPacket): number | undefined => optionU8(p, DhcpOption.MESSAGE_TYPE);

/** DISCOVER -> OFFER, REQUEST -> ACK. */
function normal(p: DhcpPacket, reply: Reply): void {
  reply(p, { type: typeOf(p) === DhcpMessageType.DISCOVER ? DhcpMessageType.OFFER : DhcpMessageType.ACK });
}

describe('DHCP client against a scripted server on 127.0.0.1', () => {
  it('DISCOVER/OFFER/REQUEST/ACK as a PXE client for the guest MAC, and the lease a PXE client needs', async () => {
    const s = await scriptedServer((p, reply) =>
      reply(p, {
        type: typeOf(p) === DhcpMessageType.DISCOVER ? DhcpMessageType.OFFER : DhcpMessageType.ACK,
        extra: [
          [DhcpOption.PXELINUX_CONFIGFILE, Buffer.from('pxelinux.cfg/special')],
          [DhcpOption.PXELINUX_PATHPREFIX, Buffer.from('boot/')],
        ],
      }),
    );
    try {
      const uuid = Buffer.from('3fa85f6457174562b3fc2c963f66afa6', 'hex');
      const lease = await dhcpBoot(s.options({ uuid }));
      expect(lease).toMatchObject({ clientIp: '192.0.2.15', serverId: '192.0.2.2', nextServer: '192.0.2.2', bootFile: 'pxelinux.0', subnetMask: '255.255.255.0', routers: ['192.0.2.1'], configFile: 'pxelinux.cfg/special', pathPrefix: 'boot/' });
      const [discover, request] = s.received.map((r) => r.packet);
      expect(s.received.map((r) => typeOf(r.packet))).toEqual([DhcpMessageType.DISCOVER, DhcpMessageType.REQUEST]);
      for (const p of [discover, request]) {
        expect(p.chaddr.equals(mac)).toBe(true);
        expect(p.flags & BROADCAST_FLAG).toBe(BROADCAST_FLAG);
        expect(p.ciaddr).toBe('0.0.0.0');
        expect(optionString(p, DhcpOption.VENDOR_CLASS_ID)).toBe(PXE_VENDOR_CLASS);
        expect(p.options.get(DhcpOption.CLIENT_UUID)?.equals(Buffer.concat([Buffer.from([0]), uuid]))).toBe(true);
        expect([...(p.options.get(DhcpOption.PARAMETER_REQUEST_LIST) ?? [])]).toEqual(expect.arrayContaining([1, 3, 54, 66, 67, 209, 210]));
      }
      expect(request.xid).toBe(discover.xid);
      expect(optionIp(request, DhcpOption.REQUESTED_IP)).toBe('192.0.2.15');
      expect(optionIp(request, DhcpOption.SERVER_ID)).toBe('192.0.2.2');
    } finally {
      s.close();
    }
  });

  it('ignores replies for other transactions, other MACs and malformed packets', async () => {
    const seen: string[] = [];
    const s = await scriptedServer((p, reply, raw) => {
      if (typeOf(p) === DhcpMessageType.DISCOVER) {
        reply(p, { xid: p.xid ^ 1, yiaddr: '192.0.2.99' });
        reply(p, { chaddr: Buffer.from('00163e000000', 'hex'), yiaddr: '192.0.2.98' });
        raw(Buffer.from('not dhcp at all'));
      }
      normal(p, reply);
    });
    try {
      const lease = await dhcpBoot(s.options({ log: (l) => seen.push(l) }));
      expect(lease.clientIp).toBe('192.0.2.15');
      expect(seen).toContain('ignored a packet from 127.0.0.1: malformed DHCP packet: 15 bytes, shorter than the 236-byte BOOTP header plus the 4-byte magic cookie');
    } finally {
      s.close();
    }
  });

  it('prefers an offer that names a boot file', async () => {
    const s = await scriptedServer((p, reply) => {
      if (typeOf(p) === DhcpMessageType.DISCOVER) {
        reply(p, { file: '', serverId: '192.0.2.3', siaddr: '0.0.0.0', yiaddr: '192.0.2.77' });
        reply(p, { serverId: '192.0.2.2' });
      } else reply(p, { type: DhcpMessageType.ACK, serverId: optionIp(p, DhcpOption.SERVER_ID) });
    });
    try {
      const lease = await dhcpBoot(s.options());
      expect(lease.serverId).toBe('192.0.2.2');
      expect(optionIp(s.received[1].packet, DhcpOption.SERVER_ID)).toBe('192.0.2.2');
    } finally {
      s.close();
    }
  });

  it('takes the next server from option 66 when siaddr is zero', async () => {
    const s = await scriptedServer((p, reply) =>
      reply(p, { type: typeOf(p) === DhcpMessageType.DISCOVER ? DhcpMessageType.OFFER : DhcpMessageType.ACK, siaddr: '0.0.0.0', file: '', extra: [[DhcpOption.TFTP_SERVER_NAME, Buffer.from('192.0.2.9')], [DhcpOption.BOOTFILE_NAME, Buffer.from('boot/pxelinux.0')]] }),
    );
    try {
      const lease = await dhcpBoot(s.options());
      expect(lease.nextServer).toBe('192.0.2.9');
      expect(lease.bootFile).toBe('boot/pxelinux.0');
    } finally {
      s.close();
    }
  });

  it('starts over with a new transaction after a NAK', async () => {
    let naks = 0;
    const s = await scriptedServer((p, reply) => {
      if (typeOf(p) === DhcpMessageType.REQUEST && naks++ === 0) reply(p, { type: DhcpMessageType.NAK, extra: [[DhcpOption.MESSAGE, Buffer.from('wrong network')]] });
      else normal(p, reply);
    });
    const log: string[] = [];
    try {
      const lease = await dhcpBoot(s.options({ log: (l) => log.push(l) }));
      expect(lease.clientIp).toBe('192.0.2.15');
      const types = s.received.map((r) => typeOf(r.packet));
      expect(types).toEqual([1, 3, 1, 3]);
      expect(s.received[2].packet.xid).not.toBe(s.received[0].packet.xid);
      expect(log).toContain('DHCP NAK from 127.0.0.1: wrong network');
    } finally {
      s.close();
    }
  });

  it('retransmits with doubling waits and then fails with a clear error', async () => {
    const s = await scriptedServer(() => undefined);
    try {
      await expect(dhcpBoot(s.options({ interfaceName: undefined }))).rejects.toThrow(/^no DHCP answer for 00:16:3e:5a:0b:01 after 3 attempts in \d+\.\ds$/);
      const gaps = s.received.slice(1).map((r, i) => r.at - s.received[i].at);
      expect(s.received).toHaveLength(3);
      // 200 ms then 400 ms (random() = 0.5 means no jitter); timers never fire early, a busy machine may be late.
      expect(gaps[0]).toBeGreaterThanOrEqual(190);
      expect(gaps[1]).toBeGreaterThanOrEqual(390);
      expect(s.received.every((r) => typeOf(r.packet) === DhcpMessageType.DISCOVER)).toBe(true);
    } finally {
      s.close();
    }
  });

  it('stops at once when its signal aborts', async () => {
    const s = await scriptedServer(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('interrupted by SIGTERM')), 50);
    const started = Date.now();
    try {
      await expect(dhcpBoot(s.options({ signal: ac.signal, retransmit: { initialMs: 5000, maxMs: 5000, attempts: 3 } }))).rejects.toThrow('interrupted by SIGTERM');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      s.close();
    }
  });

  it('reports a missing interface clearly', async () => {
    await expect(dhcpBoot({ mac, interfaceName: 'nosuch0', retransmit: { initialMs: 10, maxMs: 10, attempts: 1 } })).rejects.toThrow('network interface nosuch0 not found');
  });
});

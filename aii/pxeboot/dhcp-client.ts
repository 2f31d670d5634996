/**
 * A DHCP exchange on behalf of a guest: DISCOVER / OFFER / REQUEST / ACK with
 * the guest's MAC as chaddr and the broadcast flag set (the Dom0 cannot
 * receive unicast addressed to the guest), retransmitted with back-off. What
 * a PXE client needs is returned: address, next server, boot file and the
 * pxelinux options 209/210.
 */
import { randomInt } from 'node:crypto';
import {
  BOOTREPLY,
  BOOTREQUEST,
  BROADCAST_FLAG,
  decodeDhcp,
  encodeDhcp,
  optionIp,
  optionIps,
  optionString,
  optionU8,
  type DhcpPacket,
} from './dhcp-codec.js';
import { DhcpMessageType, DhcpOption } from './dhcp-options.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { PxebootError, messageOf } from './errors.js';
import { interfaceIpv4 } from './interface-address.js';
import { formatMac, ipv4ToBytes, ZERO_IPV4 } from './net-addr.js';
import { UdpEndpoint, type BindSpec } from './udp.js';

/** What a BIOS PXE ROM announces (PXE 2.1 spec): it steers site dhcpd configs to pxelinux.0. */
export const PXE_VENDOR_CLASS = 'PXEClient:Arch:00000:UNDI:002001';

const REQUESTED_PARAMETERS = [
  DhcpOption.SUBNET_MASK,
  DhcpOption.ROUTER,
  DhcpOption.DNS_SERVER,
  DhcpOption.HOST_NAME,
  DhcpOption.DOMAIN_NAME,
  DhcpOption.BROADCAST_ADDRESS,
  DhcpOption.SERVER_ID,
  DhcpOption.TFTP_SERVER_NAME,
  DhcpOption.BOOTFILE_NAME,
  DhcpOption.PXELINUX_CONFIGFILE,
  DhcpOption.PXELINUX_PATHPREFIX,
];

export interface DhcpClientOptions {
  mac: Uint8Array;
  /** Dom0 interface (bridge) to broadcast on; without it the routing table decides. */
  interfaceName?: string;
  /** Guest UUID (16 bytes), sent as option 97 like a PXE ROM does. */
  uuid?: Uint8Array;
  retransmit: BackoffPolicy;
  /** Test hooks: other ports and addresses than DHCP's. */
  serverPort?: number;
  clientPort?: number;
  serverAddress?: string;
  bindAddress?: string;
  random?: () => number;
  signal?: AbortSignal;
  /** Called for every datagram sent or received (packet capture, debugging). */
  onPacket?: (direction: 'sent' | 'received', data: Buffer) => void;
  log?: (line: string) => void;
}

export interface DhcpLease {
  clientIp: string;
  serverId: string | undefined;
  nextServer: string | undefined;
  bootFile: string | undefined;
  subnetMask: string | undefined;
  routers: string[];
  /** pxelinux option 209: the config file to use instead of searching. */
  configFile: string | undefined;
  /** pxelinux option 210: directory prefix for relative file names. */
  pathPrefix: string | undefined;
  ack: DhcpPacket;
}

interface Exchange {
  readonly opts: DhcpClientOptions;
  readonly endpoint: UdpEndpoint;
  readonly started: number;
  xid: number;
}

function baseOptions(opts: DhcpClientOptions, type: number): Array<[number, Uint8Array]> {
  const options: Array<[number, Uint8Array]> = [
    [DhcpOption.MESSAGE_TYPE, Buffer.from([type])],
    [DhcpOption.MAX_MESSAGE_SIZE, Buffer.from([0x05, 0xc0])], // 1472: a full Ethernet frame of UDP payload
    [DhcpOption.PARAMETER_REQUEST_LIST, Buffer.from(REQUESTED_PARAMETERS)],
    [DhcpOption.VENDOR_CLASS_ID, Buffer.from(PXE_VENDOR_CLASS, 'latin1')],
    [DhcpOption.CLIENT_ARCH, Buffer.from([0, 0])], // x86 BIOS: the architecture pxelinux.0 runs on
    [DhcpOption.CLIENT_NDI, Buffer.from([1, 2, 1])], // UNDI 2.1
  ];
  if (opts.uuid) options.push([DhcpOption.CLIENT_UUID, Buffer.concat([Buffer.from([0]), Buffer.from(opts.uuid)])]);
  return options;
}

async function send(ex: Exchange, type: number, extra: Array<[number, Uint8Array]>): Promise<void> {
  const packet = encodeDhcp({
    op: BOOTREQUEST,
    xid: ex.xid,
    secs: Math.min(0xffff, Math.floor((Date.now() - ex.started) / 1000)),
    flags: BROADCAST_FLAG,
    chaddr: ex.opts.mac,
    options: [...baseOptions(ex.opts, type), ...extra],
  });
  ex.opts.onPacket?.('sent', packet);
  await ex.endpoint.send(packet, ex.opts.serverPort ?? 67, ex.opts.serverAddress ?? '255.255.255.255');
}

/** A reply to this exchange, or undefined for anything else on the wire (other clients, malformed packets). */
function replyOf(ex: Exchange, data: Buffer, from: string): DhcpPacket | undefined {
  ex.opts.onPacket?.('received', data);
  let packet: DhcpPacket;
  try {
    packet = decodeDhcp(data);
  } catch (e) {
    ex.opts.log?.(`ignored a packet from ${from}: ${messageOf(e)}`);
    return undefined;
  }
  const mine = packet.op === BOOTREPLY && packet.xid === ex.xid && packet.hlen === ex.opts.mac.length && packet.chaddr.equals(Buffer.from(ex.opts.mac));
  return mine ? packet : undefined;
}

function hasBootFile(p: DhcpPacket): boolean {
  return p.file !== '' || p.options.has(DhcpOption.BOOTFILE_NAME);
}

/** Wait until `deadline` for an OFFER; one naming a boot file is taken at once, PXE-style. */
async function collectOffer(ex: Exchange, deadline: number): Promise<DhcpPacket | undefined> {
  let fallback: DhcpPacket | undefined;
  for (;;) {
    const dgram = await ex.endpoint.receive(deadline, ex.opts.signal);
    if (!dgram) return fallback;
    const reply = replyOf(ex, dgram.data, dgram.address);
    if (!reply || optionU8(reply, DhcpOption.MESSAGE_TYPE) !== DhcpMessageType.OFFER) continue;
    if (reply.yiaddr === ZERO_IPV4) continue;
    if (hasBootFile(reply)) return reply;
    fallback ??= reply;
  }
}

async function awaitAck(ex: Exchange, serverId: string | undefined, deadline: number): Promise<DhcpPacket | 'nak' | undefined> {
  for (;;) {
    const dgram = await ex.endpoint.receive(deadline, ex.opts.signal);
    if (!dgram) return undefined;
    const reply = replyOf(ex, dgram.data, dgram.address);
    if (!reply) continue;
    if (serverId && optionIp(reply, DhcpOption.SERVER_ID) !== serverId) continue;
    const type = optionU8(reply, DhcpOption.MESSAGE_TYPE);
    if (type === DhcpMessageType.NAK) {
      ex.opts.log?.(`DHCP NAK from ${dgram.address}: ${optionString(reply, DhcpOption.MESSAGE) ?? 'no reason given'}`);
      return 'nak';
    }
    if (type === DhcpMessageType.ACK) return reply;
  }
}

/** siaddr, else option 66 when it is an address (pxelinux and PXE ROMs use siaddr). */
function nextServerOf(ack: DhcpPacket, offer: DhcpPacket): string | undefined {
  for (const p of [ack, offer]) {
    if (p.siaddr !== ZERO_IPV4) return p.siaddr;
    const named = optionString(p, DhcpOption.TFTP_SERVER_NAME);
    if (named) return named;
  }
  return undefined;
}

function bootFileOf(ack: DhcpPacket, offer: DhcpPacket): string | undefined {
  for (const p of [ack, offer]) {
    const name = p.file || optionString(p, DhcpOption.BOOTFILE_NAME);
    if (name) return name;
  }
  return undefined;
}

function leaseOf(ack: DhcpPacket, offer: DhcpPacket): DhcpLease {
  return {
    clientIp: ack.yiaddr,
    serverId: optionIp(ack, DhcpOption.SERVER_ID),
    nextServer: nextServerOf(ack, offer),
    bootFile: bootFileOf(ack, offer),
    subnetMask: optionIp(ack, DhcpOption.SUBNET_MASK),
    routers: optionIps(ack, DhcpOption.ROUTER),
    configFile: optionString(ack, DhcpOption.PXELINUX_CONFIGFILE),
    pathPrefix: optionString(ack, DhcpOption.PXELINUX_PATHPREFIX),
    ack,
  };
}

/** One DISCOVER/OFFER/REQUEST/ACK round within `wait` ms per phase. */
async function attempt(ex: Exchange, wait: number): Promise<DhcpLease | undefined> {
  await send(ex, DhcpMessageType.DISCOVER, []);
  const offer = await collectOffer(ex, Date.now() + wait);
  if (!offer) return undefined;
  const serverId = optionIp(offer, DhcpOption.SERVER_ID);
  const ids: Array<[number, Uint8Array]> = [[DhcpOption.REQUESTED_IP, ipv4ToBytes(offer.yiaddr)]];
  if (serverId) ids.push([DhcpOption.SERVER_ID, ipv4ToBytes(serverId)]);
  await send(ex, DhcpMessageType.REQUEST, ids);
  const ack = await awaitAck(ex, serverId, Date.now() + wait);
  if (ack === undefined || ack === 'nak') return undefined;
  if (ack.yiaddr !== offer.yiaddr) {
    ex.opts.log?.(`DHCP ACK for ${ack.yiaddr} does not match the offered ${offer.yiaddr}; retrying`);
    return undefined;
  }
  return leaseOf(ack, offer);
}

function sockets(opts: DhcpClientOptions): BindSpec[] {
  const clientPort = opts.clientPort ?? 68;
  const source = opts.bindAddress ?? (opts.interfaceName ? interfaceIpv4(opts.interfaceName) : undefined);
  const listener: BindSpec = { address: '0.0.0.0', port: clientPort, reuseAddr: true, broadcast: true };
  if (!source || source === '0.0.0.0') return [listener];
  // Sender bound to the interface's address (picks the device), wildcard listener for broadcast replies.
  return [{ address: source, port: clientPort, reuseAddr: true, broadcast: true }, listener];
}

export async function dhcpBoot(opts: DhcpClientOptions): Promise<DhcpLease> {
  const random = opts.random ?? Math.random;
  const endpoint = await UdpEndpoint.open(sockets(opts));
  const ex: Exchange = { opts, endpoint, started: Date.now(), xid: 0 };
  try {
    for (let i = 0; i < opts.retransmit.attempts; i++) {
      ex.xid = randomInt(0, 0xffffffff);
      const lease = await attempt(ex, backoffDelay(i, opts.retransmit, random));
      if (lease) return lease;
      opts.log?.(`no DHCP answer yet (attempt ${i + 1} of ${opts.retransmit.attempts})`);
    }
  } finally {
    endpoint.close();
  }
  const where = opts.interfaceName ? ` on ${opts.interfaceName}` : '';
  const seconds = ((Date.now() - ex.started) / 1000).toFixed(1);
  throw new PxebootError(`no DHCP answer for ${formatMac(opts.mac)}${where} after ${opts.retransmit.attempts} attempts in ${seconds}s`);
}

/**
 * DHCPv4 messages (RFC 2131 / RFC 2132): the BOOTP header, the magic cookie
 * and the options, including option overload into `sname`/`file` (option 52)
 * and long options split over several instances (RFC 3396). Decoding is
 * strict: anything that does not follow the RFCs raises MalformedPacketError
 * naming the byte offset.
 */
import { MalformedPacketError } from './errors.js';
import { DhcpOption, optionName, optionProblem } from './dhcp-options.js';
import { ipv4FromBytes, ipv4ToBytes, ZERO_IPV4 } from './net-addr.js';

export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;
export const MAGIC_COOKIE = 0x63825363;
/** Flags bit 15: the client cannot receive unicast before it is configured (RFC 2131 4.1). */
export const BROADCAST_FLAG = 0x8000;

const CHADDR = 28;
const SNAME = 44;
const SNAME_LEN = 64;
const FILE = 108;
const FILE_LEN = 128;
const COOKIE = 236;
const OPTIONS = 240;
/** BOOTP's minimum message size (RFC 1542 2.1); shorter requests are dropped by some relays. */
const BOOTP_MIN_SIZE = 300;

export interface DhcpPacket {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  xid: number;
  secs: number;
  flags: number;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** The `hlen` significant bytes of the client hardware address. */
  chaddr: Buffer;
  /** Server host name; empty when absent or when the field carries options. */
  sname: string;
  /** Boot file name; empty when absent or when the field carries options. */
  file: string;
  /** Option values by code, instances concatenated (RFC 3396); pad and end are not kept. */
  options: Map<number, Buffer>;
}

export type DhcpPacketInit = Partial<Omit<DhcpPacket, 'options' | 'chaddr' | 'xid' | 'op'>> & {
  op: number;
  xid: number;
  chaddr: Uint8Array;
  /** Options in the order they are to be written. */
  options: ReadonlyArray<readonly [number, Uint8Array]>;
};

function malformed(message: string, offset: number): never {
  throw new MalformedPacketError('DHCP', message, offset);
}

type Area = 'options' | 'file' | 'sname';

/** Collect the options of one area into `found`, concatenating repeated codes. */
interface Found {
  parts: Buffer[];
  /** Offset of the first instance, for error messages. */
  offset: number;
}

function readOptionArea(buf: Buffer, start: number, end: number, area: Area, found: Map<number, Found>): void {
  let i = start;
  while (i < end) {
    const code = buf[i];
    if (code === DhcpOption.PAD) {
      i += 1;
      continue;
    }
    if (code === DhcpOption.END) return;
    if (i + 1 >= end) malformed(`option ${code} at offset ${i} in the ${area} field has no length byte`, i);
    const len = buf[i + 1];
    if (i + 2 + len > end) {
      malformed(`option ${code} at offset ${i} in the ${area} field: length ${len} runs past the end of the field (${end - i - 2} bytes left)`, i);
    }
    if (code === DhcpOption.OVERLOAD && area !== 'options') {
      malformed(`option 52 (option overload) at offset ${i} inside the ${area} field (overload loop)`, i);
    }
    const entry = found.get(code) ?? { parts: [], offset: i };
    entry.parts.push(buf.subarray(i + 2, i + 2 + len));
    found.set(code, entry);
    i += 2 + len;
  }
  // The options field must be closed by an end option; overloaded fields may simply be full.
  if (area === 'options') malformed(`the options field has no end option (255)`, end);
}

/** A NUL-terminated string field (`sname`, `file`). */
function readCString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? length : nul).toString('latin1');
}

function readOverload(found: Map<number, Found>): number {
  const entry = found.get(DhcpOption.OVERLOAD);
  if (!entry) return 0;
  const value = Buffer.concat(entry.parts);
  const problem = optionProblem(DhcpOption.OVERLOAD, value);
  if (problem) malformed(`option 52 (option overload) at offset ${entry.offset}: ${problem}`, entry.offset);
  return value[0];
}

function checkHeader(buf: Buffer): void {
  if (buf.length < OPTIONS) {
    malformed(`${buf.length} bytes, shorter than the 236-byte BOOTP header plus the 4-byte magic cookie`, buf.length);
  }
  if (buf[0] !== BOOTREQUEST && buf[0] !== BOOTREPLY) malformed(`op ${buf[0]} at offset 0 is neither 1 (BOOTREQUEST) nor 2 (BOOTREPLY)`, 0);
  if (buf[2] > 16) malformed(`hardware address length ${buf[2]} at offset 2 exceeds the 16-byte chaddr field`, 2);
  const cookie = buf.readUInt32BE(COOKIE);
  if (cookie !== MAGIC_COOKIE) {
    malformed(`bad magic cookie ${cookie.toString(16).padStart(8, '0')} at offset 236 (expected 63825363)`, COOKIE);
  }
}

export function decodeDhcp(packet: Uint8Array): DhcpPacket {
  const buf = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  checkHeader(buf);
  const found = new Map<number, Found>();
  readOptionArea(buf, OPTIONS, buf.length, 'options', found);
  const overload = readOverload(found);
  // RFC 2131 4.1: options first, then `file`, then `sname`.
  if (overload & 1) readOptionArea(buf, FILE, FILE + FILE_LEN, 'file', found);
  if (overload & 2) readOptionArea(buf, SNAME, SNAME + SNAME_LEN, 'sname', found);
  const options = new Map<number, Buffer>();
  for (const [code, { parts, offset }] of found) {
    const value = Buffer.concat(parts);
    const problem = optionProblem(code, value);
    if (problem) malformed(`option ${code} (${optionName(code)}) at offset ${offset}: ${problem}`, offset);
    options.set(code, value);
  }
  const hlen = buf[2];
  return {
    op: buf[0],
    htype: buf[1],
    hlen,
    hops: buf[3],
    xid: buf.readUInt32BE(4),
    secs: buf.readUInt16BE(8),
    flags: buf.readUInt16BE(10),
    ciaddr: ipv4FromBytes(buf, 12),
    yiaddr: ipv4FromBytes(buf, 16),
    siaddr: ipv4FromBytes(buf, 20),
    giaddr: ipv4FromBytes(buf, 24),
    chaddr: Buffer.from(buf.subarray(CHADDR, CHADDR + hlen)),
    sname: overload & 2 ? '' : readCString(buf, SNAME, SNAME_LEN),
    file: overload & 1 ? '' : readCString(buf, FILE, FILE_LEN),
    options,
  };
}

function writeCString(buf: Buffer, start: number, length: number, value: string, field: string): void {
  const bytes = Buffer.from(value, 'latin1');
  if (bytes.length > length) throw new RangeError(`DHCP ${field} '${value}' is longer than ${length} bytes`);
  if (bytes.includes(0)) throw new RangeError(`DHCP ${field} contains a NUL byte`);
  bytes.copy(buf, start);
}

/** Options area: each option split into 255-byte instances (RFC 3396), then the end option. */
function encodeOptions(options: DhcpPacketInit['options']): Buffer {
  const chunks: Buffer[] = [];
  for (const [code, value] of options) {
    if (code === DhcpOption.PAD || code === DhcpOption.END || code < 0 || code > 255) throw new RangeError(`cannot encode DHCP option code ${code}`);
    const problem = optionProblem(code, Buffer.from(value));
    if (problem) throw new RangeError(`DHCP option ${code} (${optionName(code)}): ${problem}`);
    let offset = 0;
    do {
      const piece = value.subarray(offset, offset + 255);
      chunks.push(Buffer.from([code, piece.length]), Buffer.from(piece));
      offset += 255;
    } while (offset < value.length);
  }
  chunks.push(Buffer.from([DhcpOption.END]));
  return Buffer.concat(chunks);
}

export function encodeDhcp(init: DhcpPacketInit): Buffer {
  const options = encodeOptions(init.options);
  const buf = Buffer.alloc(Math.max(BOOTP_MIN_SIZE, OPTIONS + options.length));
  const hlen = init.hlen ?? init.chaddr.length;
  if (init.chaddr.length > 16 || hlen > 16) throw new RangeError('DHCP chaddr is longer than 16 bytes');
  buf[0] = init.op;
  buf[1] = init.htype ?? 1;
  buf[2] = hlen;
  buf[3] = init.hops ?? 0;
  buf.writeUInt32BE(init.xid >>> 0, 4);
  buf.writeUInt16BE(init.secs ?? 0, 8);
  buf.writeUInt16BE(init.flags ?? 0, 10);
  ipv4ToBytes(init.ciaddr ?? ZERO_IPV4).copy(buf, 12);
  ipv4ToBytes(init.yiaddr ?? ZERO_IPV4).copy(buf, 16);
  ipv4ToBytes(init.siaddr ?? ZERO_IPV4).copy(buf, 20);
  ipv4ToBytes(init.giaddr ?? ZERO_IPV4).copy(buf, 24);
  Buffer.from(init.chaddr).copy(buf, CHADDR);
  writeCString(buf, SNAME, SNAME_LEN, init.sname ?? '', 'sname');
  writeCString(buf, FILE, FILE_LEN, init.file ?? '', 'file');
  buf.writeUInt32BE(MAGIC_COOKIE, COOKIE);
  options.copy(buf, OPTIONS);
  return buf;
}

/* Typed readers of decoded options. */

export function optionIp(packet: DhcpPacket, code: number): string | undefined {
  const v = packet.options.get(code);
  return v ? ipv4FromBytes(v) : undefined;
}

export function optionIps(packet: DhcpPacket, code: number): string[] {
  const v = packet.options.get(code);
  const out: string[] = [];
  for (let i = 0; v && i + 4 <= v.length; i += 4) out.push(ipv4FromBytes(v, i));
  return out;
}

export function optionU8(packet: DhcpPacket, code: number): number | undefined {
  return packet.options.get(code)?.[0];
}

export function optionU32(packet: DhcpPacket, code: number): number | undefined {
  const v = packet.options.get(code);
  return v && v.length >= 4 ? v.readUInt32BE(0) : undefined;
}

/** A text option; some servers NUL-terminate strings (RFC 2132 says they must not), so trailing NULs are dropped. */
export function optionString(packet: DhcpPacket, code: number): string | undefined {
  const v = packet.options.get(code);
  if (!v) return undefined;
  let end = v.length;
  while (end > 0 && v[end - 1] === 0) end--;
  return v.subarray(0, end).toString('latin1');
}

/** IPv4 addresses and Ethernet MAC addresses as the boot protocols carry them. */
import { hexIp, isIpv4 } from '../escape.js';
import { PxebootError } from './errors.js';

/** The 4 network-order bytes of a dotted-quad address. */
export function ipv4ToBytes(ip: string): Buffer {
  if (!isIpv4(ip)) throw new PxebootError(`invalid IPv4 address '${ip}'`);
  return Buffer.from(ip.split('.').map(Number));
}

export function ipv4FromBytes(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** Upper-case hex form used by pxelinux and `panfab aii` (10.0.2.15 -> 0A00020F). */
export function ipv4Hex(ip: string): string {
  if (!isIpv4(ip)) throw new PxebootError(`invalid IPv4 address '${ip}'`);
  return hexIp(ip);
}

export const ZERO_IPV4 = '0.0.0.0';

/** Parse `aa:bb:cc:dd:ee:ff` (or with dashes), either case, into 6 bytes. */
export function parseMac(text: string): Buffer {
  const m = /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i.exec(text);
  if (!m) throw new PxebootError(`invalid MAC address '${text}' (expected aa:bb:cc:dd:ee:ff)`);
  return Buffer.from([m[1], m[3], m[4], m[5], m[6], m[7]].join(''), 'hex');
}

/** Lower-case MAC, bytes joined by `separator`. */
export function formatMac(mac: Uint8Array, separator = ':'): string {
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(separator);
}

/**
 * ip4_to_long() and long_to_ip4(): IPv4 dotted quads to and from longs.
 * ip4_to_long returns a list: the address, and the netmask when the
 * argument is in CIDR notation (`10.0.0.0/8`).
 */
import { PanList } from '../model/values.js';
import { argLong, argString, fail } from './args.js';
import type { BuiltinSpec } from './registry.js';

function ip4ToLong(arg: string): PanList {
  const slash = arg.indexOf('/');
  const ip = slash < 0 ? arg : arg.slice(0, slash);
  const out = new PanList([quad(ip)]);
  if (slash >= 0) {
    const bits = arg.slice(slash + 1);
    if (!/^[0-9]{1,2}$/.test(bits) || Number(bits) > 32) fail(`ip4_to_long(): invalid prefix length in '${arg}'`);
    const n = Number(bits);
    out.items.push(n === 0 ? 0 : (0xffffffff - (2 ** (32 - n) - 1)));
  }
  return out;
}

function quad(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) fail(`ip4_to_long(): '${ip}' is not an IPv4 address`);
  let n = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) fail(`ip4_to_long(): '${ip}' is not an IPv4 address`);
    n = n * 256 + Number(p);
  }
  return n;
}

function longToIp4(n: number | bigint): string {
  const x = typeof n === 'bigint' ? Number(n) : n;
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) fail(`long_to_ip4(): ${n} is not an IPv4 address as a long`);
  return [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.');
}

export const networkBuiltins: BuiltinSpec[] = [
  { name: 'ip4_to_long', minArgs: 1, maxArgs: 1, pure: true, call: (a) => ip4ToLong(argString('ip4_to_long', a, 0)) },
  { name: 'long_to_ip4', minArgs: 1, maxArgs: 1, pure: true, call: (a) => longToIp4(argLong('long_to_ip4', a, 0)) },
];

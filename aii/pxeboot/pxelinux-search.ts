/**
 * Where pxelinux looks for files on the TFTP server (syslinux 6
 * doc/pxelinux.txt). The *path prefix* is DHCP option 210 when given, else
 * the directory of the boot file; relative names are taken below it. Config
 * files are searched as:
 *
 *   pxelinux.cfg/<uuid>               when the client UUID is known
 *   pxelinux.cfg/01-88-99-aa-bb-cc-dd  ARP type 1 + MAC, lower case, dashes
 *   pxelinux.cfg/C000025B             the IP in upper-case hex, then that
 *   pxelinux.cfg/C000025 ... /C        name shortened one digit at a time
 *   pxelinux.cfg/default
 *
 * DHCP option 209 replaces the search with the one file it names.
 */
import { PxebootError } from './errors.js';
import { formatMac, ipv4Hex } from './net-addr.js';

export interface SearchInput {
  mac: Uint8Array;
  ip: string;
  /** Guest UUID, canonical text form. */
  uuid?: string;
  /** Option 209. */
  configFile?: string;
}

/** The path prefix: option 210 or everything up to the last '/' of the boot file. */
export function pathPrefix(bootFile: string | undefined, option210: string | undefined): string {
  if (option210 !== undefined) return option210;
  if (!bootFile) return '';
  const slash = bootFile.lastIndexOf('/');
  return slash < 0 ? '' : bootFile.slice(0, slash + 1);
}

export interface TftpLocation {
  /** Server address; undefined means the next-server from DHCP. */
  server?: string;
  path: string;
}

/**
 * Resolve a file name from a config as pxelinux does: `::name` is absolute
 * on the boot server, `host::name` is on another TFTP server, a name
 * starting with '/' is used unchanged, anything else is below the prefix.
 */
export function resolvePxePath(prefix: string, name: string): TftpLocation {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) throw new PxebootError(`'${name}': URLs need lpxelinux's HTTP support, which panfab pxeboot does not have`);
  const sep = name.indexOf('::');
  if (sep === 0) return { path: name.slice(2).replace(/^\/+/, '') };
  if (sep > 0) return { server: name.slice(0, sep), path: name.slice(sep + 2).replace(/^\/+/, '') };
  if (name.startsWith('/')) return { path: name };
  return { path: prefix + name };
}

/** Hex IP and its prefixes, longest first: C000020F, C000020, ..., C. */
function hexPrefixes(ip: string): string[] {
  const hex = ipv4Hex(ip);
  return Array.from({ length: hex.length }, (_, i) => hex.slice(0, hex.length - i));
}

/** Config file names to try, in pxelinux's order (relative to the path prefix). */
export function configCandidates(input: SearchInput): string[] {
  if (input.configFile) return [input.configFile];
  const names: string[] = [];
  if (input.uuid) names.push(`pxelinux.cfg/${input.uuid.toLowerCase()}`);
  names.push(`pxelinux.cfg/01-${formatMac(input.mac, '-')}`);
  for (const hex of hexPrefixes(input.ip)) names.push(`pxelinux.cfg/${hex}`);
  names.push('pxelinux.cfg/default');
  return names;
}

/**
 * Validation and escaping of profile values, per target syntax. Every value
 * that reaches dhcpd.conf, a pxelinux or grub config, a kickstart or a shell
 * line goes through one of these functions: the schema already restricts the
 * values, and these checks hold even when a profile skipped validation (or
 * the schema is loosened), so that no value can start a directive of its own.
 */
import { ProfileValueError } from './errors.js';

/** Where a value came from: the profile source and the JSON pointer in it. */
export interface Where {
  readonly source: string;
  readonly path: string;
}

export function at(where: Where, ...keys: (string | number)[]): Where {
  return { source: where.source, path: `${where.path}/${keys.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` };
}

function fail(where: Where, reason: string): never {
  throw new ProfileValueError(where.source, where.path || '/', reason);
}

/** Show a hostile value safely in an error message. */
function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function str(value: unknown, where: Where): string {
  if (typeof value !== 'string') fail(where, `must be a string, not ${shown(value)}`);
  return value;
}

function matching(value: unknown, where: Where, re: RegExp, what: string): string {
  const s = str(value, where);
  if (!re.test(s)) fail(where, `${shown(s)} is not ${what}`);
  return s;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const FQDN_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
const HOSTNAME_RE = new RegExp(`^${LABEL}$`);
const DOMAIN_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const MAC_RE = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
const IPV4_RE = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
const TFTP_PATH_RE = /^(?!(?:.*\/)?\.\.?(?:\/|$))[A-Za-z0-9._+@%~-]+(?:\/[A-Za-z0-9._+@%~-]+)*$/;
const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;
const URL_RE = /^(?:https?|ftp|tftp|nfs):\/\/[A-Za-z0-9._~:/?@%=&+-]+$/;
const KERNEL_ARGS_RE = /^[A-Za-z0-9 ._,:/=+@%~?&-]*$/;
const MENU_LABEL_RE = /^[A-Za-z0-9][A-Za-z0-9 ._,:/()+@-]*$/;
const WORD_RE = /^[A-Za-z0-9._:/@%=+,~^-]+$/;

export function fqdn(value: unknown, where: Where): string {
  return matching(value, where, FQDN_RE, 'a lower-case fully qualified host name');
}

export function hostname(value: unknown, where: Where): string {
  return matching(value, where, HOSTNAME_RE, 'a lower-case short host name');
}

export function domainname(value: unknown, where: Where): string {
  return matching(value, where, DOMAIN_RE, 'a lower-case DNS domain');
}

/** A MAC address, normalised to lower case. */
export function mac(value: unknown, where: Where): string {
  return matching(value, where, MAC_RE, 'a MAC address aa:bb:cc:dd:ee:ff').toLowerCase();
}

export function ipv4(value: unknown, where: Where): string {
  return matching(value, where, IPV4_RE, 'a dotted-quad IPv4 address');
}

/** Whether a string is a dotted-quad IPv4 address (what `ipv4` accepts). */
export function isIpv4(s: string): boolean {
  return IPV4_RE.test(s);
}

/** Upper-case hex of an IPv4 address, the name pxelinux and grub look up (10.0.2.15 -> 0A00020F). */
export function hexIp(ip: string): string {
  return ip
    .split('.')
    .map((octet) => Number(octet).toString(16).toUpperCase().padStart(2, '0'))
    .join('');
}

/** A path relative to the TFTP root: portable characters, no '.' or '..' segment. */
export function tftpPath(value: unknown, where: Where): string {
  return matching(value, where, TFTP_PATH_RE, 'a path relative to the TFTP root (portable characters, no . or .. segments)');
}

/** Whether a string is a path `tftpPath` accepts. */
export function isTftpPath(s: string): boolean {
  return TFTP_PATH_RE.test(s);
}

/** A plain file name (no directory part), like rescue.cfg. */
export function fileName(value: unknown, where: Where): string {
  return matching(value, where, NAME_RE, 'a plain file name');
}

export function url(value: unknown, where: Where): string {
  return matching(value, where, URL_RE, 'an http(s)/ftp/tftp/nfs URL without quotes, spaces or shell characters');
}

/** Kernel arguments, written verbatim on a pxelinux APPEND line: no quotes, ';', '#', '$', braces or control characters. */
export function kernelArgs(value: unknown, where: Where): string {
  return matching(value, where, KERNEL_ARGS_RE, 'a list of kernel arguments (letters, digits and ._,:/=+@%~?&- only)').trim().replace(/ +/g, ' ');
}

export function menuLabel(value: unknown, where: Where): string {
  return matching(value, where, MENU_LABEL_RE, 'a menu label (letters, digits, spaces and ._,:/()+@-)');
}

/** A single bare word for kickstart or kernel command lines (no spaces, quotes or shell characters). */
export function word(value: unknown, where: Where): string {
  return matching(value, where, WORD_RE, 'a single word without spaces, quotes or shell characters');
}

/** Any value checked against a caller's pattern. */
export function pattern(value: unknown, where: Where, re: RegExp, what: string): string {
  return matching(value, where, re, what);
}

// ------------------------------------------------------------------ dhcpd.conf

const DHCP_OPTION_NAME_RE = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)?$/;
const DHCP_TOKEN = '(?:"[^"\\\\;{}#\\x00-\\x1f\\x7f]*"|[A-Za-z0-9.:_/+-]+)';
const DHCP_OPTION_VALUE_RE = new RegExp(`^${DHCP_TOKEN}(?: *, *${DHCP_TOKEN})*$`);

export function dhcpOptionName(value: unknown, where: Where): string {
  return matching(value, where, DHCP_OPTION_NAME_RE, 'a dhcpd option name (domain-name-servers, space.name)');
}

/**
 * A dhcpd option value as written after the option name: comma-separated
 * bare tokens or double-quoted strings that hold no quote, backslash, ';',
 * '#', brace or control character. Nothing in it can end the statement.
 */
export function dhcpOptionValue(value: unknown, where: Where): string {
  return matching(value, where, DHCP_OPTION_VALUE_RE, 'a dhcpd option value (comma-separated tokens or "strings" without quotes, \\, ;, #, braces, control characters)');
}

/** A dhcpd quoted string. */
export function dhcpString(value: string, where: Where): string {
  if (/["\\\x00-\x1f\x7f]/.test(value)) fail(where, `${shown(value)} cannot be written as a dhcpd string (quote, backslash or control character)`);
  return `"${value}"`;
}

// ------------------------------------------------------------------ grub and shell

/** A control-character-free text: one line. */
export function oneLine(value: unknown, where: Where): string {
  const s = str(value, where);
  if (/[\x00-\x1f\x7f]/.test(s)) fail(where, `${shown(s)} holds a control character (newline, tab...)`);
  return s;
}

/**
 * A single-quoted word for grub scripts and POSIX shells: inside single
 * quotes nothing is special, and a quote is closed, escaped and reopened.
 * Control characters are refused, so a word always stays on its line.
 */
export function singleQuote(value: string, where: Where): string {
  oneLine(value, where);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Configuration of the install server itself: where profiles come from and
 * where dhcpd.conf, the TFTP tree and the kickstarts live. Read from a small
 * YAML (or JSON) file, then overridden by command-line options. Errors name
 * file:line:column.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { DEFAULT_CONFIG_FILE as AGENT_CONFIG_FILE } from '../components/agent/config.js';
import { lineColumn } from '../common/text.js';
import { AiiError } from './errors.js';
import { isIpv4, isTftpPath } from './escape.js';

const DEFAULT_CONFIG_PATH = '/etc/panfab/aii.yaml';

export interface AiiServerConfig {
  /** Profile directory, or http(s) URL of the directory that serves `<fqdn>.json`. */
  readonly profiles: string;
  /** Cache of profiles fetched over HTTP(S). */
  readonly profileCache: string;
  /** Default next-server (TFTP server) for nodes whose profile names none. */
  readonly nextServer?: string;
  readonly dhcpd: {
    readonly conf: string;
    readonly binary: string;
    /** Command run (argument array, no shell) when dhcpd.conf changed; empty: none. */
    readonly reload: readonly string[];
  };
  readonly tftp: {
    readonly root: string;
    /** Directory of pxelinux configs, relative to the root. */
    readonly pxelinuxDir: string;
    /** Directory of grub configs, relative to the root. */
    readonly grubDir: string;
    /** pxelinux SERIAL arguments ("0 115200") written at the top of generated configs; empty: none. */
    readonly serial: string;
    /** Default boot files handed out by dhcpd, per network boot program. */
    readonly pxelinuxFile: string;
    readonly grubFile: string;
  };
  readonly kickstart: {
    readonly dir: string;
    /** Package holding the panfab agent, installed in %post. */
    readonly agentPackage: string;
    /** Where %post writes the agent's configuration on the node (default: where the agent reads it). */
    readonly agentConfig: string;
  };
  readonly ack: {
    /** host:port the acknowledgement endpoint listens on. */
    readonly listen: string;
    /** Addresses allowed to acknowledge any node; others may acknowledge only themselves. */
    readonly trusted: readonly string[];
  };
}

export const DEFAULT_CONFIG: AiiServerConfig = {
  profiles: '/var/lib/panfab/profiles',
  profileCache: '/var/cache/panfab/aii-profiles',
  dhcpd: { conf: '/etc/dhcp/dhcpd.conf', binary: '/usr/sbin/dhcpd', reload: ['systemctl', 'try-restart', 'isc-dhcp-server'] },
  tftp: { root: '/srv/tftp', pxelinuxDir: 'pxelinux.cfg', grubDir: 'grub', serial: '', pxelinuxFile: 'pxelinux.0', grubFile: 'grubx64.efi' },
  kickstart: { dir: '/var/www/html/ks', agentPackage: 'panfab-agent', agentConfig: AGENT_CONFIG_FILE },
  ack: { listen: '0.0.0.0:8079', trusted: [] },
};

type Kind = 'string' | 'serial' | 'path' | 'relpath' | 'ipv4' | 'strings' | 'url-or-path';

/** The file's keys (snake_case) and where each lands in AiiServerConfig. */
const KEYS: Record<string, { kind: Kind; set: (c: MutableConfig, v: string | string[]) => void }> = {
  profiles: { kind: 'url-or-path', set: (c, v) => (c.profiles = v as string) },
  profile_cache: { kind: 'path', set: (c, v) => (c.profileCache = v as string) },
  next_server: { kind: 'ipv4', set: (c, v) => (c.nextServer = v as string) },
  'dhcpd.conf': { kind: 'path', set: (c, v) => (c.dhcpd.conf = v as string) },
  'dhcpd.binary': { kind: 'path', set: (c, v) => (c.dhcpd.binary = v as string) },
  'dhcpd.reload': { kind: 'strings', set: (c, v) => (c.dhcpd.reload = v as string[]) },
  'tftp.root': { kind: 'path', set: (c, v) => (c.tftp.root = v as string) },
  'tftp.pxelinux_dir': { kind: 'relpath', set: (c, v) => (c.tftp.pxelinuxDir = v as string) },
  'tftp.grub_dir': { kind: 'relpath', set: (c, v) => (c.tftp.grubDir = v as string) },
  'tftp.serial': { kind: 'serial', set: (c, v) => (c.tftp.serial = v as string) },
  'tftp.pxelinux_file': { kind: 'relpath', set: (c, v) => (c.tftp.pxelinuxFile = v as string) },
  'tftp.grub_file': { kind: 'relpath', set: (c, v) => (c.tftp.grubFile = v as string) },
  'kickstart.dir': { kind: 'path', set: (c, v) => (c.kickstart.dir = v as string) },
  'kickstart.agent_package': { kind: 'string', set: (c, v) => (c.kickstart.agentPackage = v as string) },
  'kickstart.agent_config': { kind: 'path', set: (c, v) => (c.kickstart.agentConfig = v as string) },
  'ack.listen': { kind: 'string', set: (c, v) => (c.ack.listen = v as string) },
  'ack.trusted': { kind: 'strings', set: (c, v) => (c.ack.trusted = v as string[]) },
};
const SECTIONS = new Set(['dhcpd', 'tftp', 'kickstart', 'ack']);

type DeepMutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] extends object ? DeepMutable<T[K]> : T[K] };
type MutableConfig = DeepMutable<AiiServerConfig>;

/** Command-line overrides, applied after the file. */
export interface ConfigOverrides {
  profiles?: string;
  profileCache?: string;
  nextServer?: string;
  dhcpdConf?: string;
  tftpRoot?: string;
  ksDir?: string;
}

/** Read the config file (the default one may be absent) and apply the overrides. */
export function loadServerConfig(path: string | undefined, overrides: ConfigOverrides = {}): AiiServerConfig {
  const file = path ?? DEFAULT_CONFIG_PATH;
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(code === 'ENOENT' && path === undefined)) throw new AiiError(`${file}: cannot read the aii configuration (${code ?? String(e)})`);
  }
  // An absent default file reads as an empty one: the defaults, then the overrides.
  return parseServerConfig(file, text ?? '', overrides);
}

/** Parse config text over the defaults, then apply the overrides. */
export function parseServerConfig(file: string, text: string, overrides: ConfigOverrides = {}): AiiServerConfig {
  const config = cloneDefaults();
  applyFile(config, file, text);
  applyOverrides(config, overrides);
  return config;
}

function cloneDefaults(): MutableConfig {
  return structuredClone(DEFAULT_CONFIG) as MutableConfig;
}

function applyFile(config: MutableConfig, file: string, text: string): void {
  const doc = parseDocument(text, { uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError !== undefined) {
    const { line, column } = lineColumn(text, firstError.pos[0]);
    throw new AiiError(`${file}:${line}:${column}: ${firstError.message.split('\n')[0]}`);
  }
  const where = (node: unknown): string => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    const { line, column } = lineColumn(text, range?.[0] ?? 0);
    return `${file}:${line}:${column}`;
  };
  if (doc.contents === null) return;
  if (!isMap(doc.contents)) throw new AiiError(`${where(doc.contents)}: the aii configuration must be a mapping`);
  walk(doc, doc.contents.items, '', config, where);
}

function walk(doc: Document, items: readonly { key: unknown; value: unknown }[], prefix: string, config: MutableConfig, where: (n: unknown) => string): void {
  for (const { key, value } of items) {
    const name = isScalar(key) ? String(key.value) : String(key);
    const full = prefix + name;
    if (prefix === '' && SECTIONS.has(name)) {
      if (!isMap(value)) throw new AiiError(`${where(value ?? key)}: ${full} must be a mapping`);
      walk(doc, value.items, `${full}.`, config, where);
      continue;
    }
    const spec = KEYS[full];
    if (spec === undefined) throw new AiiError(`${where(key)}: unknown setting ${full} (known: ${Object.keys(KEYS).join(', ')})`);
    spec.set(config, checkValue(full, spec.kind, value, where));
  }
}

function checkValue(name: string, kind: Kind, node: unknown, where: (n: unknown) => string): string | string[] {
  if (kind === 'strings') {
    if (!isSeq(node) || !node.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
      throw new AiiError(`${where(node)}: ${name} must be a list of strings`);
    }
    return node.items.map((i) => String((i as { value: string }).value));
  }
  if (!isScalar(node) || typeof node.value !== 'string' || node.value === '' && kind !== 'string') {
    throw new AiiError(`${where(node)}: ${name} must be a non-empty string`);
  }
  const value = node.value;
  const problem = kindProblem(kind, value);
  if (problem !== undefined) throw new AiiError(`${where(node)}: ${name}: ${problem}`);
  return value;
}

function kindProblem(kind: Kind, value: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(value)) return 'holds a control character';
  switch (kind) {
    case 'serial':
      return /^([0-9]+( [0-9]+( 0x[0-9a-fA-F]+)?)?)?$/.test(value) ? undefined : `${JSON.stringify(value)} must be pxelinux SERIAL arguments: port [baudrate [flowcontrol]]`;
    case 'path':
      return isAbsolute(value) ? undefined : `${JSON.stringify(value)} must be an absolute path`;
    case 'relpath':
      return isTftpPath(value) ? undefined : `${JSON.stringify(value)} must be a relative path without . or .. segments`;
    case 'ipv4':
      return isIpv4(value) ? undefined : `${JSON.stringify(value)} is not an IPv4 address`;
    case 'url-or-path':
      return /^https?:\/\//.test(value) || isAbsolute(value) ? undefined : `${JSON.stringify(value)} must be an absolute directory or an http(s) URL`;
    default:
      return undefined;
  }
}

/** Each override: its command-line option and the file key (in KEYS) it replaces, in the order they are checked. */
const OVERRIDES: readonly (readonly [keyof ConfigOverrides, string, string])[] = [
  ['profiles', 'profiles', 'profiles'],
  ['profileCache', 'profile-cache', 'profile_cache'],
  ['nextServer', 'next-server', 'next_server'],
  ['dhcpdConf', 'dhcpd-conf', 'dhcpd.conf'],
  ['tftpRoot', 'tftp-root', 'tftp.root'],
  ['ksDir', 'ks-dir', 'kickstart.dir'],
];

function applyOverrides(config: MutableConfig, o: ConfigOverrides): void {
  for (const [field, option, key] of OVERRIDES) {
    const value = o[field];
    if (value === undefined) continue;
    const spec = KEYS[key]!;
    const problem = kindProblem(spec.kind, value);
    if (problem !== undefined) throw new AiiError(`--${option}: ${problem}`);
    spec.set(config, value);
  }
}

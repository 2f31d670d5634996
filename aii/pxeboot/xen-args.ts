/**
 * The command line, as Xen's libxl builds it for a bootloader (Xen 4.17
 * libxl_bootloader.c, make_bootloader_args):
 *
 *   BOOTLOADER [--kernel=K] [--ramdisk=R] [--args=CMDLINE] [--runas=UID --quiet]
 *              --output=FILE --output-format=simple0 --output-directory=DIR
 *              BOOTLOADER_ARGS... DISK
 *
 * Options follow GNU getopt rules (pygrub parses them with
 * getopt.gnu_getopt): `--name=value` or `--name value`, anywhere before `--`.
 * Ours (`--mac`, `--interface`, timeouts...) come from `bootloader_args`;
 * every other argument is pygrub's and is kept, in order, for the local
 * bootloader when the install server says "boot locally".
 */
import { UsageError } from './errors.js';
import { parseMac } from './net-addr.js';
import { ETHERNET_BLKSIZE } from './tftp-client.js';
import { MAX_BLKSIZE, MIN_BLKSIZE } from './tftp-codec.js';

export type XenOutputFormat = 'sxp' | 'simple' | 'simple0';

export interface XenRequest {
  /** Where to write the answer; undefined means standard output. */
  output?: string;
  outputFormat: XenOutputFormat;
  outputDirectory?: string;
  /** The domain's `extra=` command line, appended to the install arguments as pygrub does. */
  args?: string;
  /** The guest's disk image or device (last argument), needed to boot locally. */
  disk?: string;
}

export interface PxebootArgs {
  help: boolean;
  mac: Buffer;
  interfaceName?: string;
  uuid?: string;
  label?: string;
  dhcpTimeoutMs: number;
  dhcpAttempts: number;
  tftpTimeoutMs: number;
  tftpAttempts: number;
  tftpBlksize: number;
  maxImageBytes: number;
  /** Path of the local bootloader, 'auto' to look for pygrub, 'none' to refuse local boot. */
  localBootloader: string;
  noaction: boolean;
  debug: boolean;
  xen: XenRequest;
  /** The arguments for the local bootloader: everything that is not ours. */
  passthrough: string[];
}

interface OptionSpec {
  value: boolean;
  ours: boolean;
}

const OURS: Record<string, boolean> = {
  mac: true,
  interface: true,
  uuid: true,
  label: true,
  'dhcp-timeout': true,
  'dhcp-retries': true,
  'tftp-timeout': true,
  'tftp-retries': true,
  'tftp-blksize': true,
  'max-image-size': true,
  'local-bootloader': true,
  noaction: false,
};

/** pygrub's options (Xen 4.17): value-taking or not. */
const PYGRUB: Record<string, boolean> = {
  quiet: false,
  interactive: false,
  'list-entries': false,
  'not-really': false,
  help: false,
  output: true,
  'output-format': true,
  'output-directory': true,
  offset: true,
  runas: true,
  entry: true,
  kernel: true,
  ramdisk: true,
  args: true,
  isconfig: false,
  debug: false,
};

const SHORT: Record<string, string> = { q: 'quiet', i: 'interactive', l: 'list-entries', n: 'not-really', h: 'help' };

function spec(name: string): OptionSpec {
  if (name in OURS) return { value: OURS[name], ours: true };
  if (name in PYGRUB) return { value: PYGRUB[name], ours: false };
  throw new UsageError(`unknown option --${name} (see --help)`);
}

interface Scanned {
  values: Map<string, string>;
  flags: Set<string>;
  positionals: string[];
  passthrough: string[];
}

/** Walk argv getopt-style, sorting tokens into ours and pass-through. */
function scan(argv: string[]): Scanned {
  const s: Scanned = { values: new Map(), flags: new Set(), positionals: [], passthrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      s.positionals.push(...argv.slice(i + 1));
      s.passthrough.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = token.slice(2, eq < 0 ? undefined : eq);
      const o = spec(name);
      let value: string | undefined = eq < 0 ? undefined : token.slice(eq + 1);
      const tokens = [token];
      if (o.value && value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`option --${name} needs a value`);
        value = argv[++i];
        tokens.push(value);
      }
      if (!o.value && value !== undefined) throw new UsageError(`option --${name} takes no value`);
      if (value !== undefined) s.values.set(name, value);
      else s.flags.add(name);
      if (!o.ours) s.passthrough.push(...tokens);
      continue;
    }
    if (token.startsWith('-') && token.length > 1) {
      for (const c of token.slice(1)) {
        if (!SHORT[c]) throw new UsageError(`unknown option -${c} (see --help)`);
        s.flags.add(SHORT[c]);
      }
      s.passthrough.push(token);
      continue;
    }
    s.positionals.push(token);
    s.passthrough.push(token);
  }
  return s;
}

/** A duration given in seconds, returned in ms. */
function seconds(s: Scanned, name: string, fallbackSeconds: number): number {
  const text = s.values.get(name) ?? String(fallbackSeconds);
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n <= 0 || n > 300) throw new UsageError(`--${name}=${text}: expected seconds, more than 0 and at most 300`);
  return Math.round(n * 1000);
}

function count(s: Scanned, name: string, fallback: number, min: number, max: number): number {
  const text = s.values.get(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`--${name}=${text}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** `512M`, `1G`, `300000K` or plain bytes. */
function size(s: Scanned, name: string, fallback: number): number {
  const text = s.values.get(name);
  if (text === undefined) return fallback;
  const m = /^(\d+)([KMG]?)$/i.exec(text);
  if (!m || Number(m[1]) === 0) throw new UsageError(`--${name}=${text}: expected a size such as 512M or 1G`);
  return Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
}

function outputFormat(s: Scanned): XenOutputFormat {
  const f = s.values.get('output-format') ?? 'sxp';
  if (f !== 'sxp' && f !== 'simple' && f !== 'simple0') throw new UsageError(`unknown output format ${f} (sxp, simple or simple0)`);
  return f;
}

function uuid(s: Scanned): string | undefined {
  const text = s.values.get('uuid');
  if (text !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) {
    throw new UsageError(`--uuid=${text}: expected a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6`);
  }
  return text?.toLowerCase();
}

function macArg(text: string): Buffer {
  try {
    return parseMac(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function parsePxebootArgs(argv: string[]): PxebootArgs {
  const s = scan(argv);
  const help = s.flags.has('help');
  const mac = s.values.get('mac');
  if (mac === undefined && !help) throw new UsageError('missing --mac=aa:bb:cc:dd:ee:ff (the guest vif MAC, from bootloader_args)');
  if (s.positionals.length > 1) throw new UsageError(`expected at most one disk argument, got ${s.positionals.length}: ${s.positionals.join(' ')}`);
  const output = s.values.get('output');
  return {
    help,
    mac: mac === undefined ? Buffer.alloc(6) : macArg(mac),
    interfaceName: s.values.get('interface'),
    uuid: uuid(s),
    label: s.values.get('label'),
    dhcpTimeoutMs: seconds(s, 'dhcp-timeout', 2),
    dhcpAttempts: count(s, 'dhcp-retries', 4, 0, 20) + 1,
    tftpTimeoutMs: seconds(s, 'tftp-timeout', 1),
    tftpAttempts: count(s, 'tftp-retries', 5, 0, 20) + 1,
    tftpBlksize: count(s, 'tftp-blksize', ETHERNET_BLKSIZE, MIN_BLKSIZE, MAX_BLKSIZE),
    maxImageBytes: size(s, 'max-image-size', 1024 ** 3),
    localBootloader: s.values.get('local-bootloader') ?? 'auto',
    noaction: s.flags.has('noaction') || s.flags.has('not-really'),
    debug: s.flags.has('debug'),
    xen: {
      output: output === '-' ? undefined : output,
      outputFormat: outputFormat(s),
      outputDirectory: s.values.get('output-directory'),
      args: s.values.get('args'),
      disk: s.positionals[0],
    },
    passthrough: s.passthrough,
  };
}

export const USAGE = `Usage: panfab-pxeboot --mac=MAC [options] [pygrub options] [DISK]

Network boot for a paravirtualised Xen guest: DHCP and TFTP on the guest's
behalf, then pxelinux's config search. An install label answers Xen with the
downloaded kernel, ramdisk and arguments; a local-boot label hands over to
pygrub (or --local-bootloader) with the same pygrub arguments.

In the domain config:
  bootloader      = "/usr/bin/panfab-pxeboot"
  bootloader_args = ["--mac=aa:bb:cc:dd:ee:ff", "--interface=xenbr0"]

Options:
  --mac=MAC                guest vif MAC (required)
  --interface=IFACE        Dom0 interface (bridge) to send DHCP on; it needs an IPv4 address
  --uuid=UUID              guest UUID: DHCP option 97 and the first pxelinux config tried
  --label=NAME             boot this label instead of the unattended choice
  --dhcp-timeout=SECONDS   first DHCP retransmission wait, doubled each time (2, up to 16)
  --dhcp-retries=N         DHCP retransmissions (4)
  --tftp-timeout=SECONDS   first TFTP retransmission wait, doubled each time (1, up to 8)
  --tftp-retries=N         TFTP retransmissions (5)
  --tftp-blksize=BYTES     TFTP block size to negotiate (1468)
  --max-image-size=SIZE    largest kernel or initrd accepted (1G)
  --local-bootloader=PATH  program for local boot: a path, auto (find pygrub) or none
  --noaction, -n           show what would be booted; download and write nothing
  --debug                  log every step on stderr
pygrub options, as xl passes them:
  --output=FILE --output-format=sxp|simple|simple0 --output-directory=DIR
  --args=CMDLINE --kernel=K --ramdisk=R --runas=UID --entry=E -q -i -l
`;

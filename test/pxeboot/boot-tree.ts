/**
 * The install server's side of the pxeboot end-to-end tests, made by
 * `panfab aii` itself (its library entry, runAii): an aii configuration file
 * with every path in the test's directory, the admins' files (pxelinux.0,
 * the install kernel and initrd the profile names) in the TFTP root, a
 * hand-written dhcpd.conf head that aii appends its managed block to, and
 * `aii --configure` of the guest profiles. `selectBoot` is
 * `aii --install`, `--boot` or `--rescue`.
 */
import { copyFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { loadServerConfig, type AiiServerConfig } from '../../aii/config.js';
import { installNode } from '../../aii/node.js';
import { runAii, type AiiAction } from '../../aii/run.js';
import type { Profile } from '../../schema/index.js';

export interface Guest {
  fqdn: string;
  mac: string;
  ip: string;
}

export interface BootTree {
  config: AiiServerConfig;
  tftpRoot: string;
  dhcpdConf: string;
  /** The guests aii configured, as pxeboot sees them (boot NIC MAC, install address). */
  guests: Guest[];
  /** The install kernel and initrd of the first guest's profile (random bytes, checked byte for byte). */
  kernel: Buffer;
  initrd: Buffer;
}

const PXELINUX = '/usr/lib/PXELINUX/pxelinux.0';

/** What the site admins wrote: the subnet (and any hand-written hosts); aii manages its own block below. */
function handWrittenDhcpd(extra: string): string {
  return [
    '# Hand-written by the site admins; panfab aii appends its managed block.',
    'authoritative;',
    'ddns-update-style none;',
    'default-lease-time 600;',
    'max-lease-time 7200;',
    '',
    'subnet 192.0.2.0 netmask 255.255.255.0 {',
    '  option routers 192.0.2.1;',
    '}',
    extra,
  ].join('\n');
}

/** The install server's address in the test network (netns.ts): next-server for profiles that name none. */
const INSTALL_SERVER = '192.0.2.2';

/** aii.yaml with every path under `dir`; no reload command (the test starts dhcpd once the file is written). */
function writeAiiConfig(dir: string): string {
  const file = join(dir, 'aii.yaml');
  writeFileSync(
    file,
    [
      `profiles: ${join(dir, 'profiles')}`,
      `profile_cache: ${join(dir, 'profile-cache')}`,
      `next_server: ${INSTALL_SERVER}`,
      'dhcpd:',
      `  conf: ${join(dir, 'dhcpd.conf')}`,
      '  binary: /usr/sbin/dhcpd',
      '  reload: []',
      'tftp:',
      `  root: ${join(dir, 'tftp')}`,
      'kickstart:',
      `  dir: ${join(dir, 'ks')}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** The admins' files in the TFTP root: pxelinux.0 and the install kernel and initrd (random bytes of kernel-like sizes). */
function writeAdminFiles(tftpRoot: string, profile: Profile): { kernel: Buffer; initrd: Buffer } {
  const nbp = profile.system.aii!.nbp;
  const kernel = randomBytes(3 * 1024 * 1024 + 123);
  const initrd = randomBytes(5 * 1024 * 1024 + 4567);
  for (const [path, data] of [[nbp.kernel, kernel], [nbp.initrd, initrd]] as const) {
    mkdirSync(dirname(join(tftpRoot, path)), { recursive: true });
    writeFileSync(join(tftpRoot, path), data, { mode: 0o644 });
  }
  copyFileSync(PXELINUX, join(tftpRoot, 'pxelinux.0'));
  return { kernel, initrd };
}

/** Run one aii verb; a failure throws with what aii printed. */
export async function aii(config: AiiServerConfig, action: AiiAction, hosts: string[]): Promise<string[]> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAii({ action, patterns: hosts, config, out: (l) => out.push(l), err: (l) => err.push(l) });
  if (code !== 0) throw new Error(`panfab aii --${action} ${hosts.join(' ')}: exit ${code}\n${[...out, ...err].join('\n')}`);
  return out;
}

/** An install server in `dir` that `panfab aii --configure` set up for the guests (the first one's kernel files are written). */
export async function configureBootTree(dir: string, profiles: Profile[], extraDhcpd = ''): Promise<BootTree> {
  const config = loadServerConfig(writeAiiConfig(dir));
  const tftpRoot = config.tftp.root;
  mkdirSync(tftpRoot, { recursive: true });
  // tftpd-hpa drops to 'nobody' inside its chroot: the tree must be world-readable.
  chmodSync(tftpRoot, 0o755);
  mkdirSync(config.profiles, { recursive: true });
  const guests = profiles.map((p) => {
    const node = installNode(p, 'test profile');
    writeFileSync(join(config.profiles, `${node.fqdn}.json`), JSON.stringify(p, null, 2));
    return { fqdn: node.fqdn, mac: node.install.mac, ip: node.install.ip };
  });
  const { kernel, initrd } = writeAdminFiles(tftpRoot, profiles[0]!);
  writeFileSync(config.dhcpd.conf, handWrittenDhcpd(extraDhcpd));
  await aii(config, 'configure', guests.map((g) => g.fqdn));
  return { config, tftpRoot, dhcpdConf: config.dhcpd.conf, guests, kernel, initrd };
}

/** Where the guest boots on its next network boot, as the install server decides it. */
export async function selectBoot(tree: BootTree, guest: Guest, verb: 'install' | 'boot' | 'rescue'): Promise<void> {
  await aii(tree.config, verb, [guest.fqdn]);
}

/** An admins' config in pxelinux.cfg/ (rescue configs; broken ones for the error cases). */
export function writeConfig(tree: BootTree, name: string, text: string): void {
  writeFileSync(join(tree.tftpRoot, tree.config.tftp.pxelinuxDir, name), text, { mode: 0o644 });
}

/** The APPEND line of the install config aii wrote for the guest. */
export function installAppend(tree: BootTree, guest: Guest): string {
  const text = readFileSync(join(tree.tftpRoot, tree.config.tftp.pxelinuxDir, `${guest.fqdn}.cfg`), 'utf8');
  const line = text.split('\n').find((l) => l.trimStart().startsWith('APPEND '));
  if (line === undefined) throw new Error(`no APPEND in the install config of ${guest.fqdn}:\n${text}`);
  return line.trim().slice('APPEND '.length);
}

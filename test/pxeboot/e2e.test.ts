/**
 * End to end, with real parts: `panfab aii` configures the install server
 * (dhcpd.conf checked by `dhcpd -t`, the pxelinux tree) for the Dom0's guests
 * from their profiles (schema/fixtures); ISC dhcpd and tftpd-hpa serve it in
 * one network namespace, `panfab-pxeboot` runs in another (the Dom0's),
 * joined by a veth pair. The guest gets its install kernel after
 * `aii --install`, local boot after `aii --boot`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipv4Hex } from '../../aii/pxeboot/net-addr.js';
import { fixtureProfile } from '../../aii/testing.js';
import { createTestNet, type TestNet } from './netns.js';
import { startDhcpd, startTftpd, type RunningServer } from './servers.js';
import { configureBootTree, installAppend, selectBoot, writeConfig, type BootTree, type Guest } from './boot-tree.js';
import { runClient } from './run-client.js';

const DISK = '/dev/vg_xen/vm1.example.org_xvda';
/** Known to dhcpd (written by hand, as admins do), never configured by aii: no pxelinux config names it. */
const UNMANAGED: Guest = { fqdn: 'unmanaged.example.org', mac: '00:16:3e:0a:01:ff', ip: '192.0.2.99' };
const UNMANAGED_DHCPD = `
host ${UNMANAGED.fqdn} {
  hardware ethernet ${UNMANAGED.mac};
  fixed-address ${UNMANAGED.ip};
  next-server 192.0.2.2;
  filename "pxelinux.0";
}
`;

let net: TestNet | undefined;
let dir: string;
let tree: BootTree;
/** vm1 as in the fixture (ksdevice = its MAC); vm2 with ksdevice=bootif, so that its config has IPAPPEND 2. */
let guest: Guest;
let bootifGuest: Guest;
const servers: RunningServer[] = [];
let runs = 0;
let cache: string;

/** A fresh output file (pre-created, as libxl does) and a private output directory. */
function libxlPaths(): { output: string; outdir: string } {
  runs++;
  const output = join(dir, `bootloader.${runs}.out`);
  const outdir = join(dir, `bootloader.${runs}.d`);
  writeFileSync(output, '');
  mkdirSync(outdir, { mode: 0o700 });
  return { output, outdir };
}

/** The arguments libxl 4.17 passes, then bootloader_args, then the disk. */
function xlArgs(p: { output: string; outdir: string }, extra: string[] = [], mac = guest.mac): string[] {
  return [
    '--args=quiet',
    `--output=${p.output}`,
    '--output-format=simple0',
    `--output-directory=${p.outdir}`,
    `--mac=${mac}`,
    `--interface=${net!.client.iface}`,
    '--dhcp-timeout=1',
    ...extra,
    DISK,
  ];
}

function parseSimple0(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split('\0')) {
    const sp = item.indexOf(' ');
    if (sp > 0) out[item.slice(0, sp)] = item.slice(sp + 1);
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pxeboot-e2e-'));
  chmodSync(dir, 0o755);
  cache = join(dir, 'ts-cache');
  const vm2 = fixtureProfile('vm2.example.org');
  vm2.system.aii!.nbp.ksdevice = 'bootif';
  tree = await configureBootTree(dir, [fixtureProfile('vm1.example.org'), vm2], UNMANAGED_DHCPD);
  [guest, bootifGuest] = tree.guests as [Guest, Guest];
  net = await createTestNet();
  servers.push(await startDhcpd(net.server.ns, net.server.iface, tree.dhcpdConf, dir));
  servers.push(await startTftpd(net.server.ns, net.server.ip, tree.tftpRoot));
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.stop().catch(() => undefined);
  await net?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

function serverLogs(): string {
  return servers.map((s) => `--- ${s.name}\n${s.output()}`).join('\n');
}

/** What pxeboot hands Xen as the kernel command line: the label's APPEND without initrd=, IPAPPEND 2's BOOTIF, then xl's --args. */
function expectedArgs(g: Guest, ipappend: boolean): string {
  const append = installAppend(tree, g).split(' ').filter((w) => !w.startsWith('initrd='));
  return [...append, ...(ipappend ? [`BOOTIF=${pxelinuxMac(g.mac)}`] : []), 'quiet'].join(' ');
}

/** pxelinux's name for a MAC: 01-aa-bb-cc-dd-ee-ff. */
function pxelinuxMac(mac: string): string {
  return `01-${mac.toLowerCase().replace(/:/g, '-')}`;
}

describe('panfab pxeboot against real dhcpd and tftpd-hpa in network namespaces, the install server set up by panfab aii', () => {
  it('after aii --install: downloads the install kernel and initrd and answers Xen in simple0', async () => {
    for (const [g, ipappend] of [[guest, false], [bootifGuest, true]] as const) {
      await selectBoot(tree, g, 'install');
      const p = libxlPaths();
      const run = await runClient(net!.client.ns, xlArgs(p, [], g.mac), cache);
      expect(run.stderr + serverLogs(), `exit ${run.exitCode}`).not.toMatch(/^panfab-pxeboot:/m);
      expect(run.exitCode).toBe(0);
      const answer = parseSimple0(readFileSync(p.output, 'latin1'));
      expect(readFileSync(p.output, 'latin1').endsWith('\0\0')).toBe(true);
      expect(readFileSync(answer.kernel).equals(tree.kernel)).toBe(true);
      expect(readFileSync(answer.ramdisk).equals(tree.initrd)).toBe(true);
      expect(answer.args).toBe(expectedArgs(g, ipappend));
      expect(answer.args).toContain(`inst.ks=http://${net!.server.ip}/ks/${g.fqdn}.ks ksdevice=${ipappend ? 'bootif' : g.mac} `);
      // Private: inside libxl's directory, readable by root only.
      for (const f of [answer.kernel, answer.ramdisk]) {
        expect(f.startsWith(p.outdir + '/')).toBe(true);
        expect(statSync(f).mode & 0o777).toBe(0o600);
      }
    }
  });

  it('after aii --boot: hands over to the local bootloader with xl\'s own arguments (a recording stand-in for pygrub, which is not installed here)', async () => {
    await selectBoot(tree, guest, 'boot');
    const p = libxlPaths();
    const record = join(dir, 'pygrub-argv.json');
    const fake = join(dir, 'fake-pygrub');
    // Models pygrub's contract: reads its argv, writes a simple0 answer to --output, exits 0.
    writeFileSync(
      fake,
      `#!${process.execPath}\n` +
        `const fs = require('node:fs');\n` +
        `const argv = process.argv.slice(2);\n` +
        `fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify(argv));\n` +
        `const out = argv.find((a) => a.startsWith('--output=')).slice(9);\n` +
        `fs.writeFileSync(out, 'kernel /boot/from-disk\\0args root=/dev/xvda1\\0\\0');\n`,
      { mode: 0o755 },
    );
    const run = await runClient(net!.client.ns, xlArgs(p, [`--local-bootloader=${fake}`]), cache);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(['--args=quiet', `--output=${p.output}`, '--output-format=simple0', `--output-directory=${p.outdir}`, DISK]);
    expect(parseSimple0(readFileSync(p.output, 'latin1'))).toEqual({ kernel: '/boot/from-disk', args: 'root=/dev/xvda1' });
    expect(readdirSync(p.outdir)).toEqual([]);
  });

  it('--noaction prints the plan and writes nothing', async () => {
    await selectBoot(tree, guest, 'install');
    const p = libxlPaths();
    const run = await runClient(net!.client.ns, xlArgs(p, ['--noaction']), cache);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`DHCP: ${guest.ip} from ${net!.server.ip}, next-server ${net!.server.ip}, boot file pxelinux.0`);
    expect(run.stdout).toContain(`config: pxelinux.cfg/${ipv4Hex(guest.ip)} (not found before it: pxelinux.cfg/${pxelinuxMac(guest.mac)})`);
    expect(run.stdout).toContain(`would download kernel ${net!.server.ip}:panfab/el9/vmlinuz`);
    expect(readFileSync(p.output, 'latin1')).toBe('');
    expect(readdirSync(p.outdir)).toEqual([]);
  });

  it('after aii --rescue to a malformed rescue config: fails with file:line:column and leaves nothing behind', async () => {
    writeConfig(tree, 'rescue.cfg', 'DEFAULT rescue\nLABEL rescue\n  KERNEL panfab/el9/vmlinuz\n  APEND console=hvc0 inst.rescue\n');
    await selectBoot(tree, guest, 'rescue');
    const p = libxlPaths();
    const run = await runClient(net!.client.ns, xlArgs(p), cache);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`panfab-pxeboot: pxelinux.cfg/${ipv4Hex(guest.ip)}:4:3: unknown directive 'APEND'`);
    expect(readdirSync(p.outdir)).toEqual([]);
  });

  it('after aii --install with the initrd missing from the TFTP tree: fails clearly and removes the kernel already downloaded', async () => {
    await selectBoot(tree, guest, 'install');
    const initrd = join(tree.tftpRoot, 'panfab/el9/initrd.img');
    renameSync(initrd, `${initrd}.away`);
    try {
      const p = libxlPaths();
      const run = await runClient(net!.client.ns, xlArgs(p), cache);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toBe(`panfab-pxeboot: TFTP ${net!.server.ip}: panfab/el9/initrd.img: file not found`);
      expect(readdirSync(p.outdir)).toEqual([]);
      expect(readFileSync(p.output, 'latin1')).toBe('');
    } finally {
      renameSync(`${initrd}.away`, initrd);
    }
  });

  it('a host dhcpd knows but aii never configured: no config anywhere in the search order, every file tried is named', async () => {
    const p = libxlPaths();
    const run = await runClient(net!.client.ns, xlArgs(p, [], UNMANAGED.mac), cache);
    expect(run.exitCode).toBe(1);
    const hex = ipv4Hex(UNMANAGED.ip);
    const tried = [pxelinuxMac(UNMANAGED.mac), ...Array.from({ length: hex.length }, (_, i) => hex.slice(0, hex.length - i)), 'default'].map((n) => `pxelinux.cfg/${n}`);
    expect(run.stderr).toBe(`panfab-pxeboot: no pxelinux config for ${UNMANAGED.mac} (${UNMANAGED.ip}) on TFTP server ${net!.server.ip} (boot file pxelinux.0; tried ${tried.join(', ')})`);
  });

  it('a MAC the DHCP server does not know: no answer, within the retry budget', async () => {
    const p = libxlPaths();
    const args = xlArgs(p, ['--dhcp-timeout=0.4', '--dhcp-retries=1'], '00:16:3e:ff:ff:ff');
    const run = await runClient(net!.client.ns, args, cache);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^panfab-pxeboot: no DHCP answer for 00:16:3e:ff:ff:ff on pxb\w+c after 2 attempts in \d+\.\ds$/);
  });
});

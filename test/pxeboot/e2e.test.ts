/**
 * End to end, with real parts: ISC dhcpd and tftpd-hpa in one network
 * namespace, `panfab-pxeboot` in another (the Dom0's), joined by a veth
 * pair. The guest gets its install kernel while its hex-IP link points at the
 * install config, and local boot once the link points at localboot.cfg.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestNet, type TestNet } from './netns.js';
import { startDhcpd, startTftpd, type RunningServer } from './servers.js';
import { selectBoot, writeBootTree, writeConfig, type BootTree, type Guest } from './boot-tree.js';
import { runClient } from './run-client.js';

const guest: Guest = { fqdn: 'guest1.example.org', mac: '00:16:3e:5a:0b:01', ip: '192.0.2.15' };
const DISK = '/dev/vg0/guest1_xvda';

let net: TestNet | undefined;
let dir: string;
let tree: BootTree;
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
function xlArgs(p: { output: string; outdir: string }, extra: string[] = []): string[] {
  return [
    '--args=quiet',
    `--output=${p.output}`,
    '--output-format=simple0',
    `--output-directory=${p.outdir}`,
    `--mac=${guest.mac}`,
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
  net = await createTestNet();
  tree = writeBootTree(dir, guest, net.server.ip);
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

describe('panfab pxeboot against real dhcpd and tftpd-hpa in network namespaces', () => {
  it('after aii --install: downloads the install kernel and initrd and answers Xen in simple0', async () => {
    selectBoot(tree.tftpRoot, guest, `${guest.fqdn}.cfg`);
    const p = libxlPaths();
    const run = await runClient(net!.client.ns, xlArgs(p), cache);
    expect(run.stderr + serverLogs(), `exit ${run.exitCode}`).not.toMatch(/^panfab-pxeboot:/m);
    expect(run.exitCode).toBe(0);
    const answer = parseSimple0(readFileSync(p.output, 'latin1'));
    expect(readFileSync(p.output, 'latin1').endsWith('\0\0')).toBe(true);
    expect(readFileSync(answer.kernel).equals(tree.kernel)).toBe(true);
    expect(readFileSync(answer.ramdisk).equals(tree.initrd)).toBe(true);
    expect(answer.args).toBe(`inst.ks=http://${net!.server.ip}/ks/${guest.fqdn}.ks inst.ksdevice=${guest.mac} console=hvc0 BOOTIF=01-00-16-3e-5a-0b-01 quiet`);
    // Private: inside libxl's directory, readable by root only.
    for (const f of [answer.kernel, answer.ramdisk]) {
      expect(f.startsWith(p.outdir + '/')).toBe(true);
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
  });

  it('after aii --boot: hands over to the local bootloader with xl\'s own arguments (a recording stand-in for pygrub, which is not installed here)', async () => {
    selectBoot(tree.tftpRoot, guest, 'localboot.cfg');
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
    selectBoot(tree.tftpRoot, guest, `${guest.fqdn}.cfg`);
    const p = libxlPaths();
    const run = await runClient(net!.client.ns, xlArgs(p, ['--noaction']), cache);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`DHCP: ${guest.ip} from ${net!.server.ip}, next-server ${net!.server.ip}, boot file pxelinux.0`);
    expect(run.stdout).toContain('config: pxelinux.cfg/C000020F (not found before it: pxelinux.cfg/01-00-16-3e-5a-0b-01)');
    expect(run.stdout).toContain('would download kernel 192.0.2.2:images/el9/vmlinuz');
    expect(readFileSync(p.output, 'latin1')).toBe('');
    expect(readdirSync(p.outdir)).toEqual([]);
  });

  it('a malformed config fails with file:line:column and leaves nothing behind', async () => {
    writeConfig(tree.tftpRoot, 'broken.cfg', 'DEFAULT install\nLABEL install\n  KERNEL images/el9/vmlinuz\n  APEND console=hvc0\n');
    selectBoot(tree.tftpRoot, guest, 'broken.cfg');
    const p = libxlPaths();
    const run = await runClient(net!.client.ns, xlArgs(p), cache);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe("panfab-pxeboot: pxelinux.cfg/C000020F:4:3: unknown directive 'APEND'");
    expect(readdirSync(p.outdir)).toEqual([]);
  });

  it('a missing initrd fails clearly and removes the kernel already downloaded', async () => {
    writeConfig(tree.tftpRoot, 'noinitrd.cfg', 'DEFAULT install\nLABEL install\n  KERNEL images/el9/vmlinuz\n  INITRD images/el9/missing.img\n');
    selectBoot(tree.tftpRoot, guest, 'noinitrd.cfg');
    const p = libxlPaths();
    const run = await runClient(net!.client.ns, xlArgs(p), cache);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('panfab-pxeboot: TFTP 192.0.2.2: images/el9/missing.img: file not found');
    expect(readdirSync(p.outdir)).toEqual([]);
    expect(readFileSync(p.output, 'latin1')).toBe('');
  });

  it('no config anywhere in the search order: names every file tried', async () => {
    selectBoot(tree.tftpRoot, guest, 'does-not-exist.cfg');
    const p = libxlPaths();
    const run = await runClient(net!.client.ns, xlArgs(p), cache);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^panfab-pxeboot: no pxelinux config for 00:16:3e:5a:0b:01 \(192\.0\.2\.15\) on TFTP server 192\.0\.2\.2 \(boot file pxelinux\.0; tried pxelinux\.cfg\/01-00-16-3e-5a-0b-01, pxelinux\.cfg\/C000020F, pxelinux\.cfg\/C000020, .*, pxelinux\.cfg\/C, pxelinux\.cfg\/default\)$/);
  });

  it('a MAC the DHCP server does not know: no answer, within the retry budget', async () => {
    const p = libxlPaths();
    const args = xlArgs(p, ['--dhcp-timeout=0.4', '--dhcp-retries=1']).map((a) => (a.startsWith('--mac=') ? '--mac=00:16:3e:ff:ff:ff' : a));
    const run = await runClient(net!.client.ns, args, cache);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^panfab-pxeboot: no DHCP answer for 00:16:3e:ff:ff:ff on pxb\w+c after 2 attempts in \d+\.\ds$/);
  });
});

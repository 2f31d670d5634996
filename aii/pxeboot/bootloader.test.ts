/**
 * The whole flow in-process: a scripted DHCP server on 127.0.0.1 (the real
 * dhcpd exchange is in test/pxeboot/e2e.test.ts) and real tftpd-hpa on
 * 127.0.0.1 serving a tree with a path prefix, INCLUDE, CONFIG and two initrds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { runPxeboot, type PxebootEnv } from './bootloader.js';
import { optionU8 } from './dhcp-codec.js';
import { DhcpMessageType, DhcpOption } from './dhcp-options.js';
import { silentReporter } from './progress.js';
import { parsePxebootArgs } from './xen-args.js';
import { scriptedDhcpServer } from '../../test/pxeboot/scripted-dhcp.js';
import { startLocalTftpd, type RunningServer } from '../../test/pxeboot/servers.js';

let root: string;
let scratchParent: string;
let savedTmp: string | undefined;
let tftpd: RunningServer & { port: number };
const kernel = randomBytes(300_000);
const initrdA = randomBytes(100_000);
const initrdB = randomBytes(50_001);

function put(path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true, mode: 0o755 });
  writeFileSync(join(root, path), content, { mode: 0o644 });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pxeboot-flow-'));
  chmodSync(root, 0o755);
  put('boot/pxelinux.0', 'not really pxelinux');
  put('boot/pxelinux.cfg/01-00-16-3e-5a-0b-01', 'INCLUDE pxelinux.cfg/common.cfg\nDEFAULT next\nLABEL next\n  CONFIG pxelinux.cfg/second.cfg\n');
  put('boot/pxelinux.cfg/common.cfg', 'SERIAL 0 115200\n');
  put('boot/pxelinux.cfg/second.cfg', 'DEFAULT inst\nLABEL inst\n  KERNEL images/vmlinuz\n  INITRD images/a.img,images/b.img\n  APPEND ks=http://192.0.2.2/ks\n  IPAPPEND 2\n');
  put('boot/images/vmlinuz', kernel);
  put('boot/images/a.img', initrdA);
  put('boot/images/b.img', initrdB);
  tftpd = await startLocalTftpd(root);
  // Scratch directories go to os.tmpdir(): point it at a directory of our own to see what is left.
  scratchParent = mkdtempSync(join(tmpdir(), 'pxeboot-scratch-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratchParent;
});

afterAll(async () => {
  process.env.TMPDIR = savedTmp;
  if (savedTmp === undefined) delete process.env.TMPDIR;
  await tftpd?.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(scratchParent, { recursive: true, force: true });
});

/** DISCOVER -> OFFER, REQUEST -> ACK, with the boot file below boot/ and the TFTP server on 127.0.0.1. */
const dhcpd = () =>
  scriptedDhcpServer((p, reply) => reply(p, { type: optionU8(p, DhcpOption.MESSAGE_TYPE) === DhcpMessageType.DISCOVER ? DhcpMessageType.OFFER : DhcpMessageType.ACK, siaddr: '127.0.0.1', file: 'boot/pxelinux.0' }));

function capture(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return { stream: new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }), text: () => Buffer.concat(chunks).toString('latin1') };
}

async function run(argv: string[], dhcp: Awaited<ReturnType<typeof dhcpd>>, out = capture()): Promise<{ code: number; stdout: string }> {
  const { help: _help, ...req } = parsePxebootArgs(['--mac=00:16:3e:5a:0b:01', '--tftp-timeout=0.2', '--dhcp-timeout=0.3', ...argv]);
  const o = dhcp.options();
  const env: PxebootEnv = {
    reporter: silentReporter,
    stdout: out.stream,
    ports: { dhcpServer: o.serverPort, dhcpClient: o.clientPort, dhcpServerAddress: '127.0.0.1', dhcpBindAddress: '127.0.0.1', tftp: tftpd.port },
  };
  return { code: await runPxeboot(req, env), stdout: out.text() };
}

describe('panfab pxeboot flow (scripted DHCP, real tftpd-hpa)', () => {
  it('follows prefix, INCLUDE and CONFIG; concatenates initrds; answers in sxp on stdout from a private 0700 directory', async () => {
    const dhcp = await dhcpd();
    try {
      const { code, stdout } = await run(['--args=console=hvc0'], dhcp);
      expect(code).toBe(0);
      const m = /^linux \(kernel '([^']+)'\)\(ramdisk '([^']+)'\)\(args '([^']+)'\)$/.exec(stdout);
      expect(m).not.toBeNull();
      const [, k, r, args] = m!;
      expect(readFileSync(k).equals(kernel)).toBe(true);
      expect(readFileSync(r).equals(Buffer.concat([initrdA, initrdB]))).toBe(true);
      expect(args).toBe('ks=http://192.0.2.2/ks BOOTIF=01-00-16-3e-5a-0b-01 console=hvc0');
      expect(dirname(dirname(k))).toBe(scratchParent);
      expect(statSync(dirname(k)).mode & 0o777).toBe(0o700);
      rmSync(dirname(k), { recursive: true });
    } finally {
      dhcp.close();
    }
  });

  it('--noaction shows the plan and downloads nothing', async () => {
    const dhcp = await dhcpd();
    try {
      const { code, stdout } = await run(['--noaction'], dhcp);
      expect(code).toBe(0);
      expect(stdout.split('\n')).toEqual([
        'DHCP: 192.0.2.15 from 192.0.2.2, next-server 127.0.0.1, boot file boot/pxelinux.0',
        'config: boot/pxelinux.cfg/second.cfg',
        'label: inst (boot/pxelinux.cfg/second.cfg:2:1)',
        'would download kernel 127.0.0.1:boot/images/vmlinuz',
        'would download ramdisk 127.0.0.1:boot/images/a.img',
        'would download ramdisk 127.0.0.1:boot/images/b.img',
        'would answer Xen (sxp) with args: ks=http://192.0.2.2/ks BOOTIF=01-00-16-3e-5a-0b-01',
        '',
      ]);
      expect(readdirSync(scratchParent)).toEqual([]);
    } finally {
      dhcp.close();
    }
  });

  it('removes what it downloaded when a later file is missing', async () => {
    put('boot/pxelinux.cfg/second.cfg', 'DEFAULT inst\nLABEL inst\n  KERNEL images/vmlinuz\n  INITRD images/a.img,images/gone.img\n');
    const dhcp = await dhcpd();
    try {
      await expect(run([], dhcp)).rejects.toThrow('TFTP 127.0.0.1: boot/images/gone.img: file not found');
      expect(readdirSync(scratchParent)).toEqual([]);
    } finally {
      dhcp.close();
    }
  });

  it('stops on SIGTERM with status 143 and leaves its signal handlers as it found them', async () => {
    const silent = await scriptedDhcpServer(() => undefined);
    const before = process.listenerCount('SIGTERM');
    try {
      setTimeout(() => process.emit('SIGTERM', 'SIGTERM'), 100);
      const e = await run(['--dhcp-timeout=5'], silent).catch((x: unknown) => x);
      expect((e as Error).message).toBe('interrupted by SIGTERM');
      expect((e as { exitCode: number }).exitCode).toBe(143);
      expect(process.listenerCount('SIGTERM')).toBe(before);
    } finally {
      silent.close();
    }
  });
});

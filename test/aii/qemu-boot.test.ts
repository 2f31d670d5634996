/**
 * End to end: real pxelinux (Debian pxelinux + syslinux-common) booted in
 * qemu (TCG) with the iPXE ROM, qemu's user-mode network serving the
 * generated TFTP tree. The node's console is the serial port the generated
 * config turns on; the test reads it to see that an installing node loads
 * its install kernel and that, after --boot, it boots from the local disk.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAii, type AiiAction } from '../../aii/run.js';
import { fixtureProfile, makeSite, type TestSite } from '../../aii/testing.js';

const PXELINUX = '/usr/lib/PXELINUX/pxelinux.0';
const LDLINUX = '/usr/lib/syslinux/modules/bios/ldlinux.c32';
/** Generous for TCG on a loaded 2-core machine; a boot takes about 6 s. */
const BOOT_TIMEOUT_MS = 60_000;

let site: TestSite;

beforeAll(async () => {
  site = makeSite([fixtureProfile('pxe1.example.org')]);
  const root = site.config.tftp.root;
  mkdirSync(join(root, 'panfab', 'test'), { recursive: true });
  copyFileSync(PXELINUX, join(root, 'pxelinux.0'));
  copyFileSync(LDLINUX, join(root, 'ldlinux.c32'));
  // Not a real kernel: what matters is that pxelinux reads the generated config and loads this file.
  writeFileSync(join(root, 'panfab', 'test', 'vmlinuz'), 'panfab test kernel\n');
  writeFileSync(join(root, 'panfab', 'test', 'initrd.img'), 'panfab test initrd\n');
});

afterAll(() => site.cleanup());

async function aii(action: AiiAction): Promise<void> {
  const err: string[] = [];
  const code = await runAii({ action, patterns: ['pxe1.example.org'], config: site.config, out: () => {}, err: (l) => err.push(l) });
  expect(code, err.join('\n')).toBe(0);
}

/** Network-boot the node (MAC of its profile, qemu's DHCP gives it 10.0.2.15) until `done` matches its console, then stop qemu. */
async function netboot(done: RegExp): Promise<string> {
  const qemu = execa(
    'qemu-system-x86_64',
    [
      '-machine', 'accel=tcg', '-m', '128', '-display', 'none', '-vga', 'none', '-monitor', 'none', '-serial', 'stdio', '-no-reboot',
      '-netdev', `user,id=n0,tftp=${site.config.tftp.root},bootfile=pxelinux.0`,
      '-device', 'e1000,netdev=n0,mac=52:54:00:12:34:56',
      '-boot', 'n',
    ],
    { buffer: false, stdin: 'ignore', stderr: 'pipe', reject: false, forceKillAfterDelay: 2_000 },
  );
  let console = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${done} on the console within ${BOOT_TIMEOUT_MS} ms; console:\n${console.slice(-2000)}`)), BOOT_TIMEOUT_MS);
      const seen = (chunk: Buffer) => {
        console += chunk.toString('latin1').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
        if (done.test(console)) {
          clearTimeout(timer);
          resolve();
        }
      };
      qemu.stdout!.on('data', seen);
      qemu.stderr!.on('data', seen);
      void qemu.then((r) => {
        clearTimeout(timer);
        reject(new Error(`qemu exited (${r.exitCode ?? r.signal}) before ${done}; console:\n${console.slice(-2000)}`));
      });
    });
  } finally {
    qemu.kill('SIGKILL');
    await qemu;
  }
  return console;
}

describe('network boot through real pxelinux in qemu', () => {
  it('an installing node loads its install kernel; after --boot it boots from the local disk', async () => {
    await aii('install');
    const installing = await netboot(/Loading panfab\/test\/vmlinuz\.\.\. *ok/);
    expect(installing).toContain('PXELINUX');
    expect(installing).not.toContain('Booting from local disk');

    await aii('boot');
    const booting = await netboot(/Booting from local disk/);
    expect(booting).not.toContain('Loading panfab/test/vmlinuz');
  }, 150_000);
});

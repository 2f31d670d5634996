import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handOver, pygrubCandidates, resolveLocalBootloader } from './local-bootloader.js';

describe('local bootloader hand-over', () => {
  it('looks for pygrub where distributions put it, newest Xen first', () => {
    const lib = mkdtempSync(join(tmpdir(), 'pxeboot-lib-'));
    try {
      for (const d of ['xen-4.9', 'xen-4.17', 'xen-4.11', 'xenstore']) mkdirSync(join(lib, d));
      expect(pygrubCandidates(lib)).toEqual([
        '/usr/libexec/xen/bin/pygrub',
        '/usr/lib/xen/bin/pygrub',
        `${lib}/xen-4.17/bin/pygrub`,
        `${lib}/xen-4.11/bin/pygrub`,
        `${lib}/xen-4.9/bin/pygrub`,
        '/usr/bin/pygrub',
        '/usr/local/bin/pygrub',
      ]);
    } finally {
      rmSync(lib, { recursive: true, force: true });
    }
  });

  it('resolves a configured program, the first executable candidate, or says why not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxeboot-lb-'));
    try {
      const exe = join(dir, 'pygrub');
      writeFileSync(exe, '#!/bin/true\n');
      chmodSync(exe, 0o755);
      const plain = join(dir, 'plain');
      writeFileSync(plain, '');
      expect(resolveLocalBootloader(exe)).toBe(exe);
      expect(resolveLocalBootloader('auto', [plain, exe])).toBe(exe);
      expect(() => resolveLocalBootloader(plain)).toThrow(`local bootloader ${plain} is not an executable file`);
      expect(() => resolveLocalBootloader('auto', [plain])).toThrow(`local boot requested, and no pygrub found (looked in ${plain}); give --local-bootloader=PATH`);
      expect(() => resolveLocalBootloader('none')).toThrow('local boot requested, and --local-bootloader=none forbids it');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the program with the arguments unchanged (no shell) and returns its exit status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxeboot-lb-'));
    try {
      const exe = join(dir, 'fake');
      writeFileSync(exe, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(join(dir, 'argv'))}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(3);\n`);
      chmodSync(exe, 0o755);
      const args = ['--output=/x y', '$(touch /tmp/pwned)', '--args=a;b', 'disk'];
      expect(await handOver(exe, args)).toBe(3);
      expect(JSON.parse(readFileSync(join(dir, 'argv'), 'utf8'))).toEqual(args);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

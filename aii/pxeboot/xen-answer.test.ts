import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { formatXenAnswer, pythonRepr, writeXenAnswer } from './xen-answer.js';

describe("the answer to Xen, in pygrub's formats", () => {
  const full = { kernel: '/var/lib/xen/bootloader.7.d/pxeboot_kernel.a1', ramdisk: '/var/lib/xen/bootloader.7.d/pxeboot_ramdisk.b2', args: 'ks=http://x/ks console=hvc0' };

  it('simple0, as libxl asks: NUL-separated, closed by an empty item', () => {
    expect(formatXenAnswer('simple0', full)).toBe(`kernel ${full.kernel}\0ramdisk ${full.ramdisk}\0args ${full.args}\0\0`);
  });

  it('simple: newline-separated; ramdisk and args only when present', () => {
    expect(formatXenAnswer('simple', { kernel: '/k' })).toBe('kernel /k\n\n');
  });

  it("sxp: xend's form with Python repr quoting", () => {
    expect(formatXenAnswer('sxp', { kernel: '/k', ramdisk: '/r', args: "it's" })).toBe(`linux (kernel '/k')(ramdisk '/r')(args "it's")`);
    expect(pythonRepr('a\\b\'c"d\x01')).toBe(`'a\\\\b\\'c"d\\x01'`);
  });

  it('refuses a value containing the separator, as pygrub does', () => {
    expect(() => formatXenAnswer('simple', { kernel: '/k', args: 'a\nb' })).toThrow("the args 'a b' contains the output separator; Xen's simple format cannot carry it");
  });

  it('writes into the file libxl pre-created, or to standard output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxeboot-answer-'));
    try {
      const out = join(dir, 'bootloader.7.out');
      writeFileSync(out, 'old content that is longer');
      await writeXenAnswer(out, 'kernel /k\0\0', process.stdout);
      expect(readFileSync(out, 'latin1')).toBe('kernel /k\0\0');
      const chunks: Buffer[] = [];
      const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
      await writeXenAnswer(undefined, 'kernel /k\n\n', sink);
      expect(Buffer.concat(chunks).toString()).toBe('kernel /k\n\n');
      await expect(writeXenAnswer(join(dir, 'no/such/dir/out'), 'x', process.stdout)).rejects.toThrow(`cannot write the answer to ${join(dir, 'no/such/dir/out')}: ENOENT`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The writer thread (a real worker thread): files written atomically with
 * their records, unchanged content left alone, failures reported with the
 * fields a system error has (so that the build words them as before).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash } from '../loader/file-state.js';
import { OutputWriter } from './output-writer.js';

const tmp = mkdtempSync(join(tmpdir(), 'panfab-writer-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('OutputWriter', () => {
  it('writes files, hashes them, and leaves a file alone when its content is the same', async () => {
    const writer = new OutputWriter();
    try {
      const path = join(tmp, 'ns', 'a.json');
      const first = await writer.write(path, bytes('{"a":1}\n'));
      expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
      expect(first).toEqual({ sha256: contentHash(bytes('{"a":1}\n')), size: 8, mtimeMs: statSync(path).mtimeMs, changed: true });

      const again = await writer.write(path, bytes('{"a":1}\n'));
      expect(again).toEqual({ ...first, changed: false });

      const other = await writer.write(path, bytes('{"a":2}\n'));
      expect(other.changed).toBe(true);
      expect(other.sha256).not.toBe(first.sha256);
      expect(readFileSync(path, 'utf8')).toBe('{"a":2}\n');
    } finally {
      await writer.close();
    }
  }, 60_000);

  it('copies the bytes it is given: the caller may reuse its buffer at once', async () => {
    const writer = new OutputWriter();
    try {
      const buffer = bytes('first');
      const written = writer.write(join(tmp, 'reused.txt'), buffer);
      buffer.set(bytes('XXXXX'));
      await written;
      expect(readFileSync(join(tmp, 'reused.txt'), 'utf8')).toBe('first');
    } finally {
      await writer.close();
    }
  }, 60_000);

  it('rejects a file it cannot write with the system error fields, then goes on', async () => {
    const writer = new OutputWriter();
    try {
      writeFileSync(join(tmp, 'plain-file'), 'x');
      const bad = join(tmp, 'plain-file', 'b.json');
      await expect(writer.write(bad, bytes('{}'))).rejects.toMatchObject({ code: 'ENOTDIR', path: expect.stringContaining('plain-file') });
      await expect(writer.write(join(tmp, 'c.json'), bytes('{}'))).resolves.toMatchObject({ changed: true });
    } finally {
      await writer.close();
    }
    await expect(writer.write(join(tmp, 'd.json'), bytes('{}'))).rejects.toThrow(/closed/);
  }, 60_000);

  it('makes the caller wait while more than 64 files wait to be written', async () => {
    const writer = new OutputWriter();
    try {
      let settled = 0;
      const writes = Array.from({ length: 100 }, (_, i) => writer.write(join(tmp, 'many', `${i}.json`), bytes(`{"i":${i}}`)).then(() => { settled++; }));
      await writer.caughtUp();
      expect(settled).toBeGreaterThanOrEqual(36);
      await Promise.all(writes);
      expect(readdirSync(join(tmp, 'many'))).toHaveLength(100);
    } finally {
      await writer.close();
    }
  }, 60_000);
});

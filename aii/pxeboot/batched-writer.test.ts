import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchedWriter } from './batched-writer.js';

describe('batched file writer', () => {
  it('writes every chunk, in order, in batches of the given size and a final flush', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxeboot-batch-'));
    try {
      const handle = await open(join(dir, 'f'), 'w');
      const writes: number[] = [];
      const original = handle.write.bind(handle);
      (handle as unknown as { write: (b: Buffer) => Promise<unknown> }).write = (b: Buffer) => (writes.push(b.length), original(b));
      const w = new BatchedWriter(handle, 1000);
      const chunks = Array.from({ length: 7 }, (_, i) => Buffer.alloc(300, i));
      for (const c of chunks) await w.add(c);
      expect(writes).toEqual([1200]);
      await w.flush();
      await handle.close();
      expect(writes).toEqual([1200, 900]);
      expect(readFileSync(join(dir, 'f')).equals(Buffer.concat(chunks))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

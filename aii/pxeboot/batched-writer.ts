/**
 * Collects TFTP blocks and writes them to the file in large pieces: one
 * write per 1468-byte block (each a trip through libuv's thread pool) costs
 * more than the network exchange it follows.
 */
import type { FileHandle } from 'node:fs/promises';

export class BatchedWriter {
  private pending: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly batchBytes = 1 << 20,
  ) {}

  async add(chunk: Buffer): Promise<void> {
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.batchBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const data = Buffer.concat(this.pending, this.size);
    this.pending = [];
    this.size = 0;
    await this.handle.write(data);
  }
}

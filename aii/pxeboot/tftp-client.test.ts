import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tftpGet, TftpErrorReply } from './tftp-client.js';
import { decodeTftp, encodeTftp, type TftpPacket } from './tftp-codec.js';
import { startLocalTftpd, type RunningServer } from '../../test/pxeboot/servers.js';

const fast = { initialMs: 150, maxMs: 300, attempts: 3 };

describe('TFTP client against real tftpd-hpa on 127.0.0.1', () => {
  let root: string;
  let tftpd: RunningServer & { port: number };
  const small = Buffer.from('DEFAULT x\nLABEL x\n  LOCALBOOT 0\n');
  const medium = randomBytes(200_000 + 17);
  // With blksize 8, more than 65535 blocks: block numbers must roll over to 0.
  const rollover = randomBytes(8 * 65536 + 5000);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pxeboot-tftp-'));
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'dir'), { mode: 0o755 });
    writeFileSync(join(root, 'small.cfg'), small, { mode: 0o644 });
    writeFileSync(join(root, 'dir/medium.bin'), medium, { mode: 0o644 });
    writeFileSync(join(root, 'rollover.bin'), rollover, { mode: 0o644 });
    writeFileSync(join(root, 'exact.bin'), Buffer.alloc(1468 * 3, 7), { mode: 0o644 });
    tftpd = await startLocalTftpd(root);
  });

  afterAll(async () => {
    await tftpd?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (filename: string, extra: Partial<Parameters<typeof tftpGet>[0]> = {}) =>
    tftpGet({ server: '127.0.0.1', port: tftpd.port, filename, retransmit: fast, maxBytes: 1 << 24, ...extra });

  it('reads a small file in one block, negotiating blksize and tsize', async () => {
    const r = await get('small.cfg');
    expect(r.data?.equals(small)).toBe(true);
    expect(r.blksize).toBe(1468);
  });

  it('streams a larger file to a sink and reports progress against tsize', async () => {
    const chunks: Buffer[] = [];
    const progress: Array<[number, number | undefined]> = [];
    const r = await get('dir/medium.bin', { sink: (c) => void chunks.push(c), onProgress: (n, t) => progress.push([n, t]) });
    expect(r.data).toBeUndefined();
    expect(Buffer.concat(chunks).equals(medium)).toBe(true);
    expect(progress.at(-1)).toEqual([medium.length, medium.length]);
  });

  it('ends on an empty block when the size is a multiple of the block size', async () => {
    const r = await get('exact.bin');
    expect(r.size).toBe(1468 * 3);
  });

  it('falls back to 512-byte blocks when asked for none', async () => {
    const r = await get('dir/medium.bin', { blksize: 512 });
    expect(r.blksize).toBe(512);
    expect(r.data?.equals(medium)).toBe(true);
  });

  it('rolls block numbers over past 65535', async () => {
    const r = await get('rollover.bin', { blksize: 8, retransmit: { initialMs: 1000, maxMs: 2000, attempts: 4 } });
    expect(r.data?.equals(rollover)).toBe(true);
  }, 60_000);

  it('reports a missing file as a TFTP error reply', async () => {
    const e = await get('nope.cfg').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TftpErrorReply);
    expect((e as TftpErrorReply).notFound).toBe(true);
    expect((e as Error).message).toBe('TFTP 127.0.0.1: nope.cfg: file not found');
  });

  it('refuses a file larger than the limit from its tsize, before any data', async () => {
    const chunks: Buffer[] = [];
    await expect(get('dir/medium.bin', { maxBytes: 100_000, sink: (c) => void chunks.push(c) })).rejects.toThrow(
      `TFTP 127.0.0.1: dir/medium.bin: file is ${medium.length} bytes, more than the limit of 100000`,
    );
    expect(chunks).toEqual([]);
  });
});

/** A scripted TFTP server on 127.0.0.1: `script` sees each request and answers through `reply`. */
async function scripted(script: (p: TftpPacket, reply: (q: TftpPacket, port?: number) => void, from: number) => void): Promise<{ port: number; transfer: dgram.Socket; close(): void }> {
  const listen = dgram.createSocket('udp4');
  const transfer = dgram.createSocket('udp4'); // the server's transfer ID
  await new Promise<void>((r) => listen.bind(0, '127.0.0.1', () => r()));
  await new Promise<void>((r) => transfer.bind(0, '127.0.0.1', () => r()));
  const onMessage = (msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    script(decodeTftp(msg), (q, port) => transfer.send(encodeTftp(q), port ?? rinfo.port, '127.0.0.1'), rinfo.port);
  };
  listen.on('message', onMessage);
  transfer.on('message', onMessage);
  return { port: listen.address().port, transfer, close: () => (listen.close(), transfer.close()) };
}

describe('TFTP client against a scripted server (faults real tftpd does not produce on demand)', () => {
  it('re-acknowledges a duplicated block and keeps one copy', async () => {
    const acks: number[] = [];
    const s = await scripted((p, reply) => {
      if (p.op === 'RRQ') {
        reply({ op: 'DATA', block: 1, data: Buffer.alloc(512, 1) });
        reply({ op: 'DATA', block: 1, data: Buffer.alloc(512, 1) });
      } else if (p.op === 'ACK') {
        acks.push(p.block);
        if (acks.length === 2) reply({ op: 'DATA', block: 2, data: Buffer.from('end') });
      }
    });
    try {
      const r = await tftpGet({ server: '127.0.0.1', port: s.port, filename: 'f', blksize: 512, retransmit: fast, maxBytes: 1 << 20 });
      expect(r.size).toBe(515);
      await new Promise((res) => setTimeout(res, 50)); // the last ACK is still in flight
      expect(acks).toEqual([1, 1, 2]);
    } finally {
      s.close();
    }
  });

  it('answers a stranger with error 5 and carries on', async () => {
    const stranger = dgram.createSocket('udp4');
    await new Promise<void>((r) => stranger.bind(0, '127.0.0.1', () => r()));
    const strangerGot: TftpPacket[] = [];
    stranger.on('message', (m) => strangerGot.push(decodeTftp(m)));
    const s = await scripted((p, reply, from) => {
      if (p.op === 'RRQ') reply({ op: 'DATA', block: 1, data: Buffer.alloc(512, 0x61) });
      if (p.op === 'ACK' && p.block === 1) {
        // Another sender on the server's address, but not its transfer ID.
        stranger.send(encodeTftp({ op: 'DATA', block: 2, data: Buffer.from('evil') }), from, '127.0.0.1');
        setTimeout(() => reply({ op: 'DATA', block: 2, data: Buffer.from('good') }), 30);
      }
    });
    try {
      const r = await tftpGet({ server: '127.0.0.1', port: s.port, filename: 'f', blksize: 512, retransmit: fast, maxBytes: 1 << 20 });
      expect(r.data?.subarray(512).toString()).toBe('good');
      expect(strangerGot).toEqual([{ op: 'ERROR', code: 5, message: 'Unknown transfer ID' }]);
    } finally {
      s.close();
      stranger.close();
    }
  });

  it('ends the transfer when the server acknowledges an option it was not asked for', async () => {
    const got: TftpPacket[] = [];
    const s = await scripted((p, reply) => {
      got.push(p);
      if (p.op === 'RRQ') reply({ op: 'OACK', options: new Map([['windowsize', '8']]) });
    });
    try {
      await expect(tftpGet({ server: '127.0.0.1', port: s.port, filename: 'f', retransmit: fast, maxBytes: 1 << 20 })).rejects.toThrow(
        'TFTP 127.0.0.1: f: server acknowledged option windowsize, which was not requested',
      );
      await new Promise((r) => setTimeout(r, 50));
      expect(got.at(-1)).toMatchObject({ op: 'ERROR', code: 8 });
    } finally {
      s.close();
    }
  });

  it('retries without options after error 8 (RFC 2347)', async () => {
    const requests: TftpPacket[] = [];
    const s = await scripted((p, reply) => {
      if (p.op !== 'RRQ') return;
      requests.push(p);
      if (p.options.size > 0) reply({ op: 'ERROR', code: 8, message: 'no options' });
      else reply({ op: 'DATA', block: 1, data: Buffer.from('plain') });
    });
    try {
      const r = await tftpGet({ server: '127.0.0.1', port: s.port, filename: 'f', retransmit: fast, maxBytes: 1 << 20 });
      expect(r.data?.toString()).toBe('plain');
      expect(requests.map((p) => (p as { options: Map<string, string> }).options.size)).toEqual([2, 0]);
    } finally {
      s.close();
    }
  });

  it('retransmits its last ACK when a block is lost, then gives up with a clear error', async () => {
    const acks: number[] = [];
    const s = await scripted((p, reply) => {
      if (p.op === 'RRQ') reply({ op: 'DATA', block: 1, data: Buffer.alloc(512) });
      if (p.op === 'ACK') acks.push(p.block); // block 2 never comes
    });
    try {
      await expect(tftpGet({ server: '127.0.0.1', port: s.port, filename: 'f', blksize: 512, retransmit: fast, maxBytes: 1 << 20 })).rejects.toThrow(
        'TFTP 127.0.0.1: f: transfer stalled after 512 bytes (3 attempts)',
      );
      expect(acks).toEqual([1, 1, 1]);
    } finally {
      s.close();
    }
  });

  it('gives up on a silent server after its attempts, within the back-off budget', async () => {
    const s = await scripted(() => undefined);
    const started = Date.now();
    try {
      await expect(tftpGet({ server: '127.0.0.1', port: s.port, filename: 'f', retransmit: fast, maxBytes: 1 << 20 })).rejects.toThrow('TFTP 127.0.0.1: f: no answer after 3 attempts');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      s.close();
    }
  });

  it('stops when a block exceeds the size limit while streaming', async () => {
    const s = await scripted((p, reply) => {
      if (p.op === 'RRQ') reply({ op: 'DATA', block: 1, data: Buffer.alloc(512) });
      if (p.op === 'ACK' && p.block === 1) reply({ op: 'DATA', block: 2, data: Buffer.alloc(512) });
    });
    try {
      await expect(tftpGet({ server: '127.0.0.1', port: s.port, filename: 'f', blksize: 512, retransmit: fast, maxBytes: 700 })).rejects.toThrow('f: file exceeds the limit of 700 bytes');
    } finally {
      s.close();
    }
  });

  it('stops on an aborted signal', async () => {
    const s = await scripted(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('interrupted by SIGTERM')), 50);
    try {
      await expect(tftpGet({ server: '127.0.0.1', port: s.port, filename: 'f', retransmit: { initialMs: 5000, maxMs: 5000, attempts: 3 }, maxBytes: 10, signal: ac.signal })).rejects.toThrow('interrupted by SIGTERM');
    } finally {
      s.close();
    }
  });
});

/**
 * Benchmark of `panfab pxeboot`'s hot paths (run as root: it starts
 * tftpd-hpa on 127.0.0.1):
 *
 *   npm run build && node dist/bench/pxeboot.js
 *
 * - TFTP download of a 64 MiB image from real tftpd-hpa through the
 *   client and the batched file writer, at the Ethernet block size (1468)
 *   and at 8192, with peak RSS growth (the file is streamed, not held);
 * - DHCP and TFTP packet decoding rates.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchedWriter } from '../aii/pxeboot/batched-writer.js';
import { BOOTREPLY, decodeDhcp, encodeDhcp } from '../aii/pxeboot/dhcp-codec.js';
import { DhcpOption } from '../aii/pxeboot/dhcp-options.js';
import { tftpGet } from '../aii/pxeboot/tftp-client.js';
import { decodeTftp, encodeTftp } from '../aii/pxeboot/tftp-codec.js';

const IMAGE_MIB = 64;

async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  s.close();
  return port;
}

async function tftpBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pxeboot-bench-'));
  chmodSync(root, 0o755);
  writeFileSync(join(root, 'image'), randomBytes(IMAGE_MIB << 20), { mode: 0o644 });
  const port = await freePort();
  const tftpd = execa('/usr/sbin/in.tftpd', ['--foreground', '--listen', '--address', `127.0.0.1:${port}`, '--secure', root], { reject: false });
  try {
    await new Promise((r) => setTimeout(r, 300));
    for (const blksize of [1468, 8192]) {
      const out = await open(join(root, `out-${blksize}`), 'w');
      const writer = new BatchedWriter(out);
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const started = process.hrtime.bigint();
      const r = await tftpGet({
        server: '127.0.0.1',
        port,
        filename: 'image',
        blksize,
        retransmit: { initialMs: 1000, maxMs: 4000, attempts: 5 },
        maxBytes: 1 << 30,
        sink: async (c) => {
          await writer.add(c);
          peak = Math.max(peak, process.memoryUsage.rss());
        },
      });
      await writer.flush();
      await out.close();
      const s = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`tftp ${IMAGE_MIB} MiB blksize ${blksize}: ${s.toFixed(2)} s, ${(r.size / s / 1048576).toFixed(1)} MiB/s, RSS growth ${((peak - rss0) / 1048576).toFixed(1)} MiB`);
    }
  } finally {
    tftpd.kill('SIGTERM');
    await tftpd;
    rmSync(root, { recursive: true, force: true });
  }
}

function rate(name: string, n: number, fn: () => void): void {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const s = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${name}: ${Math.round(n / s).toLocaleString('en')} /s`);
}

function codecBench(): void {
  const ack = encodeDhcp({
    op: BOOTREPLY,
    xid: 1,
    chaddr: Buffer.alloc(6, 1),
    yiaddr: '192.0.2.15',
    siaddr: '192.0.2.2',
    file: 'pxelinux.0',
    options: [
      [DhcpOption.MESSAGE_TYPE, Buffer.from([5])],
      [DhcpOption.SERVER_ID, Buffer.from([192, 0, 2, 2])],
      [DhcpOption.SUBNET_MASK, Buffer.from([255, 255, 255, 0])],
      [DhcpOption.ROUTER, Buffer.from([192, 0, 2, 1])],
      [DhcpOption.LEASE_TIME, Buffer.from([0, 0, 2, 88])],
      [DhcpOption.DOMAIN_NAME, Buffer.from('example.org')],
    ],
  });
  rate('DHCP ACK decode', 200_000, () => decodeDhcp(ack));
  const data = encodeTftp({ op: 'DATA', block: 7, data: Buffer.alloc(1468) });
  rate('TFTP DATA decode (1468 B)', 1_000_000, () => decodeTftp(data));
}

codecBench();
await tftpBench();

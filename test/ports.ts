/**
 * Free ports for the real servers the tests start (nginx, tftpd, a scripted
 * DHCP client port). A port found by listen(0) and released can be handed
 * out again at once, to the next listen(0) in this process (two nginx server
 * blocks once got the same port) or in another test file, before our server
 * binds it. So ports are picked below the kernel's ephemeral range, where
 * listen(0) and outgoing connections never take theirs, and held together
 * while picking, so that those of one call all differ.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export type Protocol = 'tcp' | 'udp';

/** The first port of the kernel's ephemeral range. */
export function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** Bind `port` on 127.0.0.1; resolves to a closer, or undefined when it is in use. */
export function holdPort(protocol: Protocol, port: number): Promise<(() => Promise<void>) | undefined> {
  return new Promise((resolve) => {
    if (protocol === 'tcp') {
      const s = createServer();
      s.once('error', () => resolve(undefined));
      s.listen(port, '127.0.0.1', () => resolve(() => new Promise((r) => s.close(() => r()))));
    } else {
      const s = createSocket('udp4');
      s.once('error', () => resolve(undefined));
      s.bind(port, '127.0.0.1', () => resolve(() => new Promise((r) => s.close(() => r()))));
    }
  });
}

/** `n` different ports that nothing has bound on 127.0.0.1 right now. */
export async function freePorts(n: number, protocol: Protocol = 'tcp'): Promise<number[]> {
  const high = Math.min(ephemeralLow(), 65536);
  const low = high > 20000 ? 10000 : 1024;
  const held = new Map<number, () => Promise<void>>();
  try {
    while (held.size < n) {
      const port = low + Math.floor(Math.random() * (high - low));
      if (held.has(port)) continue;
      const close = await holdPort(protocol, port);
      if (close) held.set(port, close);
    }
    return [...held.keys()];
  } finally {
    await Promise.all([...held.values()].map((close) => close()));
  }
}

/** One free port. */
export async function freePort(protocol: Protocol = 'tcp'): Promise<number> {
  return (await freePorts(1, protocol))[0]!;
}

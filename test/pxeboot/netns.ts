/**
 * Two network namespaces joined by a veth pair: the install server's side and
 * the Dom0's side. Addresses are from TEST-NET-1 (192.0.2.0/24, RFC 5737);
 * no traffic leaves the namespaces. `destroy` kills every process still in
 * the namespaces (our servers and their children) before deleting them.
 */
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';

export interface TestNet {
  server: { ns: string; iface: string; ip: string };
  client: { ns: string; iface: string; ip: string };
  prefixLength: number;
  destroy(): Promise<void>;
}

async function ip(...args: string[]): Promise<void> {
  await execa('ip', args, { timeout: 10_000 });
}

async function pidsIn(ns: string): Promise<number[]> {
  const r = await execa('ip', ['netns', 'pids', ns], { reject: false, timeout: 10_000 });
  return r.stdout.split(/\s+/).filter(Boolean).map(Number);
}

async function killAllIn(ns: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const pids = await pidsIn(ns);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, round < 10 ? 'SIGTERM' : 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function createTestNet(): Promise<TestNet> {
  const tag = randomBytes(3).toString('hex');
  const net: TestNet = {
    server: { ns: `pxb${tag}s`, iface: `pxb${tag}s`, ip: '192.0.2.2' },
    client: { ns: `pxb${tag}c`, iface: `pxb${tag}c`, ip: '192.0.2.1' },
    prefixLength: 24,
    destroy: async () => {
      for (const side of [net.server, net.client]) {
        await killAllIn(side.ns);
        await execa('ip', ['netns', 'del', side.ns], { reject: false, timeout: 10_000 });
      }
    },
  };
  try {
    await ip('netns', 'add', net.server.ns);
    await ip('netns', 'add', net.client.ns);
    await ip('link', 'add', net.server.iface, 'netns', net.server.ns, 'type', 'veth', 'peer', 'name', net.client.iface, 'netns', net.client.ns);
    for (const side of [net.server, net.client]) {
      await ip('-n', side.ns, 'addr', 'add', `${side.ip}/${net.prefixLength}`, 'dev', side.iface);
      await ip('-n', side.ns, 'link', 'set', side.iface, 'up');
      await ip('-n', side.ns, 'link', 'set', 'lo', 'up');
    }
  } catch (e) {
    await net.destroy();
    throw e;
  }
  return net;
}

/**
 * Real ISC dhcpd and tftpd-hpa, each running in the server namespace. Ready
 * when their sockets listen; stopped by the pid we started (any children
 * they forked are ended when the namespace is destroyed).
 */
import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { freePort } from '../ports.js';

export interface RunningServer {
  name: string;
  output(): string;
  stop(): Promise<void>;
}

const DHCPD = '/usr/sbin/dhcpd';
const TFTPD = '/usr/sbin/in.tftpd';

/**
 * Poll until a UDP socket on `port` (at `address` when given) is listening,
 * in namespace `ns` or in ours; gives up after 10 s or when the server exits.
 */
async function waitForUdpPort(where: { ns?: string; address?: string }, port: number, proc: ResultPromise, log: () => string): Promise<void> {
  const ss = ['ss', '-Huln', `sport = :${port}`];
  const argv = where.ns === undefined ? ss : inNamespace(where.ns, ss);
  const bound = where.address === undefined ? '' : `${where.address}:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null && proc.exitCode !== undefined) throw new Error(`server exited early:\n${log()}`);
    const r = await execa(argv[0] as string, argv.slice(1), { reject: false });
    if (r.stdout.trim() !== '' && r.stdout.includes(bound)) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on UDP ${bound || port}${where.ns === undefined ? '' : ` in ${where.ns}`} after 10s:\n${log()}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** In the namespace `ns`: argv run through `ip netns exec`. */
function inNamespace(ns: string, argv: string[]): string[] {
  return ['ip', 'netns', 'exec', ns, ...argv];
}

function server(name: string, proc: ResultPromise, log: () => string): RunningServer {
  return {
    name,
    output: log,
    stop: async () => {
      if (proc.exitCode === null || proc.exitCode === undefined) {
        proc.kill('SIGTERM');
        await Promise.race([proc, new Promise((r) => setTimeout(r, 3000))]);
        if (proc.exitCode === null || proc.exitCode === undefined) proc.kill('SIGKILL');
      }
      await proc;
    },
  };
}

/**
 * Start `argv` with its output collected, wait until `ready` resolves (it
 * throws when the server does not come up: the server is then killed).
 */
async function launch(name: string, argv: string[], ready: (proc: ResultPromise, log: () => string) => Promise<void>): Promise<RunningServer> {
  let text = '';
  const proc = execa(argv[0]!, argv.slice(1), { reject: false, all: true, buffer: false });
  proc.all?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const log = () => text;
  try {
    await ready(proc, log);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return server(name, proc, log);
}

export async function startDhcpd(ns: string, iface: string, conf: string, dir: string): Promise<RunningServer> {
  const leases = join(dir, 'dhcpd.leases');
  writeFileSync(leases, '');
  const argv = [DHCPD, '-4', '-f', '-d', '-cf', conf, '-lf', leases, '-pf', join(dir, 'dhcpd.pid'), iface];
  return launch('dhcpd', inNamespace(ns, argv), (proc, log) => waitForUdpPort({ ns }, 67, proc, log));
}

export async function startTftpd(ns: string, address: string, root: string): Promise<RunningServer> {
  const argv = [TFTPD, '--foreground', '--listen', '--address', `${address}:69`, '--secure', '--verbose', root];
  return launch('tftpd', inNamespace(ns, argv), (proc, log) => waitForUdpPort({ ns }, 69, proc, log));
}

/** tftpd-hpa on 127.0.0.1 in the current namespace, serving `root`. */
export async function startLocalTftpd(root: string): Promise<RunningServer & { port: number }> {
  const port = await freePort('udp');
  const argv = [TFTPD, '--foreground', '--listen', '--address', `127.0.0.1:${port}`, '--secure', root];
  return { ...(await launch('tftpd', argv, (proc, log) => waitForUdpPort({ address: '127.0.0.1' }, port, proc, log))), port };
}

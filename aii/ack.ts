/**
 * Install acknowledgement: at the end of %post the node calls its ack URL
 * (or an admin runs `panfab aii-ack <host>`), and a node that is installing
 * is switched to local boot, so its next network boot starts the installed
 * system. Over HTTP, a node may acknowledge only itself (the request must
 * come from its install address) unless the caller is a trusted address.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AiiServerConfig } from './config.js';
import { applyPlan } from './apply.js';
import { AiiError } from './errors.js';
import { makePlan } from './plan.js';
import { loadInstallNode } from './profiles/load.js';
import { FQDN_RE, profileSource, type ProfileSource } from './profiles/source.js';
import { nodeStatus } from './state.js';
import { LockBusyError } from '../common/lock.js';
import { withAiiLock } from './lock.js';
import type { InstallNode } from './node.js';

export interface AckResult {
  readonly fqdn: string;
  /** True when the node was switched from install to boot. */
  readonly switched: boolean;
  readonly message: string;
}

async function ackNode(source: ProfileSource, fqdn: string): Promise<InstallNode> {
  if (!FQDN_RE.test(fqdn)) throw new AiiError(`${JSON.stringify(fqdn)} is not a host name`);
  const node = await loadInstallNode(source, fqdn);
  if (node === undefined) throw new AiiError(`${fqdn}: no profile in ${source.description}`);
  return node;
}

/** Switch an installing node to local boot; a node in any other state is left as it is. */
export async function acknowledgeInstall(config: AiiServerConfig, fqdn: string, source?: ProfileSource): Promise<AckResult> {
  const node = await ackNode(source ?? profileSource(config.profiles, config.profileCache), fqdn);
  return switchToBoot(config, node);
}

async function switchToBoot(config: AiiServerConfig, node: InstallNode): Promise<AckResult> {
  const state = nodeStatus(node, config).state;
  if (state !== 'install') return { fqdn: node.fqdn, switched: false, message: `${node.fqdn}: not installing (${state}); nothing to do` };
  await withAiiLock(config.dhcpd.conf, async () => {
    const plan = makePlan({ verb: 'boot', nodes: [node], config });
    if (plan.errors.length > 0) throw new AiiError(plan.errors.join('\n'));
    await applyPlan(plan, config);
  });
  return { fqdn: node.fqdn, switched: true, message: `${node.fqdn}: install acknowledged, now boots from local disk` };
}

export interface AckServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serve `GET /ack?host=<fqdn>` (or `/ack/<fqdn>`). Acknowledgements run one
 * at a time, so two nodes finishing together never race on the same files.
 */
export async function serveAck(config: AiiServerConfig, listen: string = config.ack.listen, source?: ProfileSource): Promise<AckServer> {
  const profiles = source ?? profileSource(config.profiles, config.profileCache);
  const trusted = new Set(config.ack.trusted.map(normalizeAddress));
  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((req, res) => {
    const work = queue.then(() => handle(req, res, config, profiles, trusted));
    queue = work.catch(() => undefined);
  });
  const { host, port } = parseListen(listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return { url: `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}/ack`, close: () => closeServer(server) };
}

function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+|[A-Za-z0-9.-]+)):([0-9]{1,5})$/.exec(listen);
  const port = Number(m?.[3]);
  if (m === null || port > 65535) throw new AiiError(`${JSON.stringify(listen)}: the ack listen address must be host:port`);
  return { host: m[1] ?? m[2]!, port };
}

function normalizeAddress(a: string): string {
  return a.replace(/^::ffff:/, '');
}

async function handle(req: IncomingMessage, res: ServerResponse, config: AiiServerConfig, source: ProfileSource, trusted: Set<string>): Promise<void> {
  const reply = (status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  };
  try {
    const url = new URL(req.url ?? '/', 'http://ack.invalid');
    const fromPath = /^\/ack\/([^/]+)$/.exec(url.pathname)?.[1];
    if (req.method !== 'GET' && req.method !== 'POST') return reply(405, 'use GET or POST');
    if (url.pathname !== '/ack' && fromPath === undefined) return reply(404, 'not found: use /ack?host=<fqdn>');
    const fqdn = fromPath ?? url.searchParams.get('host') ?? '';
    if (!FQDN_RE.test(fqdn)) return reply(400, 'host must be a fully qualified host name');
    const node = await ackNode(source, fqdn).catch((e: unknown) => {
      if (e instanceof AiiError) return undefined;
      throw e;
    });
    if (node === undefined) return reply(404, `${fqdn}: unknown host`);
    const peer = normalizeAddress(req.socket.remoteAddress ?? '');
    if (peer !== node.install.ip && !trusted.has(peer)) return reply(403, `${fqdn}: may only be acknowledged from ${node.install.ip}`);
    const result = await switchToBoot(config, node);
    return reply(200, result.message);
  } catch (e) {
    if (e instanceof LockBusyError) return reply(503, e.message); // curl --retry tries again
    return reply(500, e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

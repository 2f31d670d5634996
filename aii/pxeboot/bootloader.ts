/**
 * `panfab pxeboot`: the PXE steps for a paravirtualised Xen guest, done on
 * the Dom0. Planning (DHCP, config search, config reading) only asks the
 * network; executing downloads the kernel and initrds into a private place
 * and answers Xen, or hands over to the local bootloader. `--noaction`
 * stops after the plan and prints it.
 */
import { lookup } from 'node:dns/promises';
import { dhcpBoot, type DhcpLease } from './dhcp-client.js';
import { PxebootError, interruptedBy } from './errors.js';
import { isIpv4 } from '../escape.js';
import { formatMac } from './net-addr.js';
import { formatPos, parsePxelinuxConfig } from './pxelinux-config.js';
import { configCandidates, pathPrefix, resolvePxePath, type TftpLocation } from './pxelinux-search.js';
import { chooseBoot, type BootChoice } from './pxelinux-select.js';
import { formatBytes, type Reporter } from './progress.js';
import { handOver, resolveLocalBootloader } from './local-bootloader.js';
import { BatchedWriter } from './batched-writer.js';
import { Scratch } from './scratch.js';
import { tftpGet, TftpErrorReply } from './tftp-client.js';
import type { PxebootArgs } from './xen-args.js';
import { formatXenAnswer, writeXenAnswer } from './xen-answer.js';

/** Configs are small; a bigger one is a mistake or an attack. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** CONFIG labels followed at most. */
const MAX_CONFIG_HOPS = 8;

export type PxebootRequest = Omit<PxebootArgs, 'help'>;

export interface PxebootEnv {
  reporter: Reporter;
  stdout: NodeJS.WritableStream;
  signal?: AbortSignal;
  /** Test hooks: DHCP and TFTP ports and addresses other than the standard ones. */
  ports?: { dhcpServer?: number; dhcpClient?: number; dhcpServerAddress?: string; dhcpBindAddress?: string; tftp?: number };
  /** Replaces `--local-bootloader=auto`'s search list. */
  pygrubCandidates?: string[];
}

interface TftpFile extends TftpLocation {
  server: string;
}

export interface BootPlan {
  lease: DhcpLease;
  tftpServer: string;
  configFile: string;
  tried: string[];
  choice: Exclude<BootChoice, { kind: 'config' }>;
  kernel?: TftpFile;
  initrds: TftpFile[];
  /** Final kernel command line (config arguments, IPAPPEND, then the domain's `extra`). */
  args: string;
}

async function serverAddress(name: string): Promise<string> {
  if (isIpv4(name)) return name;
  try {
    return (await lookup(name, { family: 4 })).address;
  } catch {
    throw new PxebootError(`cannot resolve TFTP server name '${name}'`);
  }
}

/** TFTP settings of every transfer: port, block size, retransmission and cancellation. */
function tftpOptions(req: PxebootRequest, env: PxebootEnv) {
  return {
    port: env.ports?.tftp,
    blksize: req.tftpBlksize,
    retransmit: { initialMs: req.tftpTimeoutMs, maxMs: Math.max(req.tftpTimeoutMs, 8000), attempts: req.tftpAttempts },
    signal: env.signal,
  };
}

class Planner {
  readonly tried: string[] = [];
  constructor(
    private readonly req: PxebootRequest,
    private readonly env: PxebootEnv,
    private readonly server: string,
    private readonly prefix: string,
  ) {}

  async fileAt(name: string): Promise<TftpFile> {
    const loc = resolvePxePath(this.prefix, name);
    return { path: loc.path, server: loc.server ? await serverAddress(loc.server) : this.server };
  }

  async fetchText(name: string): Promise<{ file: string; text: string }> {
    const loc = await this.fileAt(name);
    const got = await tftpGet({ ...tftpOptions(this.req, this.env), server: loc.server, filename: loc.path, maxBytes: MAX_CONFIG_BYTES });
    return { file: loc.path, text: (got.data ?? Buffer.alloc(0)).toString('latin1') };
  }

  /** pxelinux's search: the first config that exists. */
  async findConfig(lease: DhcpLease): Promise<{ file: string; text: string }> {
    for (const name of configCandidates({ mac: this.req.mac, ip: lease.clientIp, uuid: this.req.uuid, configFile: lease.configFile })) {
      try {
        const found = await this.fetchText(name);
        this.env.reporter.step(`config ${found.file}`);
        return found;
      } catch (e) {
        if (!(e instanceof TftpErrorReply && e.notFound)) throw e;
        this.tried.push(resolvePxePath(this.prefix, name).path);
        this.env.reporter.debug(`no ${name}`);
      }
    }
    throw new PxebootError(
      `no pxelinux config for ${formatMac(this.req.mac)} (${lease.clientIp}) on TFTP server ${this.server} (boot file ${lease.bootFile ?? 'none'}; tried ${this.tried.join(', ')})`,
    );
  }

  async choose(lease: DhcpLease, first: { file: string; text: string }): Promise<{ configFile: string; choice: BootPlan['choice'] }> {
    let current = first;
    for (let hop = 0; ; hop++) {
      const config = await parsePxelinuxConfig(current.text, current.file, (name) => this.fetchText(name));
      const choice = chooseBoot(config, {
        label: hop === 0 ? this.req.label : undefined,
        net: { ip: lease.clientIp, server: this.server, gateway: lease.routers[0], netmask: lease.subnetMask, mac: formatMac(this.req.mac), uuid: this.req.uuid },
      });
      if (choice.kind !== 'config') return { configFile: current.file, choice };
      if (hop >= MAX_CONFIG_HOPS) throw new PxebootError(`${formatPos(choice.at)}: more than ${MAX_CONFIG_HOPS} CONFIG hops`);
      this.env.reporter.step(`LABEL ${choice.label}: CONFIG ${choice.file}`);
      current = await this.fetchText(choice.file);
    }
  }
}

export async function planBoot(req: PxebootRequest, env: PxebootEnv): Promise<BootPlan> {
  env.reporter.step(`DHCP for ${formatMac(req.mac)}${req.interfaceName ? ` on ${req.interfaceName}` : ''}`);
  const lease = await dhcpBoot({
    mac: req.mac,
    interfaceName: req.interfaceName,
    uuid: req.uuid ? Buffer.from(req.uuid.replace(/-/g, ''), 'hex') : undefined,
    retransmit: { initialMs: req.dhcpTimeoutMs, maxMs: Math.max(req.dhcpTimeoutMs, 16000), attempts: req.dhcpAttempts },
    serverPort: env.ports?.dhcpServer,
    clientPort: env.ports?.dhcpClient,
    serverAddress: env.ports?.dhcpServerAddress,
    bindAddress: env.ports?.dhcpBindAddress,
    signal: env.signal,
    log: env.reporter.debug,
  });
  if (!lease.nextServer) throw new PxebootError(`DHCP server ${lease.serverId ?? '?'} gave ${lease.clientIp} no next-server (siaddr or option 66)`);
  const server = await serverAddress(lease.nextServer);
  env.reporter.step(`address ${lease.clientIp}, next-server ${server}, boot file ${lease.bootFile ?? 'none'}`);
  const planner = new Planner(req, env, server, pathPrefix(lease.bootFile, lease.pathPrefix));
  const found = await planner.findConfig(lease);
  const { configFile, choice } = await planner.choose(lease, found);
  const plan: BootPlan = { lease, tftpServer: server, configFile, tried: planner.tried, choice, initrds: [], args: '' };
  if (choice.kind === 'linux') {
    plan.kernel = await planner.fileAt(choice.kernel);
    plan.initrds = await Promise.all(choice.initrds.map((n) => planner.fileAt(n)));
    plan.args = [choice.args, req.xen.args].filter((a) => a && a.trim() !== '').join(' ');
  }
  return plan;
}

function localBootloaderFor(req: PxebootRequest, env: PxebootEnv): string {
  try {
    return resolveLocalBootloader(req.localBootloader, env.pygrubCandidates);
  } catch (e) {
    return `nothing (${(e as Error).message})`;
  }
}

export function describePlan(plan: BootPlan, req: PxebootRequest, env: PxebootEnv): string[] {
  const lines = [
    `DHCP: ${plan.lease.clientIp} from ${plan.lease.serverId ?? '?'}, next-server ${plan.tftpServer}, boot file ${plan.lease.bootFile ?? 'none'}`,
    `config: ${plan.configFile}${plan.tried.length ? ` (not found before it: ${plan.tried.join(', ')})` : ''}`,
    `label: ${plan.choice.label} (${formatPos(plan.choice.at)})`,
  ];
  if (plan.choice.kind === 'localboot') {
    lines.push(`local boot (LOCALBOOT ${plan.choice.value}): would hand over to ${localBootloaderFor(req, env)} with: ${req.passthrough.join(' ')}`);
  } else {
    lines.push(`would download kernel ${plan.kernel!.server}:${plan.kernel!.path}`);
    for (const i of plan.initrds) lines.push(`would download ramdisk ${i.server}:${i.path}`);
    lines.push(`would answer Xen (${req.xen.outputFormat}) with args: ${plan.args}`);
  }
  return lines;
}

async function download(req: PxebootRequest, env: PxebootEnv, scratch: Scratch, prefix: string, files: TftpFile[]): Promise<string> {
  const { path, handle } = await scratch.newFile(prefix);
  const writer = new BatchedWriter(handle);
  try {
    for (const f of files) {
      const started = Date.now();
      const result = await tftpGet({
        ...tftpOptions(req, env),
        server: f.server,
        filename: f.path,
        maxBytes: req.maxImageBytes,
        sink: (chunk) => writer.add(chunk),
      });
      env.reporter.step(`${f.path}: ${formatBytes(result.size)} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    }
    await writer.flush();
  } finally {
    await handle.close();
  }
  return path;
}

/** Download kernel and initrds (concatenated into one ramdisk, as Linux accepts) and answer Xen. */
async function bootLinux(plan: BootPlan, req: PxebootRequest, env: PxebootEnv): Promise<number> {
  const scratch = await Scratch.create(req.xen.outputDirectory);
  try {
    const kernel = await download(req, env, scratch, 'pxeboot_kernel', [plan.kernel!]);
    const ramdisk = plan.initrds.length ? await download(req, env, scratch, 'pxeboot_ramdisk', plan.initrds) : undefined;
    await writeXenAnswer(req.xen.output, formatXenAnswer(req.xen.outputFormat, { kernel, ramdisk, args: plan.args }), env.stdout);
    env.reporter.step(`booting LABEL ${plan.choice.label}`);
    return 0;
  } catch (e) {
    await scratch.discard();
    throw e;
  }
}

async function bootLocally(plan: BootPlan, req: PxebootRequest, env: PxebootEnv): Promise<number> {
  const program = resolveLocalBootloader(req.localBootloader, env.pygrubCandidates);
  if (req.xen.disk === undefined) throw new PxebootError('local boot needs the disk argument that xl passes last');
  env.reporter.step(`LABEL ${plan.choice.label} boots locally: handing over to ${program}`);
  return handOver(program, req.passthrough);
}

export async function executePlan(plan: BootPlan, req: PxebootRequest, env: PxebootEnv): Promise<number> {
  return plan.choice.kind === 'linux' ? bootLinux(plan, req, env) : bootLocally(plan, req, env);
}

/** The whole flow, stopped cleanly (temporary files removed) by SIGTERM, SIGINT or SIGHUP. */
export async function runPxeboot(req: PxebootRequest, env: PxebootEnv): Promise<number> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => controller.abort(interruptedBy(signal));
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const signal = env.signal ? AbortSignal.any([env.signal, controller.signal]) : controller.signal;
  const scoped: PxebootEnv = { ...env, signal };
  try {
    const plan = await planBoot(req, scoped);
    if (req.noaction) {
      env.stdout.write(describePlan(plan, req, env).join('\n') + '\n');
      return 0;
    }
    // Local boot must not hold our handlers: signals go to the child instead.
    if (plan.choice.kind === 'localboot') for (const s of signals) process.off(s, onSignal);
    return await executePlan(plan, req, scoped);
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

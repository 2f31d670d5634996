/**
 * The executor: carries out a plan, or (under --noaction) only describes it.
 * The new dhcpd.conf is checked by `dhcpd -t` before anything is changed, so
 * a rejected file leaves the whole run undone; the previous dhcpd.conf is
 * kept as `<conf>.panfab-bak`; links are switched atomically (new symlink
 * renamed over the old); the reload command runs only when dhcpd.conf changed.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { execa } from 'execa';
import { atomicSymlinkSync, atomicWriteFileSync, type WriteOptions } from '../common/fs.js';
import type { AiiServerConfig } from './config.js';
import { checkDhcpdConf } from './dhcpd/check.js';
import { AiiError } from './errors.js';
import type { Plan } from './plan.js';

export interface ApplyResult {
  readonly dhcpdWritten: boolean;
  readonly reloaded: boolean;
}

/** Boot configs and kickstarts are read by tftpd and the web server, whatever the umask. */
export const SERVED_FILE_MODE = 0o644;

export function backupPath(conf: string): string {
  return `${conf}.panfab-bak`;
}

export async function applyPlan(plan: Plan, config: AiiServerConfig): Promise<ApplyResult> {
  const candidate = plan.dhcpd !== undefined ? await prepareDhcpd(plan.dhcpd.next, config) : undefined;
  for (const w of plan.writes) atomicWriteFileSync(w.path, w.content, { mode: SERVED_FILE_MODE });
  if (candidate !== undefined) installDhcpd(candidate, config.dhcpd.conf);
  for (const l of plan.links) switchLink(l.path, l.target);
  for (const r of plan.removals) rmSync(r.path, { force: true });
  const reloaded = candidate !== undefined && (await reload(config));
  return { dhcpdWritten: candidate !== undefined, reloaded };
}

/** A checked dhcpd.conf waiting beside the live one, and the live file's mode and owner (undefined: there is none). */
interface DhcpdCandidate {
  readonly path: string;
  readonly meta: FileMeta | undefined;
}

/** Write the new dhcpd.conf beside the live one and have dhcpd check it. */
async function prepareDhcpd(text: string, config: AiiServerConfig): Promise<DhcpdCandidate> {
  const conf = config.dhcpd.conf;
  const candidate = join(dirname(conf), `.${basename(conf)}.panfab-new`);
  const meta = fileMeta(conf);
  atomicWriteFileSync(candidate, text, meta ?? { mode: SERVED_FILE_MODE });
  try {
    await checkDhcpdConf(config.dhcpd.binary, candidate, conf);
  } catch (e) {
    rmSync(candidate, { force: true });
    throw e;
  }
  return { path: candidate, meta };
}

type FileMeta = Pick<WriteOptions, 'mode' | 'owner'>;

/** Mode and owner of an existing file, for what replaces or copies it; undefined when there is none. */
function fileMeta(path: string): FileMeta | undefined {
  try {
    const st = statSync(path);
    return { mode: st.mode & 0o7777, owner: { uid: st.uid, gid: st.gid } };
  } catch {
    return undefined;
  }
}

/** The candidate already has the live file's mode and owner; the backup gets them too. */
function installDhcpd(candidate: DhcpdCandidate, conf: string): void {
  if (candidate.meta !== undefined) atomicWriteFileSync(backupPath(conf), readFileSync(conf), candidate.meta);
  renameSync(candidate.path, conf);
}

function switchLink(path: string, target: string): void {
  mkdirSync(dirname(path), { recursive: true });
  atomicSymlinkSync(target, path);
}

async function reload(config: AiiServerConfig): Promise<boolean> {
  const [cmd, ...args] = config.dhcpd.reload;
  if (cmd === undefined) return false;
  const result = await execa(cmd, args, { reject: false, all: true, timeout: 120_000, stdin: 'ignore' });
  if (result.exitCode !== 0) {
    const output = (result.all ?? result.shortMessage).trim().split('\n').slice(-5).join('\n  ');
    throw new AiiError(`${config.dhcpd.conf} was updated, but the reload command failed (${config.dhcpd.reload.join(' ')}):\n  ${output}`);
  }
  return true;
}

/** The plan as lines a person reads (what --noaction prints). */
export function describePlan(plan: Plan, config: AiiServerConfig): string[] {
  const lines: string[] = [];
  for (const w of plan.writes) lines.push(`write  ${w.path} (${w.host}: ${w.what})`);
  if (plan.dhcpd !== undefined) {
    const d = plan.dhcpd;
    const parts = [...d.added.map((h) => `+${h}`), ...d.changed.map((h) => `~${h}`), ...d.removed.map((h) => `-${h}`)];
    lines.push(`dhcpd  ${d.path}: ${parts.join(' ') || 'managed block'}; checked with ${config.dhcpd.binary} -t, previous kept as ${backupPath(d.path)}`);
    if (config.dhcpd.reload.length > 0) lines.push(`reload ${config.dhcpd.reload.join(' ')}`);
  }
  for (const l of plan.links) lines.push(`link   ${l.path} -> ${l.target} (${l.host}: ${l.from !== undefined ? `was -> ${l.from}, ` : ''}now ${l.state})`);
  for (const r of plan.removals) lines.push(`remove ${r.path} (${r.host}: ${r.what})`);
  return lines;
}

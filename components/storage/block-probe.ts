/**
 * What is on a block device (or an image file), read with read-only
 * commands: its size, the signatures on it (blkid -p: filesystems, swap,
 * LVM physical volumes, partition tables) and whether its start is all
 * zeros. These are what decide that a device holds no data before anything
 * is made on it.
 */
import type { Probes } from '../sdk/index.js';

export interface Signature {
  /** TYPE: ext4, xfs, swap, LVM2_member... */
  type?: string;
  /** PTTYPE: gpt, dos. */
  ptType?: string;
  label?: string;
  uuid?: string;
}

/** Bytes of a block device; undefined when there is no such device. */
export async function deviceBytes(probe: Probes, device: string): Promise<number | undefined> {
  const r = await probe.run(['blockdev', '--getsize64', device]);
  if (r.exitCode !== 0) return undefined;
  const n = Number(r.stdout.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Signatures found on an existing device or file: undefined when none
 * (blkid exit status 2). Call only for paths known to exist: blkid says
 * "nothing found" for a missing device too.
 */
export async function signature(probe: Probes, path: string): Promise<Signature | undefined> {
  const r = await probe.run(['blkid', '-p', '-o', 'export', path]);
  if (r.exitCode === 2) return undefined;
  if (r.exitCode !== 0) throw new Error(`blkid -p ${path} failed (${r.error ?? `exit status ${r.exitCode}`}): ${r.stderr.trim()}`);
  const fields = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const sig: Signature = {};
  if (fields.has('TYPE')) sig.type = fields.get('TYPE')!;
  if (fields.has('PTTYPE')) sig.ptType = fields.get('PTTYPE')!;
  if (fields.has('LABEL')) sig.label = fields.get('LABEL')!;
  if (fields.has('UUID')) sig.uuid = fields.get('UUID')!;
  // blkid may report only an ambivalent result or a UUID: still something is there.
  return sig;
}

export function describeSignature(sig: Signature): string {
  if (sig.type) return sig.type === 'LVM2_member' ? 'an LVM physical volume' : `a ${sig.type} signature`;
  if (sig.ptType) return `a ${sig.ptType} partition table`;
  return 'a signature blkid cannot name';
}

/** What lvcreate --zero y clears at the start of a new volume; partition tables, LVM labels and filesystem superblocks all sit there. */
export const NEW_VOLUME_ZEROED = 4096;
export const MiB_BYTES = 1048576;

/** True when the first `bytes` read as zeros; false when not, or unreadable. */
export async function startIsZero(probe: Probes, path: string, bytes: number): Promise<boolean> {
  const r = await probe.run(['cmp', '-s', '-n', String(bytes), path, '/dev/zero']);
  return r.exitCode === 0;
}

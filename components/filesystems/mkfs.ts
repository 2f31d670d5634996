/**
 * Making filesystems: only where no signature exists (blkid -p finds
 * nothing) and `format` is true. A device made by this same plan holds
 * nothing; an existing device without a signature is formatted only when
 * `preserve` is false, or when its first MiB reads as zeros (with preserve
 * true, data blkid cannot name must be kept). A device holding something
 * else than the profile's type is refused: nothing is ever reformatted.
 */
import { MiB_BYTES, deviceBytes, describeSignature, signature, startIsZero } from '../storage/block-probe.js';
import type { FsSpec, FsType } from './model.js';
import type { FsPlanning } from './planning.js';

/** Where the device is for commands: devices as they are, files under the managed tree. */
export function onDisk(p: FsPlanning, fs: FsSpec): string {
  return fs.ref.kind === 'files' ? p.ctx.hostPath(fs.device) : fs.device;
}

export function mkfsArgv(type: Exclude<FsType, 'none'>, device: string, label: string | undefined, opts: string[]): string[] {
  switch (type) {
    case 'swap':
      return ['mkswap', ...(label ? ['-L', label] : []), ...opts, device];
    case 'vfat':
      return ['mkfs.vfat', ...(label ? ['-n', label] : []), ...opts, device];
    default:
      // No -f/-F: mkfs itself refuses a device where a filesystem appeared meanwhile.
      return [`mkfs.${type}`, '-q', ...(label ? ['-L', label] : []), ...opts, device];
  }
}

async function exists(p: FsPlanning, fs: FsSpec): Promise<boolean> {
  if (fs.ref.kind === 'files') return (await p.ctx.probe.stat(fs.device))?.kind === 'file';
  return (await deviceBytes(p.ctx.probe, fs.device)) !== undefined;
}

function make(p: FsPlanning, fs: FsSpec, why: string): void {
  const type = fs.type as Exclude<FsType, 'none'>;
  if (type === 'vfat' && fs.label && fs.label.length > 11) {
    p.refusals.add(`${fs.where}/label`, 'a vfat label has at most 11 characters');
    return;
  }
  p.b.command(mkfsArgv(type, onDisk(p, fs), fs.label, fs.mkfsopts), `makes a ${type} filesystem on ${fs.device} (${why})`, { timeout: 30 * 60_000 });
}

/**
 * Plan mkfs where needed; returns the filesystems that hold (or will hold)
 * the profile's filesystem, i.e. those that may be mounted.
 */
export async function planFilesystems(p: FsPlanning): Promise<Set<number>> {
  const ready = new Set<number>();
  for (const fs of p.spec.filesystems) {
    if (fs.type === 'none') continue;
    if (p.fresh.has(fs.device)) {
      if (fs.format) {
        make(p, fs, 'made by this run');
        ready.add(fs.index);
      } else {
        p.b.note(`${fs.where}: ${fs.device} is new and format is false: no filesystem is made, it is not mounted`);
      }
      continue;
    }
    if (p.absent.has(fs.device) || !(await exists(p, fs))) {
      p.b.note(`${fs.where}: ${fs.device} does not exist: no filesystem, not mounted`);
      continue;
    }
    const sig = await signature(p.ctx.probe, onDisk(p, fs));
    if (sig) {
      p.aliases.set(fs.index, [...(sig.uuid ? [`UUID=${sig.uuid}`] : []), ...(sig.label ? [`LABEL=${sig.label}`] : [])]);
      if (sig.type === fs.type) ready.add(fs.index); // blkid's TYPE names are the profile's
      else p.refusals.add(`${fs.where}/type`, `${fs.device} holds ${describeSignature(sig)}, the profile says ${fs.type}: it is not reformatted (its data is kept)`);
      continue;
    }
    if (!fs.format) {
      p.b.note(`${fs.where}: ${fs.device} holds no filesystem and format is false: none is made, it is not mounted`);
      continue;
    }
    if (fs.preserve && !(await startIsZero(p.ctx.probe, onDisk(p, fs), MiB_BYTES))) {
      p.refusals.add(fs.where, `${fs.device} holds no filesystem blkid knows, but is not blank, and preserve is true: it is not formatted (its data is kept)`);
      continue;
    }
    make(p, fs, fs.preserve ? 'blank' : 'no filesystem on it, preserve is false');
    ready.add(fs.index);
  }
  return ready;
}

/**
 * Mounting: filesystems with `mount: true` that are not mounted are
 * mounted (parents first) with explicit arguments (type, options, device,
 * mount point in the managed tree), and swap with `mount: true` that is not
 * active is activated. Nothing is ever unmounted.
 */
import type { FsSpec } from './model.js';
import { onDisk } from './mkfs.js';
import type { FsPlanning } from './planning.js';

/** findmnt --raw writes unsafe characters as \xHH. */
function unhex(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

async function mountedTargets(p: FsPlanning): Promise<Set<string>> {
  const r = await p.ctx.probe.run(['findmnt', '--raw', '--noheadings', '--output', 'TARGET']);
  if (r.exitCode !== 0) throw new Error(`findmnt failed (${r.error ?? `exit status ${r.exitCode}`}): ${r.stderr.trim()}`);
  return new Set(r.stdout.split('\n').filter((l) => l !== '').map(unhex));
}

async function activeSwaps(p: FsPlanning): Promise<Set<string>> {
  const r = await p.ctx.probe.run(['swapon', '--show=NAME', '--noheadings', '--raw']);
  if (r.exitCode !== 0) throw new Error(`swapon --show failed (${r.error ?? `exit status ${r.exitCode}`}): ${r.stderr.trim()}`);
  return new Set(r.stdout.split('\n').filter((l) => l !== '').map(unhex));
}

/** The kernel's name for a device or file (/dev/vg/lv -> /dev/dm-3), as swapon --show prints it. */
async function canonical(p: FsPlanning, path: string): Promise<string> {
  const r = await p.ctx.probe.run(['readlink', '--canonicalize', '--', path]);
  return r.exitCode === 0 ? r.stdout.trim() : path;
}

function depth(fs: FsSpec): number {
  return fs.mountpoint === '/' ? 0 : fs.mountpoint.split('/').length;
}

async function planMountpoints(p: FsPlanning, list: FsSpec[]): Promise<void> {
  if (list.length === 0) return;
  const mounted = await mountedTargets(p);
  for (const fs of [...list].sort((a, b) => depth(a) - depth(b) || a.mountpoint.localeCompare(b.mountpoint))) {
    const target = p.ctx.hostPath(fs.mountpoint);
    if (mounted.has(target)) continue;
    p.b.directory(fs.mountpoint);
    const opts = fs.ref.kind === 'files' && !fs.mountopts.split(',').includes('loop') ? `${fs.mountopts},loop` : fs.mountopts;
    p.b.command(['mount', '-t', fs.type, '-o', opts, onDisk(p, fs), target], `mounts ${fs.device} on ${fs.mountpoint}`);
  }
}

async function planSwaps(p: FsPlanning, list: FsSpec[]): Promise<void> {
  if (list.length === 0) return;
  const active = await activeSwaps(p);
  for (const fs of list) {
    const device = onDisk(p, fs);
    if (!p.fresh.has(fs.device) && active.has(await canonical(p, device))) continue;
    p.b.command(['swapon', device], `activates swap on ${fs.device}`);
  }
}

export async function planMounts(p: FsPlanning, ready: Set<number>): Promise<void> {
  const wanted = p.spec.filesystems.filter((fs) => ready.has(fs.index) && fs.mount);
  await planMountpoints(p, wanted.filter((fs) => fs.type !== 'swap' && fs.mountpoint.startsWith('/')));
  await planSwaps(p, wanted.filter((fs) => fs.type === 'swap'));
}

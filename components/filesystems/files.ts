/**
 * Files used as block devices (swap files, loopback filesystems): made with
 * fallocate when missing (allocated, since swapon refuses files with holes),
 * grown when smaller than the profile (fallocate only adds), refused when
 * larger or when something else is in the way. Owner, group and mode are
 * set as the profile says.
 */
import { dirname } from 'node:path';
import { MiB_BYTES } from '../storage/block-probe.js';
import type { FileSpec } from './model.js';
import type { FsPlanning } from './planning.js';

interface Meta {
  perm: string;
  owner: string;
  group: string;
}

async function meta(p: FsPlanning, f: FileSpec): Promise<Meta | undefined> {
  const r = await p.ctx.probe.run(['stat', '--format', '%a %U %G', '--', p.ctx.hostPath(f.path)]);
  if (r.exitCode !== 0) return undefined;
  const [perm, owner, group] = r.stdout.trim().split(' ');
  return perm && owner && group ? { perm, owner, group } : undefined;
}

function permissions(p: FsPlanning, f: FileSpec, current: Meta | undefined): void {
  const onDisk = p.ctx.hostPath(f.path);
  if (f.perm !== undefined && (current === undefined || parseInt(current.perm, 8) !== parseInt(f.perm, 8))) {
    p.b.command(['chmod', f.perm, '--', onDisk], `sets the mode of ${f.path} to ${f.perm}`);
  }
  const owner = f.owner !== undefined && (current === undefined || current.owner !== f.owner) ? f.owner : undefined;
  const group = f.group !== undefined && (current === undefined || current.group !== f.group) ? f.group : undefined;
  if (owner !== undefined || group !== undefined) {
    const spec = `${owner ?? ''}${group !== undefined ? `:${group}` : ''}`;
    p.b.command(['chown', spec, '--', onDisk], `sets the owner of ${f.path} to ${spec}`);
  }
}

export async function planFiles(p: FsPlanning): Promise<void> {
  for (const f of p.spec.files) {
    const st = await p.ctx.probe.stat(f.path);
    const onDisk = p.ctx.hostPath(f.path);
    if (st === undefined) {
      if (!p.spec.manageBlockdevs) {
        p.b.note(`${f.path} does not exist and manage_blockdevs is false: not made`);
        p.absent.add(f.path);
        continue;
      }
      p.b.directory(dirname(f.path));
      p.b.command(['fallocate', '--length', `${f.sizeMiB}MiB`, onDisk], `creates ${f.path} of ${f.sizeMiB} MiB`);
      p.fresh.set(f.path, f.sizeMiB * MiB_BYTES);
      permissions(p, f, undefined);
      continue;
    }
    if (st.kind !== 'file') {
      p.refusals.add(f.where, `${f.path} is in the way: it is a ${st.kind}, not a file; it is left as it is`);
      continue;
    }
    if (st.size > f.sizeMiB * MiB_BYTES) {
      p.refusals.add(`${f.where}/size`, `${f.path} is ${st.size} bytes, the profile asks ${f.sizeMiB} MiB: files are never shrunk`);
      continue;
    }
    if (!p.spec.manageBlockdevs) continue;
    if (st.size < f.sizeMiB * MiB_BYTES) p.b.command(['fallocate', '--length', `${f.sizeMiB}MiB`, onDisk], `grows ${f.path} from ${st.size} bytes to ${f.sizeMiB} MiB`);
    permissions(p, f, await meta(p, f));
  }
}

/**
 * Symlinks a component manages. The component's state records the links it
 * made (path -> target); it may replace or remove only those, so a link or a
 * file put there by someone else is never touched.
 */
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { atomicSymlink } from '../../common/fs.js';
import { hostPath } from './paths.js';
import type { RemoveSymlinkAction, SymlinkAction } from './types.js';

/** Links a component made: host path -> target. */
export type OwnedLinks = Record<string, string>;

export interface LinkChange {
  diskPath: string;
  /** Current target, when the path is a symlink. */
  current: string | undefined;
  /** 'none': nothing to do; 'refuse': must not touch, `reason` says why. */
  verdict: 'none' | 'create' | 'replace' | 'remove' | 'refuse';
  reason?: string;
}

async function currentLink(diskPath: string): Promise<{ exists: boolean; target?: string }> {
  try {
    const st = await fsp.lstat(diskPath);
    if (!st.isSymbolicLink()) return { exists: true };
    return { exists: true, target: await fsp.readlink(diskPath) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw e;
  }
}

function checkTarget(target: string): void {
  if (typeof target !== 'string' || target === '' || target.includes('\0')) throw new Error(`invalid symlink target ${JSON.stringify(target)}`);
}

export async function inspectSymlink(a: SymlinkAction, root: string, owned: OwnedLinks): Promise<LinkChange> {
  checkTarget(a.target);
  const diskPath = hostPath(root, a.path);
  const cur = await currentLink(diskPath);
  if (!cur.exists) return { diskPath, current: undefined, verdict: 'create' };
  if (cur.target === undefined) throw new Error(`${a.path} exists and is not a symlink; not replaced`);
  if (cur.target === a.target) return { diskPath, current: cur.target, verdict: 'none' };
  if (owned[a.path] !== cur.target) {
    throw new Error(`${a.path} points to ${cur.target}, a link this component did not make; not replaced`);
  }
  return { diskPath, current: cur.target, verdict: 'replace' };
}

export async function applySymlink(a: SymlinkAction, c: LinkChange, owned: OwnedLinks): Promise<void> {
  if (c.verdict === 'create' || c.verdict === 'replace') {
    await fsp.mkdir(dirname(c.diskPath), { recursive: true });
    // A new link beside the old one, renamed over it: the path is never missing.
    await atomicSymlink(a.target, c.diskPath);
  }
  owned[a.path] = a.target;
}

export async function inspectRemoveSymlink(a: RemoveSymlinkAction, root: string, owned: OwnedLinks): Promise<LinkChange> {
  const diskPath = hostPath(root, a.path);
  const cur = await currentLink(diskPath);
  if (!cur.exists) return { diskPath, current: undefined, verdict: 'none' };
  if (cur.target === undefined) return { diskPath, current: undefined, verdict: 'refuse', reason: 'not a symlink' };
  if (owned[a.path] === undefined) return { diskPath, current: cur.target, verdict: 'refuse', reason: 'not made by this component' };
  if (owned[a.path] !== cur.target) {
    return { diskPath, current: cur.target, verdict: 'refuse', reason: `changed since this component made it (now -> ${cur.target})` };
  }
  return { diskPath, current: cur.target, verdict: 'remove' };
}

export async function applyRemoveSymlink(a: RemoveSymlinkAction, c: LinkChange, owned: OwnedLinks): Promise<void> {
  if (c.verdict === 'remove') await fsp.unlink(c.diskPath);
  if (c.verdict === 'remove' || c.verdict === 'none') delete owned[a.path];
}

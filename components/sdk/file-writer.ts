/**
 * The file writer: compares what a file should hold (content, mode, owner)
 * with what it holds, shows the difference as a diff, and writes only on
 * change -- atomically, after keeping a backup when asked. It never writes
 * through a symlink or over a directory.
 */
import { promises as fsp } from 'node:fs';
import { atomicWriteFile, type FileOwner } from '../../common/fs.js';
import { isText, unifiedDiff } from './diff.js';
import type { OwnerResolver } from './owner.js';
import { hostPath } from './paths.js';
import { fileInfo } from './probes.js';
import type { DirectoryAction, FileInfo, WriteFileAction } from './types.js';

export interface FileChange {
  /** Path on disk. */
  diskPath: string;
  existing: FileInfo | undefined;
  /** What the file holds now (read once, when it exists: the backup is made from it). */
  current: Buffer | undefined;
  /** What the file should hold. */
  wanted: Buffer;
  contentChanged: boolean;
  mode: number;
  uid: number | undefined;
  gid: number | undefined;
  /** What differs, in words; empty when nothing does. */
  changes: string[];
  diff?: string;
}

export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIR_MODE = 0o755;

export function octal(mode: number): string {
  return '0' + mode.toString(8).padStart(3, '0');
}

export function checkMode(mode: number | undefined, what: string): void {
  if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > 0o7777)) throw new Error(`${what}: invalid mode ${mode}`);
}

async function lstatOrUndefined(path: string): Promise<FileInfo | undefined> {
  try {
    return fileInfo(await fsp.lstat(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function asBuffer(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

/** Mode and ownership differences between `existing` and what is wanted. */
function metaChanges(existing: FileInfo | undefined, mode: number, uid: number | undefined, gid: number | undefined): string[] {
  if (!existing) return [];
  const out: string[] = [];
  if (existing.mode !== mode) out.push(`mode ${octal(existing.mode)} -> ${octal(mode)}`);
  if (uid !== undefined && existing.uid !== uid) out.push(`owner ${existing.uid} -> ${uid}`);
  if (gid !== undefined && existing.gid !== gid) out.push(`group ${existing.gid} -> ${gid}`);
  return out;
}

function ids(a: { owner?: string | number; group?: string | number }, existing: FileInfo | undefined, owners: OwnerResolver) {
  const uid = a.owner !== undefined ? owners.uid(a.owner) : existing?.uid;
  const gid = a.group !== undefined ? owners.gid(a.group) : existing?.gid;
  return { uid, gid };
}

export async function inspectFile(a: WriteFileAction, root: string, owners: OwnerResolver): Promise<FileChange> {
  checkMode(a.mode, a.path);
  const diskPath = hostPath(root, a.path);
  const existing = await lstatOrUndefined(diskPath);
  if (existing && existing.kind !== 'file') throw new Error(`${a.path} exists and is a ${existing.kind}, not a regular file; not replaced`);
  const wanted = asBuffer(a.content);
  const current = existing ? await fsp.readFile(diskPath) : undefined;
  const contentChanged = current === undefined || !current.equals(wanted);
  const mode = a.mode ?? existing?.mode ?? DEFAULT_FILE_MODE;
  const { uid, gid } = ids(a, existing, owners);
  const changes = existing ? metaChanges(existing, mode, uid, gid) : [`new file, mode ${octal(mode)}`];
  if (existing && contentChanged) changes.unshift('content');
  const change: FileChange = { diskPath, existing, current, wanted, contentChanged, mode, uid, gid, changes };
  if (contentChanged && a.showDiff !== false && isText(wanted) && (current === undefined || isText(current))) {
    change.diff = unifiedDiff(current?.toString('utf8') ?? '', wanted.toString('utf8'), {
      oldLabel: existing ? a.path : '/dev/null',
      newLabel: a.path,
    });
  }
  return change;
}

/** Owner for a new file: undefined when neither id is wanted; -1 keeps the creator's. */
function ownerOf(uid: number | undefined, gid: number | undefined): FileOwner | undefined {
  return uid === undefined && gid === undefined ? undefined : { uid: uid ?? -1, gid: gid ?? -1 };
}

/** Mode and owner of something that exists already (chown first: it clears set-id bits). */
async function setMeta(path: string, mode: number, uid: number | undefined, gid: number | undefined): Promise<void> {
  if (uid !== undefined || gid !== undefined) await fsp.lchown(path, uid ?? -1, gid ?? -1);
  await fsp.chmod(path, mode);
}

/** New content goes in with its mode and owner already set, so the file never exists with wrong ones. */
export async function applyFile(a: WriteFileAction, c: FileChange): Promise<void> {
  if (!c.contentChanged) return setMeta(c.diskPath, c.mode, c.uid, c.gid);
  if (a.backup && c.existing && c.current !== undefined) {
    const { mode, uid, gid } = c.existing;
    await atomicWriteFile(c.diskPath + a.backup, c.current, { mode, owner: { uid, gid }, fsync: true });
  }
  await atomicWriteFile(c.diskPath, c.wanted, { mode: c.mode, owner: ownerOf(c.uid, c.gid), fsync: true });
}

// ------------------------------------------------------------- directories

export interface DirectoryChange {
  diskPath: string;
  existing: FileInfo | undefined;
  mode: number;
  uid: number | undefined;
  gid: number | undefined;
  changes: string[];
}

export async function inspectDirectory(a: DirectoryAction, root: string, owners: OwnerResolver): Promise<DirectoryChange> {
  checkMode(a.mode, a.path);
  const diskPath = hostPath(root, a.path);
  const existing = await lstatOrUndefined(diskPath);
  if (existing && existing.kind !== 'directory') throw new Error(`${a.path} exists and is a ${existing.kind}, not a directory`);
  const mode = a.mode ?? existing?.mode ?? DEFAULT_DIR_MODE;
  const { uid, gid } = ids(a, existing, owners);
  const changes = existing ? metaChanges(existing, mode, uid, gid) : [`new directory, mode ${octal(mode)}`];
  return { diskPath, existing, mode, uid, gid, changes };
}

export async function applyDirectory(c: DirectoryChange): Promise<void> {
  if (!c.existing) await fsp.mkdir(c.diskPath, { recursive: true, mode: c.mode & 0o777 });
  await setMeta(c.diskPath, c.mode, c.uid, c.gid);
}

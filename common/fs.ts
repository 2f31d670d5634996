/**
 * File-system helpers shared by every part: atomic writes (readers never see
 * half a file) and write-only-on-change (so that unchanged outputs keep their
 * mtime and nothing downstream is triggered needlessly).
 */
import { promises as fsp, writeSync, renameSync, readFileSync, unlinkSync, mkdirSync, fsyncSync, openSync, closeSync, fchmodSync, fchownSync, fstatSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

let counter = 0;

function tempName(path: string): string {
  counter = (counter + 1) % 1_000_000;
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter}`);
}

/** Numeric owner of a file; -1 leaves that id as the creating process made it (as chown(2)). */
export interface FileOwner {
  uid: number;
  gid: number;
}

export interface WriteOptions {
  /**
   * Exact mode of the file, special bits included: set with chmod on the
   * temporary file, so the umask does not narrow it. Absent: 0o644 narrowed
   * by the umask, as any new file.
   */
  mode?: number;
  /** Owner given to the temporary file (chown needs root for another user). */
  owner?: FileOwner;
  /** fsync the data before the rename (default false: outputs are reproducible). */
  fsync?: boolean;
  /** Create the parent directory if missing (default true). */
  mkdir?: boolean;
}

const CREATE_MODE = 0o644;

/** Permission bits the temporary file is created with: never wider than wanted (umask narrows them further). */
function createMode(opts: WriteOptions): number {
  return (opts.mode ?? CREATE_MODE) & 0o777;
}

/** Names tried before giving up when temporary names are taken (left over by a crashed process, or planted). */
const TEMP_ATTEMPTS = 20;

const taken = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'EEXIST';

/** A new temporary file beside `path`, created exclusively: an existing name (even a symlink) is never opened. */
async function createTemp(path: string, mode: number): Promise<{ tmp: string; fh: fsp.FileHandle }> {
  for (let attempt = 1; ; attempt++) {
    const tmp = tempName(path);
    try {
      return { tmp, fh: await fsp.open(tmp, 'wx', mode) };
    } catch (e) {
      if (!taken(e) || attempt === TEMP_ATTEMPTS) throw e;
    }
  }
}

function createTempSync(path: string, mode: number): { tmp: string; fd: number } {
  for (let attempt = 1; ; attempt++) {
    const tmp = tempName(path);
    try {
      return { tmp, fd: openSync(tmp, 'wx', mode) };
    } catch (e) {
      if (!taken(e) || attempt === TEMP_ATTEMPTS) throw e;
    }
  }
}

/**
 * Write a file atomically: write a temporary file beside it, give it its
 * owner and mode, then rename it over the target -- so the target never
 * exists with the wrong content, owner or mode. chown comes before chmod
 * because chown clears the set-user/group-id bits.
 */
export async function atomicWriteFile(path: string, data: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
  if (opts.mkdir !== false) await fsp.mkdir(dirname(path), { recursive: true });
  const { tmp, fh } = await createTemp(path, createMode(opts));
  try {
    try {
      await fh.writeFile(data);
      if (opts.owner !== undefined) await fh.chown(opts.owner.uid, opts.owner.gid);
      if (opts.mode !== undefined) await fh.chmod(opts.mode);
      if (opts.fsync) await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** Synchronous variant of atomicWriteFile. */
export function atomicWriteFileSync(path: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  writeAtomicSync(path, data, opts);
}

/** atomicWriteFileSync, returning the file's modification time (the rename keeps it). */
function writeAtomicSync(path: string, data: string | Uint8Array, opts: WriteOptions): number {
  if (opts.mkdir !== false) mkdirSync(dirname(path), { recursive: true });
  const { tmp, fd } = createTempSync(path, createMode(opts));
  try {
    let mtimeMs: number;
    try {
      writeAllSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      if (opts.owner !== undefined) fchownSync(fd, opts.owner.uid, opts.owner.gid);
      if (opts.mode !== undefined) fchmodSync(fd, opts.mode);
      if (opts.fsync) fsyncSync(fd);
      mtimeMs = fstatSync(fd).mtimeMs;
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return mtimeMs;
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
}

function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Read a file, or undefined when it does not exist. */
export function readFileIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Atomically write `data` unless the file already holds exactly that; returns true when written. */
export function writeIfChangedSync(path: string, data: string | Uint8Array, opts: WriteOptions = {}): boolean {
  return writeIfChangedSyncStat(path, data, opts).changed;
}

/**
 * writeIfChangedSync, also giving the file's modification time afterwards,
 * taken from the open file (read or written): no second lookup.
 */
export function writeIfChangedSyncStat(path: string, data: string | Uint8Array, opts: WriteOptions = {}): { changed: boolean; mtimeMs: number } {
  const next = typeof data === 'string' ? Buffer.from(data) : data;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (fd !== undefined) {
    try {
      const { mtimeMs } = fstatSync(fd);
      if (Buffer.compare(readFileSync(fd), next) === 0) return { changed: false, mtimeMs };
    } catch (e) {
      // Reading through the descriptor gives errors without the path (EISDIR): say which file.
      const err = e as NodeJS.ErrnoException;
      err.path ??= path;
      throw err;
    } finally {
      closeSync(fd);
    }
  }
  return { changed: true, mtimeMs: writeAtomicSync(path, next, opts) };
}

/** Temporary name of a symlink being replaced (one per process: made and renamed at once). */
function tempLinkName(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
}

/**
 * Point the symlink `path` at `target` atomically: a new link beside it,
 * renamed over it, so the path is never missing or half-made.
 */
export async function atomicSymlink(target: string, path: string): Promise<void> {
  const tmp = tempLinkName(path);
  await fsp.rm(tmp, { force: true });
  await fsp.symlink(target, tmp);
  try {
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** Synchronous variant of atomicSymlink. */
export function atomicSymlinkSync(target: string, path: string): void {
  const tmp = tempLinkName(path);
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

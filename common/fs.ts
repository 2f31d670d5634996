/**
 * File-system helpers shared by every part: atomic writes (readers never see
 * half a file) and write-only-on-change (so that unchanged outputs keep their
 * mtime and nothing downstream is triggered needlessly).
 */
import { promises as fsp, writeFileSync, renameSync, readFileSync, unlinkSync, mkdirSync, fsyncSync, openSync, closeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

let counter = 0;

function tempName(path: string): string {
  counter = (counter + 1) % 1_000_000;
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter}`);
}

export interface WriteOptions {
  /** File mode for a new file (default 0o644). */
  mode?: number;
  /** fsync the data before the rename (default false: outputs are reproducible). */
  fsync?: boolean;
  /** Create the parent directory if missing (default true). */
  mkdir?: boolean;
}

/** Write a file atomically: write a temporary file beside it, then rename over the target. */
export async function atomicWriteFile(path: string, data: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
  if (opts.mkdir !== false) await fsp.mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    const fh = await fsp.open(tmp, 'w', opts.mode ?? 0o644);
    try {
      await fh.writeFile(data);
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
  if (opts.mkdir !== false) mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, data, { mode: opts.mode ?? 0o644 });
    if (opts.fsync) {
      const fd = openSync(tmp, 'r+');
      try { fsyncSync(fd); } finally { closeSync(fd); }
    }
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
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
  const current = readFileIfExists(path);
  const next = typeof data === 'string' ? Buffer.from(data) : data;
  if (current !== undefined && Buffer.compare(current, next) === 0) return false;
  atomicWriteFileSync(path, next, opts);
  return true;
}

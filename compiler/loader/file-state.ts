/**
 * File and directory states as the build cache compares them: a stamp
 * (size, modification time, inode) that is cheap to take, and a content hash
 * for when the stamp changed. A stamp taken within RACY_MS of its own
 * modification time proves nothing (the file may change again within the
 * same clock tick), so such stamps are never trusted.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** A stamp as one comparable string (`size:mtimeMs:ino`). */
export function stampKey(s: FileStamp | null): string | null {
  return s === null ? null : `${s.size}:${s.mtimeMs}:${s.ino}`;
}

/** A directory's stamp; null when it does not exist (or is not a directory). */
export type DirStamp = FileStamp | null;

/** Modification times this close to when they were seen are not trusted. */
export const RACY_MS = 2_000;

export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The bytes of `path` if it still has content hash `hash`; undefined when it changed or cannot be read. */
export function readIfHash(path: string, hash: string): Buffer | undefined {
  try {
    const bytes = readFileSync(path);
    return contentHash(bytes) === hash ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** Stamp of a regular file, null when there is none at `path`. */
export function fileStamp(path: string): FileStamp | null {
  let s;
  try {
    s = statSync(path, { throwIfNoEntry: false });
  } catch {
    return null; // a path component is a file (ENOTDIR), or unreadable: not a template either way
  }
  if (s === undefined || !s.isFile()) return null;
  // mtimeMs keeps sub-microsecond precision (a double), plenty next to RACY_MS.
  return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
}

export function dirStamp(dir: string): DirStamp {
  let s;
  try {
    s = statSync(dir, { throwIfNoEntry: false });
  } catch {
    return null; // a path component is a file (ENOTDIR)
  }
  if (s === undefined || !s.isDirectory()) return null;
  return { size: 0, mtimeMs: s.mtimeMs, ino: s.ino };
}

/** Whether a stamp seen at `seenAtMs` still proves the content when it is unchanged. */
export function trustworthy(stamp: FileStamp | null, seenAtMs: number): boolean {
  return stamp === null || stamp.mtimeMs < seenAtMs - RACY_MS;
}

/**
 * Output files written and hashed by a helper thread while the thread that
 * compiles goes on with the next profile. Hashing (SHA-256 of ~150 KB) and
 * writing a profile cost about a sixth of compiling it; a build compiling in
 * one thread (the main one) has the second core for them. The compiling
 * thread formats the bytes and hands them over: copied once out of the
 * formatter's reused buffer into one that is transferred, not cloned.
 */
import type { Worker } from 'node:worker_threads';
import { writeIfChangedSyncStat } from '../../common/fs.js';
import { contentHash } from '../loader/file-state.js';
import { spawnThread } from './thread-script.js';

/** A file to write, as sent to the thread. */
export interface FileWrite {
  readonly id: number;
  readonly path: string;
  readonly bytes: ArrayBuffer;
}

/** What became of a file. */
export interface WrittenFile {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Whether it was written (its content changed). */
  readonly changed: boolean;
}

/** Write `bytes` at `path` unless the file holds them already, and hash them (here, or in the writer thread). */
export function writeOutputFile(path: string, bytes: Uint8Array): WrittenFile {
  const { changed, mtimeMs } = writeIfChangedSyncStat(path, bytes);
  return { sha256: contentHash(bytes), size: bytes.length, mtimeMs, changed };
}

/** A failure as the thread saw it (the fields of a Node.js system error). */
export interface WriteFailure {
  readonly message: string;
  readonly code?: string;
  readonly syscall?: string;
  readonly path?: string;
}

export type WriteOutcome =
  | { readonly id: number; readonly written: WrittenFile; readonly failed?: undefined }
  | { readonly id: number; readonly failed: WriteFailure; readonly written?: undefined };

interface Waiting {
  resolve(w: WrittenFile): void;
  reject(e: Error): void;
}

/**
 * Files sent and not yet written beyond which caughtUp() makes the caller
 * wait (a slow output file system must not let formatted files pile up in
 * memory).
 */
const MAX_PENDING = 64;

export class OutputWriter {
  private readonly thread: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private lost: Error | undefined;
  private onSettled: (() => void) | undefined;

  constructor() {
    this.thread = spawnThread('output-writer-thread', undefined);
    this.thread.on('message', (m: WriteOutcome) => this.settle(m));
    this.thread.on('error', (e) => this.fail(new Error(`the output writer thread failed: ${e.message}`)));
    this.thread.on('exit', () => this.fail(new Error('the output writer thread stopped')));
  }

  /** Settles once at most MAX_PENDING files wait to be written. */
  async caughtUp(): Promise<void> {
    while (this.waiting.size > MAX_PENDING) {
      await new Promise<void>((resolve) => { this.onSettled = resolve; });
    }
  }

  /** Write `bytes` (copied first: the caller may reuse its buffer) at `path` unless it holds them already. */
  write(path: string, bytes: Uint8Array): Promise<WrittenFile> {
    if (this.lost !== undefined) return Promise.reject(this.lost);
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    const id = this.nextId++;
    const done = new Promise<WrittenFile>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.thread.postMessage({ id, path, bytes: copy } satisfies FileWrite, [copy]);
    return done;
  }

  /** Stop the thread (once every write has settled: a write still pending would fail). */
  async close(): Promise<void> {
    this.lost ??= new Error('the output writer is closed');
    await this.thread.terminate();
  }

  private settle(m: WriteOutcome): void {
    const w = this.waiting.get(m.id);
    if (w === undefined) return;
    this.waiting.delete(m.id);
    this.wake();
    if (m.written !== undefined) w.resolve(m.written);
    else w.reject(Object.assign(new Error(m.failed.message), m.failed));
  }

  private fail(e: Error): void {
    this.lost ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
    this.wake();
  }

  private wake(): void {
    const wake = this.onSettled;
    this.onSettled = undefined;
    wake?.();
  }
}

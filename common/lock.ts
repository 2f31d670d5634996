/**
 * Lock files keeping two runs apart: agent runs, profile fetches, aii runs,
 * builds sharing a cache. A lock holds its owner's pid and process start
 * time; a lock whose owner is gone (or whose pid was reused) is stale and is
 * broken, under a short-lived guard file so that two waiters cannot both
 * break it and both proceed.
 *
 * The file operations are synchronous (a few tiny calls): the build cache
 * locks from synchronous code; the others wait for a holder asynchronously.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';

export class LockBusyError extends Error {
  override name = 'LockBusyError';
}

/** The kernel's start time of a process (field 22 of /proc/PID/stat), or undefined if it is gone. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function myStamp(): string {
  return `${process.pid} ${startTime(process.pid) ?? '?'}\n`;
}

/** A stamp without a start time (written by hand, or by an older panfab) is alive while its pid is. */
function holderAlive(stamp: string): boolean {
  const [pid, start] = stamp.trim().split(' ');
  if (!pid || !/^\d+$/.test(pid)) return false;
  const now = startTime(Number(pid));
  return now !== undefined && (start === undefined || start === '?' || now === start);
}

interface Held {
  readonly stamp: string;
  readonly ageMs: number;
}

function readStamp(path: string): Held | undefined {
  try {
    const stamp = readFileSync(path, 'utf8');
    return { stamp, ageMs: Date.now() - statSync(path).mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`${path}: cannot create the lock (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** An empty lock younger than this is being written, not stale. */
const FRESH_MS = 5000;

function isStale(held: Held): boolean {
  if (held.stamp === '') return held.ageMs > FRESH_MS;
  return !holderAlive(held.stamp);
}

/** Remove a stale lock, unless someone else got there first. */
function breakStale(path: string, stale: string): void {
  const guard = `${path}.break`;
  if (!createExclusive(guard, myStamp())) {
    const g = readStamp(guard);
    if (g && isStale(g)) rmSync(guard, { force: true });
    return;
  }
  try {
    if (readStamp(path)?.stamp === stale) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

export class Lock {
  private released = false;
  constructor(readonly path: string, private readonly stamp: string) {}

  /** Remove the lock file, unless it is no longer ours. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (readStamp(this.path)?.stamp === this.stamp) rmSync(this.path, { force: true });
  }
}

/** Take the lock now (breaking a stale one), or return the pid of its live holder. */
export function tryLock(path: string): Lock | { readonly holderPid: string } {
  const stamp = myStamp();
  let holderPid = '?';
  // A few rounds: the lock may be released, or broken by another waiter, in between.
  for (let round = 0; round < 5; round++) {
    if (createExclusive(path, stamp)) return new Lock(path, stamp);
    const held = readStamp(path);
    if (held === undefined) continue;
    holderPid = held.stamp.trim().split(' ')[0] || '?';
    if (!isStale(held)) break;
    breakStale(path, held.stamp);
  }
  return { holderPid };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Take the lock at `path`, waiting up to `waitSeconds` for its holder.
 * `what` names the activity for the error message ("a fetch").
 */
export async function acquireLock(path: string, what: string, waitSeconds = 0): Promise<Lock> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    const got = tryLock(path);
    if (got instanceof Lock) return got;
    if (Date.now() >= deadline) throw new LockBusyError(`${what} is already running (pid ${got.holderPid}, lock ${path})`);
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
  }
}

/** Run `body` holding the lock at `path` (see acquireLock). */
export async function withLock<T>(path: string, what: string, body: () => Promise<T>, waitSeconds = 0): Promise<T> {
  const lock = await acquireLock(path, what, waitSeconds);
  try {
    return await body();
  } finally {
    lock.release();
  }
}

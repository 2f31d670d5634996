/**
 * Lock files keeping two fetches (or two agent runs) apart. The lock holds
 * the owner's pid and process start time; a lock whose owner is gone (or
 * whose pid was reused) is stale and is broken, under a short-lived guard
 * file so that two waiters cannot both break it and both proceed.
 */
import { promises as fsp, readFileSync } from 'node:fs';

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

function holderAlive(stamp: string): boolean {
  const [pid, start] = stamp.trim().split(' ');
  if (!pid || !/^\d+$/.test(pid)) return false;
  const now = startTime(Number(pid));
  return now !== undefined && (start === '?' || now === start);
}

async function readStamp(path: string): Promise<{ stamp: string; ageMs: number } | undefined> {
  try {
    const [stamp, st] = await Promise.all([fsp.readFile(path, 'utf8'), fsp.stat(path)]);
    return { stamp, ageMs: Date.now() - st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  try {
    const fh = await fsp.open(path, 'wx', 0o644);
    try {
      await fh.writeFile(content);
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** An empty lock younger than this is being written, not stale. */
const FRESH_MS = 5000;

function isStale(held: { stamp: string; ageMs: number }): boolean {
  if (held.stamp === '') return held.ageMs > FRESH_MS;
  return !holderAlive(held.stamp);
}

/** Remove a stale lock, unless someone else got there first. */
async function breakStale(path: string, stale: string): Promise<void> {
  const guard = `${path}.break`;
  if (!(await createExclusive(guard, myStamp()))) {
    const g = await readStamp(guard);
    if (g && isStale(g)) await fsp.rm(guard, { force: true });
    return;
  }
  try {
    const again = await readStamp(path);
    if (again && again.stamp === stale) await fsp.rm(path, { force: true });
  } finally {
    await fsp.rm(guard, { force: true });
  }
}

export class Lock {
  private released = false;
  constructor(readonly path: string, private readonly stamp: string) {}

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const held = await readStamp(this.path);
    if (held?.stamp === this.stamp) await fsp.rm(this.path, { force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Take the lock at `path`, waiting up to `waitSeconds` for its holder.
 * `what` names the activity for the error message ("a fetch").
 */
export async function acquireLock(path: string, what: string, waitSeconds = 0): Promise<Lock> {
  const deadline = Date.now() + waitSeconds * 1000;
  const stamp = myStamp();
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    if (await createExclusive(path, stamp)) return new Lock(path, stamp);
    const held = await readStamp(path);
    if (held === undefined) continue;
    if (isStale(held)) {
      await breakStale(path, held.stamp);
      continue;
    }
    if (Date.now() >= deadline) {
      const pid = held.stamp.trim().split(' ')[0] || '?';
      throw new LockBusyError(`${what} is already running (pid ${pid}, lock ${path})`);
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
  }
}

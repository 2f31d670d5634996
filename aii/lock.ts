/**
 * One changing run at a time: two runs that rewrote dhcpd.conf together
 * would lose each other's entries. The lock is a file holding the owner's
 * pid, created exclusively; a lock left by a process that is gone is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { AiiError } from './errors.js';

export class LockBusyError extends AiiError {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AiiError(`${path}: cannot create the lock (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Run `body` holding the lock at `path`; fails at once if a live process holds it. */
export async function withLock<T>(path: string, body: () => Promise<T>): Promise<T> {
  if (!tryCreate(path)) {
    const owner = Number(readFileSafe(path).trim());
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
      throw new LockBusyError(`another panfab aii run (pid ${owner}) holds ${path}; try again when it has finished`);
    }
    rmSync(path, { force: true }); // left by a run that died
    if (!tryCreate(path)) throw new LockBusyError(`another panfab aii run just took ${path}; try again`);
  }
  try {
    return await body();
  } finally {
    rmSync(path, { force: true });
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function lockPath(dhcpdConf: string): string {
  return `${dhcpdConf}.panfab-lock`;
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { acquireLock, Lock, LockBusyError, tryLock, withLock } from './lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('locks', () => {
  it('keeps a second holder out, and lets it in once released', async () => {
    const path = join(dir, 'x.lock');
    const a = await acquireLock(path, 'a fetch');
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+\\n$`));
    await expect(acquireLock(path, 'a fetch')).rejects.toThrow(new LockBusyError(`a fetch is already running (pid ${process.pid}, lock ${path})`));
    await a.release();
    expect(existsSync(path)).toBe(false);
    const b = await acquireLock(path, 'a fetch');
    await b.release();
  });

  it('waits up to lockWait for the holder', async () => {
    const path = join(dir, 'x.lock');
    const a = await acquireLock(path, 'a run');
    setTimeout(() => void a.release(), 300);
    const t0 = Date.now();
    const b = await acquireLock(path, 'a run', 5);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    await b.release();
  });

  it('breaks the lock of a process that is gone, or whose pid was reused', async () => {
    const path = join(dir, 'x.lock');
    const child = spawn('true');
    await new Promise((r) => child.once('exit', r));
    writeFileSync(path, `${child.pid} 12345\n`);
    (await acquireLock(path, 'a run')).release();
    // Our own pid, but another start time: a reused pid.
    writeFileSync(path, `${process.pid} 1\n`);
    const l = await acquireLock(path, 'a run');
    expect(readFileSync(path, 'utf8')).not.toBe(`${process.pid} 1\n`);
    await l.release();
  });

  it('release leaves a lock that is no longer its own alone', async () => {
    const path = join(dir, 'x.lock');
    const a = await acquireLock(path, 'a run');
    writeFileSync(path, 'someone else\n');
    await a.release();
    expect(readFileSync(path, 'utf8')).toBe('someone else\n');
  });
});

describe('tryLock and withLock', () => {
  it('tryLock names the live holder, and takes over a lock whose stamp has no start time once its pid is gone', () => {
    const path = join(dir, 'x.lock');
    writeFileSync(path, `${process.ppid}\n`); // a live process, stamp without start time
    expect(tryLock(path)).toEqual({ holderPid: String(process.ppid) });
    writeFileSync(path, '2147483646\n'); // no such process
    const l = tryLock(path);
    expect(l).toBeInstanceOf(Lock);
    (l as Lock).release();
    expect(existsSync(path)).toBe(false);
  });

  it('withLock releases the lock when the body fails', async () => {
    const path = join(dir, 'x.lock');
    await expect(withLock(path, 'a run', () => Promise.reject(new Error('body failed')))).rejects.toThrow('body failed');
    expect(existsSync(path)).toBe(false);
  });
});

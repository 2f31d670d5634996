/**
 * The command line's side of the compile server (server.ts): find the server
 * of a build cache, start it when there is none (detached, its output in
 * CACHE/server.log), send it the build and give back its result as runBuild()
 * would. Throws when the server cannot be used (the caller then builds in
 * its own process).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, BuildResult } from './api.js';
import { panErrorOf } from './error-data.js';
import { compilerStamp } from './fingerprint.js';
import { BuildProgress } from './progress.js';
import { SERVER_LOG, exchange, socketPath, unpackMessages, type ServerReply } from './server-protocol.js';

const START_TIMEOUT_MS = 30_000;
const here = fileURLToPath(import.meta.url);

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The server's pid when one answers on `path`. */
export async function ping(path: string): Promise<number | undefined> {
  if (!existsSync(path)) return undefined;
  let pid: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      exchange(path, { type: 'ping' }, (r) => { if (r.type === 'pong') pid = r.pid; return true; }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('no answer')), 5_000); }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
  return pid;
}

/** Largest server log kept as it is: a larger one becomes server.log.1 when a server starts. */
const MAX_LOG_BYTES = 1 << 20;

/**
 * Start the server process, detached (from TypeScript sources in tests,
 * through the loader hooks). `logFrom`: where its part of the log starts
 * (the log keeps earlier servers' lines).
 */
function spawnServer(cacheDir: string): { child: ChildProcess; logFrom: number } {
  mkdirSync(cacheDir, { recursive: true });
  const logPath = join(cacheDir, SERVER_LOG);
  let logFrom = existsSync(logPath) ? statSync(logPath).size : 0;
  if (logFrom > MAX_LOG_BYTES) {
    renameSync(logPath, `${logPath}.1`);
    logFrom = 0;
  }
  const log = openSync(logPath, 'a');
  try {
    const args = here.endsWith('.ts')
      ? ['--import', join(dirname(here), '..', '..', 'test', 'conformance', 'ts-register.mjs'), join(dirname(here), 'server-main.ts')]
      : [join(dirname(here), 'server-main.js')];
    const child = spawn(process.execPath, [...args, cacheDir], { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    return { child, logFrom };
  } finally {
    closeSync(log);
  }
}

/** Why the server started at `logFrom` of its log stopped: its error line, else its last line. */
function lastLogLine(cacheDir: string, logFrom: number): string {
  try {
    const lines = readFileSync(join(cacheDir, SERVER_LOG)).subarray(logFrom).toString('utf8').trim().split('\n');
    return lines.find((l) => /Error|error:/.test(l)) ?? lines[lines.length - 1] ?? '';
  } catch {
    return '';
  }
}

async function ensureServer(cacheDir: string, path: string, onStart: () => void): Promise<void> {
  if ((await ping(path)) !== undefined) return;
  onStart();
  const { child, logFrom } = spawnServer(cacheDir);
  let exited = false;
  child.once('exit', () => { exited = true; });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    await sleep(25);
    if ((await ping(path)) !== undefined) return;
    if (exited) throw new Error(`it stopped at start: ${lastLogLine(cacheDir, logFrom)} (${join(cacheDir, SERVER_LOG)})`);
  }
  throw new Error(`it did not start (see ${join(cacheDir, SERVER_LOG)})`);
}

async function gone(path: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (await ping(path)) !== undefined) await sleep(25);
}

/** Options as the server needs them: paths absolute (it does not share our working directory). */
function absolute(options: BuildOptions): BuildOptions {
  return {
    ...options,
    includePath: options.includePath.map((d) => resolve(d)),
    ...(options.outputDir !== undefined ? { outputDir: resolve(options.outputDir) } : {}),
    cacheDir: resolve(options.cacheDir as string),
    progress: false,
  };
}

/** What a build through the server tells its caller on the way (for a person at a terminal). */
export interface ServerEvents {
  /** No server was running: one is being started. */
  onStart?(): void;
  /** The server is busy with another build: this one waits for it. */
  onWait?(): void;
}

/** Build through the compile server of options.cacheDir (started if needed). */
export async function buildViaServer(files: readonly string[], options: BuildOptions, events: ServerEvents = {}): Promise<BuildResult> {
  if (options.cacheDir === undefined) throw new Error('--server needs --cache-dir');
  const cacheDir = resolve(options.cacheDir);
  const path = socketPath(cacheDir);
  const request = { type: 'build' as const, fingerprint: compilerStamp(), files: files.map((f) => resolve(f)), options: absolute(options) };
  for (let attempt = 0; attempt < 2; attempt++) {
    await ensureServer(cacheDir, path, () => events.onStart?.());
    let progress: BuildProgress | undefined;
    let outcome: ServerReply | undefined;
    await exchange(path, request, (r) => {
      if (r.type === 'waiting') {
        events.onWait?.();
        return false;
      }
      if (r.type === 'progress') {
        progress ??= new BuildProgress(r.total, options.progress ?? BuildProgress.enabledByDefault());
        progress.update(r.done, r.failed);
        return false;
      }
      outcome = r;
      return true;
    });
    progress?.finish();
    const r = outcome as ServerReply | undefined;
    if (r?.type === 'result') return { ...r.result, messages: unpackMessages(r.result.messages), errors: r.errors.map(panErrorOf) };
    if (r?.type === 'error') throw new Error(r.message);
    if (r?.type !== 'stale') throw new Error('unexpected answer');
    await gone(path); // it was built from another compiler version and stops: start ours
  }
  throw new Error('it runs another compiler version');
}

/** Stop the compile server of `cacheDir`; false when none was running. */
export async function stopServer(cacheDir: string): Promise<boolean> {
  const path = socketPath(resolve(cacheDir));
  if ((await ping(path)) === undefined) return false;
  await exchange(path, { type: 'stop' }, () => true);
  await gone(path);
  return true;
}

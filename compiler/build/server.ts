/**
 * The compile server (`--server`): a background process per build cache that
 * keeps a warm compile session between builds, so that a commit touching one
 * host recompiles it in a few tens of milliseconds instead of first loading
 * the parser and compiling the template library again. The command line
 * sends it the build (one JSON line over a Unix socket) and prints what comes
 * back, as if it had built itself. The server stops after an idle time
 * (PANFAB_SERVER_IDLE_SECONDS, default 900), on `--server-stop`, and when the
 * compiler was rebuilt (a client with another compiler fingerprint).
 *
 * The session kept is only reused for what it can prove unchanged
 * (JobRunner.refresh): any edit other than to object templates no other
 * object reads gives a fresh session.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { Lock, tryLock } from '../../common/lock.js';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { BuildOptions } from './api.js';
import { tuneEngineForBuilds } from './engine-flags.js';
import { errorData } from './error-data.js';
import { buildFingerprint, compilerStamp } from './fingerprint.js';
import { JobRunner, type RunnerSettings } from './job-runner.js';
import { SERVER_LOCK, lineSplitter, serverIdleSeconds, packMessages, socketPath, type ServerReply, type ServerRequest } from './server-protocol.js';

/** Longest wait for a reply to reach the client before the work kept for after it runs anyway. */
const FLUSH_WAIT_MS = 5_000;

function send(socket: Socket, reply: ServerReply): void {
  if (!socket.destroyed) socket.write(JSON.stringify(reply) + '\n');
}

/**
 * Send the last reply of a build and wait until the socket has taken all of
 * it: what comes next (saving the build state) is synchronous, and a reply
 * larger than the socket buffer would otherwise wait for it (at N=10000, a
 * third of a second).
 */
function sendLast(socket: Socket, reply: ServerReply): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FLUSH_WAIT_MS);
    socket.write(JSON.stringify(reply) + '\n', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Requests handled one at a time, in order. A build that comes while another
 * is queued or running is told so (the caller says it to the client at once).
 * A build run in worker threads leaves this thread free to hear of it; a
 * small build run here does not, and ends soon anyway.
 */
export class RequestQueue {
  private tail: Promise<void> = Promise.resolve();
  private builds = 0;

  constructor(private readonly onError: (e: unknown) => void) {}

  /** Queue `work`; for a build, whether it has to wait for another. */
  add(isBuild: boolean, work: () => Promise<void>): boolean {
    const waits = isBuild && this.builds > 0;
    if (isBuild) this.builds++;
    this.tail = this.tail.then(work).catch(this.onError).finally(() => {
      if (isBuild) this.builds--;
    });
    return waits;
  }
}

/** Runners kept warm, by build fingerprint (the last few option sets used). */
class WarmRunners {
  private readonly runners = new Map<string, JobRunner>();

  constructor(private readonly keep: number) {}

  provider(options: BuildOptions): (settings: RunnerSettings) => JobRunner {
    const key = buildFingerprint(options);
    return (settings) => {
      let runner = this.runners.get(key);
      if (runner === undefined) {
        runner = new JobRunner(settings);
      } else {
        this.runners.delete(key);
        runner.refresh(settings.seenAt, settings.onEntry);
      }
      this.runners.set(key, runner);
      while (this.runners.size > this.keep) this.runners.delete(this.runners.keys().next().value as string);
      return runner;
    };
  }
}

/** Run the server for `cacheDir` until it is stopped or idle. */
export async function serve(cacheDir: string): Promise<void> {
  tuneEngineForBuilds();
  const { loadParser } = await import('../loader/template-parser.js');
  const { runBuild } = await import('./driver.js');
  const { BuildCache } = await import('./build-cache.js');
  BuildCache.keepInMemory = true;
  await loadParser();
  const path = socketPath(cacheDir);
  const idleMs = serverIdleSeconds() * 1000;
  const runners = new WarmRunners(2);
  const fingerprint = compilerStamp();
  const queue = new RequestQueue((e) => {
    process.stderr.write(`panfab compile server: ${e instanceof Error ? e.message : String(e)}\n`); // to server.log
  });
  let idle: NodeJS.Timeout | undefined;
  let lock: Lock | undefined;

  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.on('error', () => undefined); // a client gone away
    socket.on('data', lineSplitter((line) => {
      const request = JSON.parse(line) as ServerRequest;
      // A ping is answered at once, even during a build (a client checks that the server is up).
      if (request.type === 'ping') return send(socket, { type: 'pong', pid: process.pid });
      // Said at once, so that a person at a terminal knows why nothing happens yet.
      if (queue.add(request.type === 'build', () => handle(request, socket))) send(socket, { type: 'waiting' });
    }));
  });

  const stop = (): void => {
    if (idle !== undefined) clearTimeout(idle);
    server.close();
    rmSync(path, { force: true });
    rmSync(join(cacheDir, 'server.pid'), { force: true });
    lock?.release();
  };
  const touch = (): void => {
    if (idle !== undefined) clearTimeout(idle);
    idle = setTimeout(stop, idleMs);
    idle.unref();
  };

  async function handle(request: Exclude<ServerRequest, { type: 'ping' }>, socket: Socket): Promise<void> {
    touch();
    if (request.type === 'stop') {
      send(socket, { type: 'stopped' });
      return stop();
    }
    if (request.fingerprint !== fingerprint) {
      send(socket, { type: 'stale' });
      return stop();
    }
    const afterReply: (() => void)[] = [];
    try {
      let last = 0;
      const result = await runBuild(request.files, request.options, {
        afterReport: (work) => afterReply.push(work),
        runner: runners.provider(request.options),
        onTick: (done, total, failed) => {
          const now = Date.now();
          if (now - last >= 100 || done === total) send(socket, { type: 'progress', done, total, failed });
          last = now;
        },
      });
      const { errors, messages, ...rest } = result;
      await sendLast(socket, { type: 'result', result: { ...rest, messages: packMessages(messages) }, errors: errors.map(errorData) });
    } catch (e) {
      await sendLast(socket, { type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
    for (const work of afterReply) {
      try {
        work();
      } catch (e) {
        process.stderr.write(`panfab compile server: ${e instanceof Error ? e.message : String(e)}\n`); // to server.log
      }
    }
  }

  // One server per cache: two clients may start one each at the same moment,
  // and the second must not take the socket over (its clients and the first's
  // would then build apart). The lock of a server that died is stale, and broken.
  const held = tryLock(join(cacheDir, SERVER_LOCK));
  if (!(held instanceof Lock)) return;
  lock = held;
  rmSync(path, { force: true }); // left by a server that died
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  writeFileSync(join(cacheDir, 'server.pid'), `${process.pid}\n`);
  touch();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, stop);
}

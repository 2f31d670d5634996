/**
 * The compile server's protocol (server.ts): one JSON request per connection,
 * JSON lines back. Kept apart from the server so that the command line loads
 * only this to talk to it.
 */
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash } from '../loader/file-state.js';
import type { BuildMessage, BuildOptions, BuildResult } from './api.js';
import type { ErrorData } from './error-data.js';
import { IndexTable } from './index-table.js';

export type ServerRequest =
  | { readonly type: 'build'; readonly fingerprint: string; readonly files: readonly string[]; readonly options: BuildOptions }
  | { readonly type: 'stop' }
  | { readonly type: 'ping' };

export type ServerReply =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly failed: number }
  /** The server is busy with another build; this one comes after it. */
  | { readonly type: 'waiting' }
  | { readonly type: 'result'; readonly result: Omit<BuildResult, 'errors' | 'messages'> & { readonly messages: PackedMessages }; readonly errors: readonly ErrorData[] }
  | { readonly type: 'stale' }
  | { readonly type: 'stopped' }
  | { readonly type: 'pong'; readonly pid: number }
  | { readonly type: 'error'; readonly message: string };

/** Unix socket paths are short (108 bytes): a long cache path gets one in a private directory. */
export function socketPath(cacheDir: string): string {
  const inCache = join(cacheDir, 'server.sock');
  if (Buffer.byteLength(inCache) < 100) return inCache;
  const dir = join(tmpdir(), `panfab-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, `server-${contentHash(cacheDir).slice(0, 16)}.sock`);
}

export const SERVER_LOG = 'server.log';

/** How long a server waits for a build before it stops (PANFAB_SERVER_IDLE_SECONDS; it inherits the environment of the client that started it). */
export function serverIdleSeconds(env: NodeJS.ProcessEnv = process.env): number {
  return Number(env.PANFAB_SERVER_IDLE_SECONDS ?? 900);
}

/** Held by the running server of a cache (common/lock.ts). */
export const SERVER_LOCK = 'server.lock';

/**
 * A build's messages on the wire: each distinct line once, then for each
 * message its stream and line (`refs`: line index * 3 + stream). The
 * profiles of a site print the same warnings: at N=10000, 60,000 messages
 * made a reply of 11.6 MB.
 */
export interface PackedMessages {
  readonly texts: readonly string[];
  readonly refs: readonly number[];
}

const STREAMS: readonly BuildMessage['stream'][] = ['warning', 'debug', 'error'];

export function packMessages(messages: readonly BuildMessage[]): PackedMessages {
  const texts = new IndexTable<string>();
  const refs = messages.map((m) => texts.id(m.text, () => m.text) * STREAMS.length + STREAMS.indexOf(m.stream));
  return { texts: texts.items, refs };
}

export function unpackMessages(packed: PackedMessages): BuildMessage[] {
  return packed.refs.map((ref) => ({
    stream: STREAMS[ref % STREAMS.length] as BuildMessage['stream'],
    text: packed.texts[Math.floor(ref / STREAMS.length)] as string,
  }));
}

/**
 * A handler of stream chunks calling `onLine` with each complete line. Only
 * the new chunk is searched for the end of a line: a result of megabytes
 * arrives in many chunks, and rescanning all of it for each is quadratic.
 */
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pending: string[] = [];
  return (chunk) => {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      pending.push(chunk.slice(start, nl));
      start = nl + 1;
      const line = pending.join('');
      pending = [];
      onLine(line);
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  };
}

/** Exchange one request for replies (each passed to `onReply`) until `done` says the last one came. */
export function exchange(path: string, request: ServerRequest, onReply: (r: ServerReply) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let finished = false;
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify(request) + '\n'));
    socket.on('data', lineSplitter((line) => {
      if (!finished && onReply(JSON.parse(line) as ServerReply)) {
        finished = true;
        // Not end(): the server may be busy with synchronous work (saving the
        // build state) and only answer the close after it, holding this process.
        socket.destroy();
        resolve();
      }
    }));
    socket.on('error', (e) => { if (!finished) { finished = true; reject(e); } });
    socket.on('close', () => { if (!finished) { finished = true; reject(new Error('the compile server closed the connection')); } });
  });
}


/**
 * TFTP read (RFC 1350) with option negotiation: blksize (RFC 2348), tsize and
 * timeout (RFC 2349). The transfer locks onto the server's transfer ID,
 * answers strangers with error 5, re-acknowledges duplicate blocks (never
 * retransmits on a duplicate: no Sorcerer's Apprentice), lets block numbers
 * roll over past 65535 for large initrds, and enforces a size limit both from
 * tsize and while receiving.
 */
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { PxebootError, messageOf } from './errors.js';
import { DEFAULT_BLKSIZE, MAX_BLKSIZE, MIN_BLKSIZE, TftpErrorCode, decodeTftp, encodeTftp, type TftpOptions, type TftpPacket } from './tftp-codec.js';
import { UdpEndpoint, type Datagram } from './udp.js';

/** 1500-byte Ethernet MTU minus IP (20), UDP (8) and TFTP (4) headers. */
export const ETHERNET_BLKSIZE = 1468;

export interface TftpGetOptions {
  server: string;
  port?: number;
  filename: string;
  /** Block size to ask for; 512 asks for none. */
  blksize?: number;
  retransmit: BackoffPolicy;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Receives the file block by block; without it the file is returned as `data`. */
  sink?: (chunk: Buffer) => Promise<void> | void;
  localAddress?: string;
  signal?: AbortSignal;
  onPacket?: (direction: 'sent' | 'received', data: Buffer) => void;
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
}

export interface TftpResult {
  size: number;
  /** The file, unless a sink took it. */
  data?: Buffer;
  blksize: number;
}

const ERROR_NAMES = ['error', 'file not found', 'access violation', 'disk full or allocation exceeded', 'illegal TFTP operation', 'unknown transfer ID', 'file already exists', 'no such user', 'option negotiation refused'];

/** The server answered with an ERROR packet. */
export class TftpErrorReply extends PxebootError {
  constructor(
    readonly server: string,
    readonly filename: string,
    readonly code: number,
    readonly serverMessage: string,
  ) {
    const name = ERROR_NAMES[code] ?? `error ${code}`;
    super(`TFTP ${server}: ${filename}: ${name}${serverMessage && serverMessage.toLowerCase() !== name ? ` (${serverMessage})` : ''}`);
    this.name = 'TftpErrorReply';
  }

  get notFound(): boolean {
    return this.code === TftpErrorCode.FILE_NOT_FOUND || this.code === TftpErrorCode.ACCESS_VIOLATION;
  }
}

interface Transfer {
  readonly opts: TftpGetOptions;
  readonly endpoint: UdpEndpoint;
  readonly requested: TftpOptions;
  tid: number | undefined;
  blksize: number;
  tsize: number | undefined;
  /** Next block number expected (mod 65536). */
  expected: number;
  received: number;
  chunks: Buffer[];
  /** Last packet sent and where, for retransmission. */
  last: Buffer;
  lastPort: number;
}

function requestOptions(opts: TftpGetOptions): TftpOptions {
  const options: TftpOptions = new Map();
  const blksize = opts.blksize ?? ETHERNET_BLKSIZE;
  if (blksize < MIN_BLKSIZE || blksize > MAX_BLKSIZE) throw new PxebootError(`TFTP block size ${blksize} is outside ${MIN_BLKSIZE}..${MAX_BLKSIZE}`);
  if (blksize !== DEFAULT_BLKSIZE) options.set('blksize', String(blksize));
  options.set('tsize', '0');
  return options;
}

function fail(t: Transfer, message: string): never {
  throw new PxebootError(`TFTP ${t.opts.server}: ${t.opts.filename}: ${message}`);
}

async function send(t: Transfer, packet: TftpPacket, port: number, remember = true): Promise<void> {
  const data = encodeTftp(packet);
  t.opts.onPacket?.('sent', data);
  if (remember) {
    t.last = data;
    t.lastPort = port;
  }
  await t.endpoint.send(data, port, t.opts.server);
}

/** Tell the server why we stop, best effort, then fail. */
async function abort(t: Transfer, code: number, message: string): Promise<never> {
  if (t.tid !== undefined) await send(t, { op: 'ERROR', code, message }, t.tid, false).catch(() => undefined);
  return fail(t, message);
}

function integerOption(t: Transfer, name: string, value: string): number {
  if (!/^\d{1,10}$/.test(value)) fail(t, `server sent ${name}=${JSON.stringify(value)}, not a number`);
  return Number(value);
}

/** Apply the server's OACK; anything it may not say (RFC 2347/2348/2349) ends the transfer. */
async function acceptOack(t: Transfer, options: TftpOptions): Promise<void> {
  for (const [name, value] of options) {
    if (!t.requested.has(name)) return abort(t, TftpErrorCode.OPTION_REFUSED, `server acknowledged option ${name}, which was not requested`);
    const n = integerOption(t, name, value);
    if (name === 'blksize') {
      if (n < MIN_BLKSIZE || n > Number(t.requested.get('blksize'))) return abort(t, TftpErrorCode.OPTION_REFUSED, `server chose blksize ${n}, outside ${MIN_BLKSIZE}..${t.requested.get('blksize')}`);
      t.blksize = n;
    } else if (name === 'tsize') {
      t.tsize = n;
      if (n > t.opts.maxBytes) return abort(t, TftpErrorCode.DISK_FULL, `file is ${n} bytes, more than the limit of ${t.opts.maxBytes}`);
    }
  }
}

async function onData(t: Transfer, block: number, data: Buffer): Promise<boolean> {
  if (block !== t.expected) {
    // A retransmitted block we already have: our ACK was lost, so repeat it.
    if (block === ((t.expected - 1) & 0xffff)) await send(t, { op: 'ACK', block }, t.tid as number);
    return false;
  }
  if (data.length > t.blksize) return abort(t, TftpErrorCode.ILLEGAL_OPERATION, `block ${block} carries ${data.length} bytes, more than the block size ${t.blksize}`);
  t.received += data.length;
  if (t.received > t.opts.maxBytes) return abort(t, TftpErrorCode.DISK_FULL, `file exceeds the limit of ${t.opts.maxBytes} bytes`);
  if (t.opts.sink) await t.opts.sink(data);
  else t.chunks.push(data);
  await send(t, { op: 'ACK', block }, t.tid as number);
  t.opts.onProgress?.(t.received, t.tsize);
  t.expected = (t.expected + 1) & 0xffff;
  return data.length < t.blksize;
}

/** Handle one datagram; true when the file is complete. */
async function onDatagram(t: Transfer, dgram: Datagram): Promise<boolean> {
  if (dgram.address !== t.opts.server) return false;
  if (t.tid !== undefined && dgram.port !== t.tid) {
    await send(t, { op: 'ERROR', code: TftpErrorCode.UNKNOWN_TID, message: 'Unknown transfer ID' }, dgram.port, false);
    return false;
  }
  t.opts.onPacket?.('received', dgram.data);
  let packet: TftpPacket;
  try {
    packet = decodeTftp(dgram.data);
  } catch (e) {
    return fail(t, messageOf(e));
  }
  const first = t.tid === undefined;
  t.tid = dgram.port;
  switch (packet.op) {
    case 'ERROR':
      throw new TftpErrorReply(t.opts.server, t.opts.filename, packet.code, packet.message);
    case 'OACK':
      if (first) await acceptOack(t, packet.options);
      // A repeated OACK means our ACK 0 was lost.
      if (t.expected === 1) await send(t, { op: 'ACK', block: 0 }, t.tid);
      return false;
    case 'DATA':
      return onData(t, packet.block, packet.data);
    default:
      return abort(t, TftpErrorCode.ILLEGAL_OPERATION, `unexpected ${packet.op} packet from the server`);
  }
}

async function transfer(endpoint: UdpEndpoint, opts: TftpGetOptions, requested: TftpOptions): Promise<TftpResult> {
  const t: Transfer = { opts, endpoint, requested, tid: undefined, blksize: DEFAULT_BLKSIZE, tsize: undefined, expected: 1, received: 0, chunks: [], last: Buffer.alloc(0), lastPort: 0 };
  await send(t, { op: 'RRQ', filename: opts.filename, mode: 'octet', options: requested }, opts.port ?? 69);
  let tries = 0;
  for (;;) {
    const deadline = Date.now() + backoffDelay(tries, opts.retransmit, () => 0.5);
    let dgram: Datagram | undefined;
    while ((dgram = await endpoint.receive(deadline, opts.signal))) {
      const progressBefore = t.received;
      if (await onDatagram(t, dgram)) return { size: t.received, blksize: t.blksize, ...(opts.sink ? {} : { data: Buffer.concat(t.chunks) }) };
      if (t.received !== progressBefore) tries = 0;
    }
    if (++tries >= opts.retransmit.attempts) {
      fail(t, t.tid === undefined ? `no answer after ${tries} attempts` : `transfer stalled after ${t.received} bytes (${tries} attempts)`);
    }
    await endpoint.send(t.last, t.lastPort, opts.server);
  }
}

/** Download `filename`; retried once without options when the server refuses them (RFC 2347 error 8). */
export async function tftpGet(opts: TftpGetOptions): Promise<TftpResult> {
  const endpoint = await UdpEndpoint.open([{ address: opts.localAddress ?? '0.0.0.0', port: 0 }]);
  try {
    try {
      return await transfer(endpoint, opts, requestOptions(opts));
    } catch (e) {
      if (!(e instanceof TftpErrorReply && e.code === TftpErrorCode.OPTION_REFUSED)) throw e;
    }
    const fresh = await UdpEndpoint.open([{ address: opts.localAddress ?? '0.0.0.0', port: 0 }]);
    try {
      return await transfer(fresh, opts, new Map());
    } finally {
      fresh.close();
    }
  } finally {
    endpoint.close();
  }
}

/**
 * A UDP endpoint with awaitable, deadline-bounded receive: the DHCP and TFTP
 * clients are written as straight-line request/answer loops on top of it.
 * It may hold several sockets (the DHCP client sends from one and listens on
 * another); everything received is queued in arrival order.
 */
import dgram from 'node:dgram';
import { PxebootError } from './errors.js';

export interface Datagram {
  data: Buffer;
  address: string;
  port: number;
}

export interface BindSpec {
  address: string;
  port: number;
  /** SO_REUSEADDR, so that a sender and a wildcard listener can share a port. */
  reuseAddr?: boolean;
  broadcast?: boolean;
}

/** Received datagrams kept at most; a flood beyond that is dropped rather than held in memory. */
const QUEUE_LIMIT = 1024;

function bindError(spec: BindSpec, e: NodeJS.ErrnoException): PxebootError {
  const where = `UDP ${spec.address}:${spec.port}`;
  switch (e.code) {
    case 'EACCES':
      return new PxebootError(`cannot bind ${where}: permission denied (ports below 1024 need root)`);
    case 'EADDRINUSE':
      return new PxebootError(`cannot bind ${where}: address in use`);
    case 'EADDRNOTAVAIL':
      return new PxebootError(`cannot bind ${where}: no such local address`);
    default:
      return new PxebootError(`cannot bind ${where}: ${e.message}`);
  }
}

function bindSocket(spec: BindSpec): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: spec.reuseAddr ?? false });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      socket.close();
      reject(bindError(spec, e));
    });
    socket.bind({ address: spec.address, port: spec.port }, () => {
      socket.removeAllListeners('error');
      if (spec.broadcast) socket.setBroadcast(true);
      resolve(socket);
    });
  });
}

export class UdpEndpoint {
  private readonly queue: Datagram[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private closed = false;

  private constructor(private readonly sockets: dgram.Socket[]) {
    for (const s of sockets) {
      s.on('message', (data, rinfo) => {
        if (this.queue.length < QUEUE_LIMIT) this.queue.push({ data, address: rinfo.address, port: rinfo.port });
        this.wake?.();
      });
      s.on('error', (e) => {
        this.failure = new PxebootError(`UDP socket error: ${e.message}`);
        this.wake?.();
      });
    }
  }

  /** Bind every spec; the first socket is the one `send` uses. */
  static async open(specs: BindSpec[]): Promise<UdpEndpoint> {
    const sockets: dgram.Socket[] = [];
    try {
      for (const spec of specs) sockets.push(await bindSocket(spec));
    } catch (e) {
      for (const s of sockets) s.close();
      throw e;
    }
    return new UdpEndpoint(sockets);
  }

  /** Local port of the sending socket. */
  get port(): number {
    return this.sockets[0].address().port;
  }

  send(data: Uint8Array, port: number, address: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sockets[0].send(data, port, address, (e) => {
        if (e) reject(new PxebootError(`cannot send to ${address}:${port}: ${e.message}`));
        else resolve();
      });
    });
  }

  /**
   * The next datagram, or undefined once `deadline` (a `Date.now()` value)
   * passes. Rejects with the signal's reason when it aborts.
   */
  receive(deadline: number, signal?: AbortSignal): Promise<Datagram | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.failure) return Promise.reject(this.failure);
    const queued = this.queue.shift();
    if (queued || this.closed) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wake = undefined;
      };
      const onAbort = (): void => {
        done();
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        done();
        resolve(undefined);
      }, Math.max(0, deadline - Date.now()));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => {
        done();
        if (this.failure) reject(this.failure);
        else resolve(this.queue.shift());
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sockets) s.close();
    this.wake?.();
  }
}

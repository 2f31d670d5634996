/**
 * One HTTP(S) GET of a profile: conditional (ETag, If-Modified-Since),
 * gzip, a deadline over connect and body, a size limit, CA verification and
 * client certificates, a few redirects. A body shorter than announced, or a
 * connection closed mid-body, is an error -- never a profile.
 */
import http from 'node:http';
import https from 'node:https';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);
const MAX_REDIRECTS = 5;

export interface HttpGetOptions {
  url: string;
  timeoutMs: number;
  maxSize: number;
  etag?: string;
  lastModified?: string;
  /** PEM contents. */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export type HttpGetResult =
  | { status: 'not-modified'; url: string }
  | { status: 'ok'; url: string; body: Buffer; etag?: string; lastModified?: string; compressed: boolean };

/** A failed download; `transient` failures are worth retrying later. */
export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(message: string, readonly transient: boolean) {
    super(message);
  }
}

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE', 'ENOTFOUND']);

function describeError(e: NodeJS.ErrnoException): DownloadError {
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') return new DownloadError('connection refused', true);
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
    return new DownloadError(`TLS: ${e.message}`, false);
  }
  return new DownloadError(e.message || code, TRANSIENT_CODES.has(code) || code === '');
}

function header(res: http.IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readBody(res: http.IncomingMessage, maxSize: number): Promise<Buffer> {
  const announced = header(res, 'content-length');
  if (announced !== undefined && Number(announced) > maxSize) throw new DownloadError(`profile too large (${announced} bytes, limit ${maxSize})`, false);
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxSize) {
        res.destroy();
        reject(new DownloadError(`profile larger than the limit of ${maxSize} bytes`, false));
      } else chunks.push(chunk);
    });
    res.on('error', () => undefined); // reported through 'close' with complete === false
    res.on('close', () => {
      if (!res.complete) reject(new DownloadError(`truncated body: connection closed after ${size}${announced ? ` of ${announced}` : ''} bytes`, true));
      else resolve();
    });
  });
  const body = Buffer.concat(chunks);
  if (announced !== undefined && body.length !== Number(announced)) throw new DownloadError(`truncated body: ${body.length} of ${announced} bytes`, true);
  return body;
}

async function decode(res: http.IncomingMessage, raw: Buffer, maxSize: number): Promise<{ body: Buffer; compressed: boolean }> {
  const encoding = (header(res, 'content-encoding') ?? 'identity').toLowerCase();
  if (encoding === 'identity') return { body: raw, compressed: false };
  if (encoding !== 'gzip' && encoding !== 'x-gzip') throw new DownloadError(`unsupported Content-Encoding ${encoding}`, false);
  try {
    return { body: await gunzipAsync(raw, { maxOutputLength: maxSize }), compressed: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new DownloadError(`profile larger than the limit of ${maxSize} bytes`, false);
    throw new DownloadError(`corrupt gzip body (${(e as Error).message})`, true);
  }
}

function request(url: URL, o: HttpGetOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip', 'user-agent': 'panfab-agent' };
  if (o.etag) headers['if-none-match'] = o.etag;
  if (o.lastModified) headers['if-modified-since'] = o.lastModified;
  const common = { method: 'GET', headers, agent: false as const, signal };
  return new Promise((resolve, reject) => {
    const req =
      url.protocol === 'https:'
        ? https.request(url, { ...common, ...(o.ca ? { ca: o.ca } : {}), ...(o.cert ? { cert: o.cert } : {}), ...(o.key ? { key: o.key } : {}), rejectUnauthorized: true })
        : http.request(url, common);
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

async function getOnce(url: URL, o: HttpGetOptions, signal: AbortSignal): Promise<HttpGetResult | { redirect: URL }> {
  const res = await request(url, o, signal);
  const code = res.statusCode ?? 0;
  if (code === 304) {
    res.resume();
    return { status: 'not-modified', url: url.href };
  }
  if ([301, 302, 303, 307, 308].includes(code) && header(res, 'location')) {
    res.resume();
    return { redirect: new URL(header(res, 'location')!, url) };
  }
  if (code !== 200) {
    res.resume();
    throw new DownloadError(`HTTP ${code}${res.statusMessage ? ' ' + res.statusMessage : ''}`, code >= 500 || code === 429 || code === 408);
  }
  const { body, compressed } = await decode(res, await readBody(res, o.maxSize), o.maxSize);
  const etag = header(res, 'etag');
  const lastModified = header(res, 'last-modified');
  return { status: 'ok', url: url.href, body, compressed, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

export async function httpGet(o: HttpGetOptions): Promise<HttpGetResult> {
  let url = new URL(o.url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), o.timeoutMs);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DownloadError(`unsupported URL scheme ${url.protocol}`, false);
      const r = await getOnce(url, o, controller.signal);
      if (!('redirect' in r)) return r;
      url = r.redirect;
    }
    throw new DownloadError(`more than ${MAX_REDIRECTS} redirects`, false);
  } catch (e) {
    if (controller.signal.aborted) throw new DownloadError(`timed out after ${o.timeoutMs / 1000} s`, true);
    if (e instanceof DownloadError) throw e;
    throw describeError(e as NodeJS.ErrnoException);
  } finally {
    clearTimeout(timer);
  }
}

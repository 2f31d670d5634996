/**
 * Profiles served over HTTP(S). Each profile is cached on disk with its
 * ETag/Last-Modified; the next fetch is a conditional GET, and a 304 reuses
 * the cached copy. Hosts are listed from panc's `profiles-info.xml`.
 */
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { atomicWriteFile, readFileIfExists } from '../../common/fs.js';
import { AiiError } from '../errors.js';
import { PROFILE_NAME_RE, type ProfileSource, type ProfileText } from './source.js';

interface CacheMeta {
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

const TIMEOUT_MS = 30_000;

export class HttpProfileSource implements ProfileSource {
  readonly base: string;
  /** Counters for tests and progress: full downloads and 304 reuses. */
  readonly stats = { downloaded: 0, notModified: 0 };

  constructor(base: string, readonly cacheDir: string) {
    this.base = base.endsWith('/') ? base : `${base}/`;
  }

  get description(): string {
    return this.base;
  }

  async names(): Promise<string[] | undefined> {
    const url = `${this.base}profiles-info.xml`;
    const response = await this.get(url, {});
    if (response.status === 404) return undefined;
    if (!response.ok) throw new AiiError(`${url}: HTTP ${response.status} ${response.statusText}`);
    return parseProfilesInfo(await response.text(), url);
  }

  async fetch(fqdn: string): Promise<ProfileText | undefined> {
    const url = `${this.base}${fqdn}.json`;
    const cachePath = join(this.cacheDir, `${fqdn}.json`);
    const metaPath = `${cachePath}.meta`;
    const meta = readMeta(metaPath, url);
    const cached = meta !== undefined ? readFileIfExists(cachePath)?.toString('utf8') : undefined;
    const headers: Record<string, string> = {};
    if (cached !== undefined && meta?.etag !== undefined) headers['if-none-match'] = meta.etag;
    if (cached !== undefined && meta?.lastModified !== undefined) headers['if-modified-since'] = meta.lastModified;
    const response = await this.get(url, headers);
    if (response.status === 304 && cached !== undefined) {
      this.stats.notModified++;
      return { text: cached, source: url };
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new AiiError(`${url}: HTTP ${response.status} ${response.statusText}`);
    const text = await response.text();
    this.stats.downloaded++;
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    await atomicWriteFile(cachePath, text, { mode: 0o600 });
    const newMeta: CacheMeta = { url, ...(etag !== undefined ? { etag } : {}), ...(lastModified !== undefined ? { lastModified } : {}) };
    await atomicWriteFile(metaPath, JSON.stringify(newMeta), { mode: 0o600 });
    return { text, source: url };
  }

  private async get(url: string, headers: Record<string, string>): Promise<Response> {
    try {
      return await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new AiiError(`${url}: cannot fetch (${cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e))})`);
    }
  }
}

function readMeta(path: string, url: string): CacheMeta | undefined {
  const raw = readFileIfExists(path);
  if (raw === undefined) return undefined;
  try {
    const meta = JSON.parse(raw.toString('utf8')) as CacheMeta;
    return meta.url === url ? meta : undefined; // a cache from another base URL is not reused
  } catch {
    return undefined;
  }
}

/** Host names listed in a profiles-info.xml (`<profiles><profile>name.json</profile>...`). */
export function parseProfilesInfo(xml: string, url: string): string[] {
  let doc: unknown;
  try {
    doc = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === 'profile' }).parse(xml, true);
  } catch (e) {
    throw new AiiError(`${url}: not a profiles-info.xml (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const entries = (doc as { profiles?: { profile?: unknown[] } }).profiles?.profile ?? [];
  return entries
    .map((e) => String(typeof e === 'object' && e !== null ? (e as { '#text'?: unknown })['#text'] : e).trim())
    .flatMap((name) => {
      const m = PROFILE_NAME_RE.exec(name);
      return m === null ? [] : [m[1]!];
    })
    .sort();
}

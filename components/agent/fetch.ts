/**
 * `panfab fetch`: download this host's profile and make it current, the way
 * ccm-fetch does -- failover over a list of URLs, rounds of retries with
 * back-off, conditional GET, gzip, HTTPS. A download becomes current only
 * after it parsed and passed schema/; anything else leaves the current
 * profile as it was and the next fetch free to try again.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../sdk/types.js';
import { ConfigError, type AgentConfig } from './config.js';
import { DownloadError, httpGet, type HttpGetResult } from './http-get.js';
import { acquireLock } from '../../common/lock.js';
import { ProfileCache, type FetchState } from './profile-cache.js';
import { checkProfile, parseProfile } from './profile-check.js';
import { expandUrl, hostIdentity } from './profile-url.js';

export interface FetchOptions {
  /** Download and check, but change nothing. */
  noaction?: boolean;
  /** Ignore ETag/Last-Modified: always download. */
  force?: boolean;
  log: Logger;
  /** Waits between retry rounds (tests shorten them). */
  sleep?: (ms: number) => Promise<void>;
}

export interface FetchResult {
  /** updated: a new version is current; unchanged: the current one still is; would-update: --noaction found a new one. */
  status: 'updated' | 'unchanged' | 'would-update';
  version: string | undefined;
  previous: string | undefined;
  url: string;
  /** The server answered 304 Not Modified. */
  notModified: boolean;
  compressed: boolean;
  /** Versions pruned from the cache. */
  pruned: string[];
}

export class FetchFailedError extends Error {
  override name = 'FetchFailedError';
  constructor(readonly attempts: { url: string; error: string }[], current: string | undefined) {
    super(
      [`no profile fetched; ${current ? `version ${current} stays current` : 'there is no current profile yet'}`, ...attempts.map((a) => `  ${a.url}: ${a.error.split('\n').join('\n    ')}`)].join('\n'),
    );
  }
}

interface Tls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

async function readTls(config: AgentConfig): Promise<Tls> {
  const read = async (path: string | undefined, what: string) => {
    if (path === undefined) return undefined;
    try {
      return await fsp.readFile(path);
    } catch (e) {
      throw new ConfigError(`cannot read the ${what} ${path}: ${(e as Error).message}`);
    }
  };
  const [ca, cert, key] = await Promise.all([read(config.ca, 'CA bundle'), read(config.cert, 'client certificate'), read(config.key, 'client key')]);
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

export function profileUrls(config: AgentConfig): string[] {
  if (config.urls.length === 0) throw new ConfigError('no profile URL configured (set url in /etc/panfab/agent.yaml or pass --url)');
  const id = hostIdentity(config);
  try {
    return config.urls.map((u) => expandUrl(u, id));
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class Fetcher {
  private readonly cache: ProfileCache;
  private current: string | undefined;
  private state: FetchState | undefined;

  constructor(private readonly config: AgentConfig, private readonly opts: FetchOptions, private readonly tls: Tls) {
    this.cache = new ProfileCache(config.cacheDir);
  }

  async run(urls: string[]): Promise<FetchResult> {
    this.current = await this.cache.currentVersion();
    this.state = await this.cache.readState();
    const failures: { url: string; error: string }[] = [];
    const sleep = this.opts.sleep ?? defaultSleep;
    for (let round = 0; round <= this.config.retries; round++) {
      if (round > 0) {
        const delay = Math.min(this.config.retryDelay * 2 ** (round - 1), this.config.maxRetryDelay);
        this.opts.log.info(`retrying in ${delay} s (round ${round + 1} of ${this.config.retries + 1})`);
        await sleep(delay * 1000);
      }
      let transient = false;
      for (const url of urls) {
        try {
          return await this.attempt(url);
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          this.opts.log.warn(`${url}: ${error}`);
          failures.push({ url, error });
          transient ||= e instanceof DownloadError && e.transient;
        }
      }
      if (!transient) break; // every server answered with something wrong: waiting will not fix it
    }
    throw new FetchFailedError(failures, this.current);
  }

  /** Send validators only to the URL the current version came from. */
  private validators(url: string): { etag?: string; lastModified?: string } {
    const s = this.state;
    if (this.opts.force || !s || s.url !== url || s.version !== this.current || this.current === undefined) return {};
    return { ...(s.etag ? { etag: s.etag } : {}), ...(s.lastModified ? { lastModified: s.lastModified } : {}) };
  }

  private async attempt(url: string): Promise<FetchResult> {
    this.opts.log.info(`fetching ${url}`);
    const validators = this.validators(url);
    const r = await httpGet({ url, timeoutMs: this.config.timeout * 1000, maxSize: this.config.maxSize, ...this.tls, ...validators });
    if (r.status === 'not-modified') {
      if (!validators.etag && !validators.lastModified) throw new DownloadError('HTTP 304 to an unconditional request', false);
      return this.unchanged(url, true, false, this.state!);
    }
    const profile = parseProfile(r.body, url);
    await checkProfile(profile, url);
    return this.accept(url, r);
  }

  private async accept(url: string, r: Extract<HttpGetResult, { status: 'ok' }>): Promise<FetchResult> {
    const validators = { ...(r.etag ? { etag: r.etag } : {}), ...(r.lastModified ? { lastModified: r.lastModified } : {}) };
    // A current version that cannot be read (removed by hand) must not block fetching a good one.
    const pinned = this.current !== undefined ? await this.cache.pinCurrent().catch(() => undefined) : undefined;
    const now = new Date().toISOString();
    if (pinned?.body.equals(r.body)) {
      return this.unchanged(url, false, r.compressed, { version: pinned.version, url, fetchedAt: now, checkedAt: now, ...validators });
    }
    const base = { previous: this.current, url, notModified: false, compressed: r.compressed };
    if (this.opts.noaction) return { ...base, status: 'would-update', version: undefined, pruned: [] };
    const version = await this.cache.store(r.body);
    await this.cache.makeCurrent(version);
    await this.cache.writeState({ version, url, fetchedAt: now, checkedAt: now, ...validators });
    const pruned = await this.cache.prune(this.config.keep);
    return { ...base, status: 'updated', version, pruned };
  }

  private async unchanged(url: string, notModified: boolean, compressed: boolean, state: FetchState): Promise<FetchResult> {
    if (!this.opts.noaction) await this.cache.writeState({ ...state, checkedAt: new Date().toISOString() });
    return { status: 'unchanged', version: this.current, previous: this.current, url, notModified, compressed, pruned: [] };
  }
}

/** Fetch the profile; throws FetchFailedError (with each URL's error) when no URL gave a good one. */
export async function fetchProfile(config: AgentConfig, opts: FetchOptions): Promise<FetchResult> {
  const urls = profileUrls(config);
  const tls = await readTls(config);
  const fetcher = new Fetcher(config, opts, tls);
  if (opts.noaction) return fetcher.run(urls);
  const cache = new ProfileCache(config.cacheDir);
  await cache.init();
  const lock = await acquireLock(join(config.cacheDir, 'fetch.lock'), 'a fetch', config.lockWait);
  try {
    return await fetcher.run(urls);
  } finally {
    lock.release();
  }
}

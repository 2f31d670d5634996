/**
 * The versioned profile cache:
 *
 *   <cacheDir>/versions/000042-<sha256 prefix>.json   immutable, one per distinct profile
 *   <cacheDir>/current -> versions/000042-....json     switched atomically (rename of a new link)
 *   <cacheDir>/fetch.json                              where current came from, its ETag/Last-Modified
 *
 * A version is written (and synced) in full before `current` points at it, so
 * a reader that opens `current` always gets a whole profile that passed the
 * checks. Only validated profiles are ever stored.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { atomicSymlink, atomicWriteFile } from '../../common/fs.js';
import { sha256 } from '../sdk/json.js';

export interface FetchState {
  /** The version these validators belong to. */
  version: string;
  url: string;
  etag?: string;
  lastModified?: string;
  fetchedAt: string;
  checkedAt: string;
}

export interface PinnedProfile {
  version: string;
  path: string;
  body: Buffer;
}

const VERSION_RE = /^(\d{6,})-([0-9a-f]{12})\.json$/;

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class ProfileCache {
  readonly versionsDir: string;
  readonly currentLink: string;
  readonly stateFile: string;

  constructor(readonly dir: string) {
    this.versionsDir = join(dir, 'versions');
    this.currentLink = join(dir, 'current');
    this.stateFile = join(dir, 'fetch.json');
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.versionsDir, { recursive: true, mode: 0o755 });
  }

  /** Version ids, oldest first. */
  async versions(): Promise<string[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.versionsDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return names.filter((n) => VERSION_RE.test(n)).map((n) => n.slice(0, -'.json'.length)).sort();
  }

  /** The current version id, or undefined before the first successful fetch. */
  async currentVersion(): Promise<string | undefined> {
    try {
      const target = await fsp.readlink(this.currentLink);
      const name = target.split('/').pop() ?? '';
      return VERSION_RE.test(name) ? name.slice(0, -'.json'.length) : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  versionPath(version: string): string {
    return join(this.versionsDir, `${version}.json`);
  }

  /** Read the current profile once; the caller works from these bytes (a pinned version). */
  async pinCurrent(): Promise<PinnedProfile | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const version = await this.currentVersion();
      if (version === undefined) return undefined;
      try {
        const path = this.versionPath(version);
        return { version, path, body: await fsp.readFile(path) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // switched and pruned meanwhile: read again
      }
    }
    throw new Error(`${this.currentLink}: the current profile keeps disappearing`);
  }

  /** Store a validated profile (or find it already stored); returns its version id. */
  async store(body: Buffer): Promise<string> {
    const hash = sha256(body).slice(0, 12);
    const existing = await this.versions();
    const same = existing.find((v) => v.endsWith(`-${hash}`));
    if (same !== undefined) {
      const stored = await fsp.readFile(this.versionPath(same)).catch(() => undefined);
      if (stored?.equals(body)) return same;
    }
    const last = existing.length > 0 ? Number(existing[existing.length - 1]!.split('-')[0]) : 0;
    const version = `${String(last + 1).padStart(6, '0')}-${hash}`;
    await atomicWriteFile(this.versionPath(version), body, { mode: 0o600, fsync: true });
    return version;
  }

  /** Point `current` at a stored version: a new link renamed over the old one. */
  async makeCurrent(version: string): Promise<void> {
    await atomicSymlink(`versions/${version}.json`, this.currentLink);
    await fsyncDir(this.dir);
  }

  /**
   * Keep `keep` versions: the current one and the newest others.
   * Also removes temporary files that a fetch killed mid-write left behind.
   * Returns the removed version ids.
   */
  async prune(keep: number): Promise<string[]> {
    const current = await this.currentVersion();
    const others = (await this.versions()).filter((v) => v !== current);
    const kept = current === undefined ? keep : keep - 1;
    const removable = others.slice(0, Math.max(0, others.length - kept));
    for (const v of removable) await fsp.rm(this.versionPath(v), { force: true });
    await this.removeStaleTemporaries();
    return removable;
  }

  private async removeStaleTemporaries(): Promise<void> {
    const hourAgo = Date.now() - 3600_000;
    for (const name of await fsp.readdir(this.versionsDir)) {
      if (!/^\..*\.tmp-\d+-\d+$/.test(name)) continue;
      const path = join(this.versionsDir, name);
      const st = await fsp.stat(path).catch(() => undefined);
      if (st && st.mtimeMs < hourAgo) await fsp.rm(path, { force: true });
    }
  }

  async readState(): Promise<FetchState | undefined> {
    try {
      return JSON.parse(await fsp.readFile(this.stateFile, 'utf8')) as FetchState;
    } catch {
      return undefined; // absent or damaged: fetch unconditionally
    }
  }

  async writeState(state: FetchState): Promise<void> {
    await atomicWriteFile(this.stateFile, JSON.stringify(state, null, 2) + '\n', { mode: 0o644 });
  }
}

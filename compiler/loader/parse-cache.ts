/**
 * Persistent parse cache: syntax trees (plain data, compiler/ast.ts) stored
 * with v8.serialize under the hash of the source text, in a directory
 * specific to the compiler version. Worker threads share it, without
 * coordination: two threads needing the same new template at once both parse
 * it (measured cheaper than making one wait for the other: claim files and
 * polling cost more system time than the few duplicate parses they save), but
 * the second does not write it again when the first has.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { atomicWriteFileSync } from '../../common/fs.js';
import type { TemplateAst } from '../ast.js';

/** How long a tree nothing refers to is kept (ParseCache.prune). */
export const PRUNE_GRACE_MS = 60 * 60 * 1000;

export class ParseCache {
  /** Entries written by this thread (for tests and statistics). */
  written = 0;
  private dirMade = false;
  /** Entries found unreadable: overwritten by put(). */
  private readonly damaged = new Set<string>();

  constructor(readonly dir: string) {}

  // One flat directory: a site has a few hundred templates of 1 KiB or more,
  // and creating fan-out directories cost a cold build more than it saves.
  private pathOf(hash: string): string {
    return join(this.dir, `${hash}.v8`);
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Size in bytes of the stored tree, undefined when there is none. */
  sizeOf(hash: string): number | undefined {
    try {
      return statSync(this.pathOf(hash)).size;
    } catch {
      return undefined;
    }
  }

  get(hash: string): TemplateAst | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.pathOf(hash));
    } catch {
      return undefined;
    }
    try {
      return deserialize(bytes) as TemplateAst;
    } catch {
      this.damaged.add(hash); // parsed again, and overwritten
      return undefined;
    }
  }

  /**
   * Remove the trees of sources no longer in use: each edit of a template
   * adds a tree, and a large template edited daily would otherwise grow the
   * cache by its size every day. `keep`: the content hashes the build state
   * still refers to. Entries written within `graceMs` stay: a build with
   * other options (another shard) sharing this cache may have just written
   * them. The temporary file of a write cut short (a killed build) goes too
   * once as old. Returns how many were removed.
   */
  prune(keep: ReadonlySet<string>, now: number, graceMs = PRUNE_GRACE_MS): number {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0; // no cache yet
    }
    let removed = 0;
    for (const n of names) {
      const m = /^(?:([0-9a-f]+)\.v8|\.[0-9a-f]+\.v8\.tmp-[0-9-]+)$/.exec(n);
      if (m === null || (m[1] !== undefined && keep.has(m[1]))) continue;
      const path = join(this.dir, n);
      try {
        if (now - statSync(path).mtimeMs < graceMs) continue;
        rmSync(path, { force: true });
        removed++;
      } catch {
        // gone already (another build pruned it), or not ours to remove: the cache only saves time
      }
    }
    return removed;
  }

  /** Store `ast` unless another thread or process already has (workers parse the same templates at once). */
  put(hash: string, ast: TemplateAst): void {
    try {
      if (!this.damaged.delete(hash) && this.has(hash)) return;
      if (!this.dirMade) {
        mkdirSync(this.dir, { recursive: true });
        this.dirMade = true;
      }
      atomicWriteFileSync(this.pathOf(hash), serialize(ast), { mkdir: false });
      this.written++;
    } catch {
      // The cache only saves time: a full disk or a read-only cache must not fail the build.
    }
  }
}

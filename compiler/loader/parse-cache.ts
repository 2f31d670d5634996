/**
 * Persistent parse cache: syntax trees (plain data, compiler/ast.ts) stored
 * with v8.serialize under the hash of the source text, in a directory
 * specific to the parser version. Worker threads share it: a template
 * wanted by two workers at once is parsed by the first, which holds a claim
 * file meanwhile; the other waits for the result instead of parsing too.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { atomicWriteFileSync } from '../../common/fs.js';
import type { TemplateAst } from '../ast.js';

/** A claim older than this belongs to a process that died: take it over. */
const STALE_CLAIM_MS = 30_000;
/** Longest wait for another thread's parse before parsing anyway. */
const MAX_WAIT_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

export class ParseCache {
  /** Entries written by this thread (for tests and statistics). */
  written = 0;

  constructor(readonly dir: string) {}

  private pathOf(hash: string): string {
    return join(this.dir, hash.slice(0, 2), `${hash}.v8`);
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
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
      return undefined; // damaged entry: parse again (and overwrite it)
    }
  }

  put(hash: string, ast: TemplateAst): void {
    try {
      atomicWriteFileSync(this.pathOf(hash), serialize(ast));
      this.written++;
    } catch {
      // The cache only saves time: a full disk or a read-only cache must not fail the build.
    }
  }

  /** The tree for `hash`: from the cache, from another thread parsing it now, or from `parse()`. */
  parseOnce(hash: string, parse: () => TemplateAst): { ast: TemplateAst; parsed: boolean } {
    const claim = join(this.dir, hash.slice(0, 2), `${hash}.claim`);
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const cached = this.get(hash);
      if (cached !== undefined) return { ast: cached, parsed: false };
      const fd = this.tryClaim(claim);
      if (fd !== 'busy' || Date.now() > deadline) {
        try {
          const ast = parse();
          this.put(hash, ast);
          return { ast, parsed: true };
        } finally {
          if (typeof fd === 'number') {
            closeSync(fd);
            try { unlinkSync(claim); } catch { /* taken over as stale */ }
          }
        }
      }
      sleep(2);
    }
  }

  /** A file descriptor when the claim is ours, 'busy' while another thread holds it, 'none' when claims cannot be made. */
  private tryClaim(claim: string): number | 'busy' | 'none' {
    try {
      mkdirSync(dirname(claim), { recursive: true });
      return openSync(claim, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return 'none';
      try {
        if (Date.now() - statSync(claim).mtimeMs > STALE_CLAIM_MS) unlinkSync(claim);
      } catch { /* released meanwhile */ }
      return 'busy';
    }
  }
}

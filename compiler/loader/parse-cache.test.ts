import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import type { TemplateAst } from '../ast.js';
import { ParseCache } from './parse-cache.js';

const AST: TemplateAst = {
  kind: 'object', name: 'x', annotations: [], statements: [],
  nameLoc: { startLine: 1, startCol: 17, endLine: 1, endCol: 17 }, headerLoc: { startLine: 1, startCol: 1, endLine: 1, endCol: 18 },
};
const HASH = 'ab'.repeat(32);

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function cache(): ParseCache {
  dir = mkdtempSync(join(tmpdir(), 'panfab-parse-cache-test-'));
  return new ParseCache(dir);
}

describe('ParseCache', () => {
  it('keeps trees by content hash and parses each hash once', () => {
    const c = cache();
    expect(c.get(HASH)).toBeUndefined();
    let parses = 0;
    const parse = (): TemplateAst => { parses++; return AST; };
    expect(c.parseOnce(HASH, parse)).toEqual({ ast: AST, parsed: true });
    expect(c.parseOnce(HASH, parse)).toEqual({ ast: AST, parsed: false });
    expect(parses).toBe(1);
    expect(c.has(HASH)).toBe(true);
    expect(existsSync(join(dir!, 'ab', `${HASH}.claim`))).toBe(false);
  });

  it('parses again over a damaged entry; a parse error leaves no claim behind', () => {
    const c = cache();
    mkdirSync(join(dir!, 'ab'), { recursive: true });
    writeFileSync(join(dir!, 'ab', `${HASH}.v8`), 'garbage');
    expect(c.get(HASH)).toBeUndefined();
    expect(() => c.parseOnce(HASH, () => { throw new Error('parse error'); })).toThrow('parse error');
    expect(existsSync(join(dir!, 'ab', `${HASH}.claim`))).toBe(false);
    expect(c.parseOnce(HASH, () => AST).parsed).toBe(true);
  });

  it('waits for the thread holding the claim instead of parsing too, and takes over a stale claim', async () => {
    const c = cache();
    const claim = join(dir!, 'ab', `${HASH}.claim`);
    mkdirSync(join(dir!, 'ab'), { recursive: true });
    writeFileSync(claim, '');
    // Another thread finishes the parse 100 ms later.
    const other = new Worker(`
      const { writeFileSync, renameSync, unlinkSync } = require('node:fs');
      const { workerData: w } = require('node:worker_threads');
      setTimeout(() => { writeFileSync(w.entry + '.tmp', Buffer.from(w.bytes)); renameSync(w.entry + '.tmp', w.entry); unlinkSync(w.claim); }, 100);
    `, { eval: true, workerData: { entry: join(dir!, 'ab', `${HASH}.v8`), claim, bytes: serialize(AST) } });
    const done = new Promise((resolve) => other.on('exit', resolve));
    expect(c.parseOnce(HASH, () => { throw new Error('should not parse'); })).toEqual({ ast: AST, parsed: false });
    await done;

    const hash2 = 'cd'.repeat(32);
    const stale = join(dir!, 'cd', `${hash2}.claim`);
    mkdirSync(join(dir!, 'cd'), { recursive: true });
    writeFileSync(stale, '');
    utimesSync(stale, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(c.parseOnce(hash2, () => AST).parsed).toBe(true);
  });
});

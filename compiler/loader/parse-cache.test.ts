import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  return new ParseCache(join(dir, 'ast'));
}

describe('ParseCache', () => {
  it('keeps trees by content hash: put once, then read back (by another instance too)', () => {
    const c = cache();
    expect(c.get(HASH)).toBeUndefined();
    expect(c.has(HASH)).toBe(false);
    c.put(HASH, AST);
    expect(c.written).toBe(1);
    expect(c.get(HASH)).toEqual(AST);
    expect(new ParseCache(join(dir!, 'ast')).get(HASH)).toEqual(AST);
    expect(c.has(HASH)).toBe(true);
  });

  it('treats a damaged entry as missing, and overwrites it', () => {
    const c = cache();
    mkdirSync(join(dir!, 'ast'), { recursive: true });
    writeFileSync(join(dir!, 'ast', `${HASH}.v8`), 'garbage');
    expect(c.get(HASH)).toBeUndefined();
    c.put(HASH, AST);
    expect(c.get(HASH)).toEqual(AST);
  });

  it('does not write an entry another thread or process wrote meanwhile', () => {
    const c = cache();
    new ParseCache(join(dir!, 'ast')).put(HASH, AST);
    c.put(HASH, { ...AST, name: 'other' });
    expect(c.written).toBe(0);
    expect(c.get(HASH)).toEqual(AST);
  });

  it('never fails a build when it cannot write', () => {
    const c = cache();
    writeFileSync(join(dir!, 'ast'), 'a file where the directory should be');
    expect(() => c.put(HASH, AST)).not.toThrow();
    expect(c.written).toBe(0);
    expect(c.get(HASH)).toBeUndefined();
  });
});

describe('parseTemplateSource with a cache', () => {
  it('stores the trees of large sources as it parses them; of a small one, only as a shared template (keepSharedTree)', async () => {
    const { keepSharedTree, loadParser, parseStats, parseTemplateSource, useParseCache, MIN_CACHED_SOURCE } = await import('./template-parser.js');
    const { contentHash } = await import('./file-state.js');
    await loadParser();
    const c = cache();
    useParseCache(c);
    try {
      const small = 'object template small;\n"/a" = 1;\n';
      expect(parseTemplateSource(small, 'cd'.repeat(32), 'small.pan').name).toBe('small');
      expect(c.written).toBe(0); // parsed, not stored: most small templates are a host's own
      const large = `object template large;\n${'"/a" = 1;\n'.repeat(Math.ceil(MIN_CACHED_SOURCE / 10))}`;
      const ast = parseTemplateSource(large, 'ef'.repeat(32), 'large.pan');
      expect(c.written).toBe(1);
      expect(c.get('ef'.repeat(32))).toEqual(ast);
      // A small template a second profile loads: its tree is stored, and read back from then on.
      const file = join(dir!, 'shared.pan');
      writeFileSync(file, 'unique template shared;\n"/b" = 2;\n');
      keepSharedTree(file, contentHash('unique template shared;\n"/b" = 2;\n'));
      expect(c.written).toBe(2);
      const cached = parseStats().cached;
      expect(parseTemplateSource('unique template shared;\n"/b" = 2;\n', contentHash('unique template shared;\n"/b" = 2;\n'), file).name).toBe('shared');
      expect(parseStats().cached).toBe(cached + 1);
      keepSharedTree(file, 'ab'.repeat(32)); // the file is no longer what the session read: nothing stored
      expect(c.has('ab'.repeat(32))).toBe(false);
    } finally {
      useParseCache(undefined);
    }
  });

  it('prunes the trees not kept, unless written within the grace period', () => {
    const c = cache();
    const [kept, old, recent] = ['aa', 'bb', 'cc'].map((x) => x.repeat(32)) as [string, string, string];
    for (const h of [kept, old, recent]) c.put(h, AST);
    writeFileSync(join(dir!, 'ast', 'notes.txt'), 'not a tree');
    const leftOver = `.${'dd'.repeat(32)}.v8.tmp-4242-7`; // a write cut short
    writeFileSync(join(dir!, 'ast', leftOver), 'half a tree');
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of [`${kept}.v8`, `${old}.v8`, leftOver]) utimesSync(join(dir!, 'ast', f), hourAgo, hourAgo);
    expect(c.prune(new Set([kept]), Date.now(), 60_000)).toBe(2);
    expect(readdirSync(join(dir!, 'ast')).sort()).toEqual([`${kept}.v8`, `${recent}.v8`, 'notes.txt']);
    expect(c.get(kept)).toEqual(AST);
  });

  it('prunes nothing where there is no cache yet', () => {
    expect(cache().prune(new Set(), Date.now(), 0)).toBe(0);
  });
});

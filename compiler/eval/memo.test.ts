/**
 * Memoised template execution: a template included by a second object is
 * replayed when everything it read is unchanged, and run again otherwise.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compile, newSession } from '../build/compile.js';
import { formatJson } from '../output/json.js';
import { PanDict, type PanValue } from '../model/values.js';
import { sameOutsideMask, withoutOverwrittenTreeWrites, type MemoVariant, type WriteEntry, type WrittenNode } from './memo.js';
import { ObjectContext } from './object-context.js';

let dir: string;

function write(name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function build(names: string[], memo = true, sub = ''): { out: Map<string, string>; hits: number; misses: number; replays: (t: string) => number } {
  const session = newSession({ includePath: [dir], formats: ['json'], memo });
  const out = new Map<string, string>();
  for (const n of names) {
    const b = session.object(n, join(dir, sub, `${n}.pan`));
    out.set(n, b.error ? `error: ${b.error.message}` : formatJson(b.root as PanDict));
  }
  const replays = (t: string): number => (session.memoFor(join(dir, `${t}.pan`))?.variants ?? []).reduce((s, v) => s + v.hits, 0);
  return { out, ...session.memoStats, replays };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-memo-unit-'));
  await compile([], { includePath: [], formats: [] }); // loads the parser
  write('common/packages.pan', `unique template common/packages;
prefix '/software/packages';
'{kernel}' ?= dict();
'{openssh}' ?= dict();
'/software/count' = length(value('/software/packages'));
`);
  write('common/host.pan', `template common/host;
variable ROLE ?= 'worker';
'/system/role' = ROLE;
'/system/is_head' = HOSTNAME == 'head';
'/system/matches' = match(HOSTNAME, '^n[0-9]+$');
`);
  write('common/site.pan', `template common/site;
include 'common/packages';
include 'common/host';
'/system/site' = 'example';
`);
  for (const [n, extra] of [['n1', ''], ['n2', ''], ['n3', "variable ROLE = 'storage';"], ['head', ''], ['n4', "'/software/packages/{extra}' = dict();"]]) {
    write(`${n}.pan`, `object template ${n};
variable HOSTNAME = '${n}';
${extra}
include 'common/site';
'/system/name' = HOSTNAME;
`);
  }
  write('multi/lookup.pan', `template multi/lookup;
variable HEADS ?= list('head');
variable HEAD ?= HEADS[0];
'/system/listed' = index(HOSTNAME, HEADS) >= 0;
'/system/not_head' = HOSTNAME != HEAD;
'/system/restart' = exists(RESTART[HOSTNAME]);
'/system/restart_defined' = is_defined(RESTART[HOSTNAME]);
'/system/nowhere' = exists(NO_SUCH_DICT[HOSTNAME]);
'/system/dist' = is_defined(DIST[OBJECT]);
`);
  write('rewrite/pkgs.pan', `template rewrite/pkgs;
'/software/packages/a' = 1;
'/software/packages' = merge(value('/software/packages'), dict('b', 2));
'/software/packages/c' = 3;
'/software/packages/a' = 10;
'/system/x' = 1;
'/system' = dict('y', 2);
`);
  write('perhost/name.pan', `template perhost/name;
'/system/fqdn' = HOSTNAME + '.example.org';
`);
  for (let i = 0; i < PER_HOST_OBJECTS; i++) {
    write(`perhost/p${i}.pan`, `object template p${i};\nvariable HOSTNAME = 'p${i}';\ninclude 'perhost/name';\n`);
  }
  for (const n of ['r1', 'r2']) write(`rewrite/${n}.pan`, `object template ${n};\ninclude 'rewrite/pkgs';\n'/system/name' = '${n}';\n`);
  for (const n of ['m1', 'm2', 'm3', 'head']) {
    write(`multi/${n}.pan`, `object template ${n};
variable HOSTNAME = '${n}';
variable RESTART = dict('m3', 'daily');
variable DIST = dict('m3', 'el9');
include 'multi/lookup';
`);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PER_HOST_OBJECTS = 260;

describe('memo', () => {
  it('replays templates for the second object and gives the same profiles', () => {
    const memo = build(['n1', 'n2', 'n3', 'head']);
    const plain = build(['n1', 'n2', 'n3', 'head'], false);
    expect(memo.out).toEqual(plain.out);
    expect(memo.hits).toBeGreaterThan(0);
    expect(plain.hits).toBe(0);
  });

  it('reads a global through a comparison or built-in as its result (derived reads)', () => {
    // n1 and n2 differ in HOSTNAME, but `HOSTNAME == 'head'` and the match are the same: replayed.
    const r = build(['n1', 'n2']);
    expect(r.replays('common/site')).toBe(1);
    expect(r.out.get('n2')).toContain('"is_head": false');
    expect(r.out.get('n2')).toContain('"name": "n2"');
  });

  it('runs a template again when something it read differs', () => {
    const r = build(['n1', 'n3', 'head']);
    expect(r.replays('common/site')).toBe(0);
    expect(r.replays('common/packages')).toBe(2);
    expect(r.out.get('n3')).toContain('"role": "storage"');
    expect(r.out.get('head')).toContain('"is_head": true');
    expect(r.out.get('head')).toContain('"matches": false');
    expect(r.out.get('n1')).toContain('"role": "worker"');
  });

  it('compares an element read after writing below it outside what was written (masked reads)', () => {
    // common/packages writes below /software/packages, then reads it: still replayable.
    const r = build(['n1', 'n3']);
    expect(r.replays('common/packages')).toBe(1);
    expect(r.out.get('n3')).toContain('"count": 2');
    // Outside what the template wrote, n4's packages differ: it must run again.
    const s = build(['n1', 'n4']);
    expect(s.replays('common/packages')).toBe(0);
    expect(s.out.get('n4')).toContain('"count": 3');
  });

  it('reads several globals through one operation, or an element chosen by a global, as the result', () => {
    // index(HOSTNAME, HEADS), HOSTNAME != HEAD (HEAD written by the template itself),
    // exists/is_defined(RESTART[HOSTNAME]), exists() in a missing variable and
    // is_defined(DIST[OBJECT]) give the same on m1 and m2: replayed.
    const names = ['m1', 'm2', 'm3', 'head'];
    const r = build(names, true, 'multi');
    expect(r.out).toEqual(build(names, false, 'multi').out);
    expect(r.replays('multi/lookup')).toBe(1);
    const system = (n: string): unknown => (JSON.parse(r.out.get(n) as string) as { system: unknown }).system;
    expect(system('m2')).toEqual({ dist: false, listed: false, not_head: true, nowhere: false, restart: false, restart_defined: false });
    expect(system('m3')).toEqual({ dist: true, listed: false, not_head: true, nowhere: false, restart: true, restart_defined: true });
    expect(system('head')).toEqual({ dist: false, listed: true, not_head: false, nowhere: false, restart: false, restart_defined: false });
  });
});

describe('a template that reads per-object data', () => {
  it('is no longer checked against its recordings once it never replayed in many runs, but for retries ever further apart', () => {
    const names = Array.from({ length: PER_HOST_OBJECTS }, (_, i) => `p${i}`);
    const session = newSession({ includePath: [dir], formats: ['json'] });
    const memo = session.memoFor(join(dir, 'perhost/name.pan'));
    // Objects (by index) in which one of the template's recordings was checked.
    const checkedIn = new Set<number>();
    let current = -1;
    const original = ObjectContext.prototype.stillHolds;
    const spy = vi.spyOn(ObjectContext.prototype, 'stillHolds').mockImplementation(function (this: ObjectContext, v: MemoVariant) {
      if (memo?.variants.includes(v) === true) checkedIn.add(current);
      return original.call(this, v);
    });
    const out = new Map<string, string>();
    try {
      for (const [i, n] of names.entries()) {
        current = i;
        const b = session.object(n, join(dir, 'perhost', `${n}.pan`));
        out.set(n, b.error ? `error: ${b.error.message}` : formatJson(b.root as PanDict));
      }
    } finally {
      spy.mockRestore();
    }
    // Checked from the second object (the first has no recording yet) until it gave up
    // after 8 misses; then retried after 64 misses, 128, 256 (each object misses once).
    expect([...checkedIn].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 64, 128, 256]);
    expect(memo?.variants.length).toBeGreaterThan(0);
    expect(out.get('p259')).toContain('"fqdn": "p259.example.org"');
    const plain = newSession({ includePath: [dir], formats: ['json'], memo: false });
    for (const n of names) expect(formatJson(plain.object(n, join(dir, 'perhost', `${n}.pan`)).root as PanDict)).toBe(out.get(n));
  });
});

describe('replayed writes', () => {
  it('leave out element writes a later write replaces, with the same profiles', () => {
    const r = build(['r1', 'r2'], true, 'rewrite');
    expect(r.replays('rewrite/pkgs')).toBe(1);
    expect(r.out).toEqual(build(['r1', 'r2'], false, 'rewrite').out);
    expect(JSON.parse(r.out.get('r2') as string)).toEqual({ software: { packages: { a: 10, b: 2, c: 3 } }, system: { y: 2, name: 'r2' } });
  });

  it('keep the last write of each element and every write below no later one', () => {
    const tree = (...terms: (string | number)[]): WriteEntry => ({ k: 'tree', terms, value: terms.join('/') });
    const writes: WriteEntry[] = [
      tree('a', 'b'), { k: 'global', name: 'X', slot: 0, value: 1, final: false }, tree('a', 'c'), tree('a'), tree('a', 'd'),
      tree('l', 0), tree('l', 1), tree('l', 0), { k: 'final', terms: ['a', 'd'] }, tree('z'),
    ];
    expect(withoutOverwrittenTreeWrites(writes)).toEqual([
      { k: 'global', name: 'X', slot: 0, value: 1, final: false }, tree('a'), tree('a', 'd'), tree('l', 1), tree('l', 0), { k: 'final', terms: ['a', 'd'] }, tree('z'),
    ]);
    const untouched = [tree('a'), tree('b')];
    expect(withoutOverwrittenTreeWrites(untouched)).toBe(untouched);
    expect(withoutOverwrittenTreeWrites([tree('a', 'b'), tree()])).toEqual([tree()]);
  });
});

describe('sameOutsideMask', () => {
  const dict = (o: Record<string, PanValue>): PanDict => new PanDict(new Map(Object.entries(o)));
  const mask = (written: string[]): WrittenNode => ({ written: false, children: new Map(written.map((k) => [k, { written: true, children: new Map() }])) });

  it('ignores what the recording writes, and nothing else: changed, missing or added keys', () => {
    const then = dict({ a: 1, w: 2 });
    expect(sameOutsideMask(dict({ a: 1, w: 3 }), then, mask(['w']))).toBe(true);
    expect(sameOutsideMask(dict({ a: 1 }), then, mask(['w']))).toBe(true);
    expect(sameOutsideMask(dict({ a: 1, w: 2, x: 5 }), then, mask(['w', 'x']))).toBe(true);
    expect(sameOutsideMask(dict({ a: 2, w: 2 }), then, mask(['w']))).toBe(false);
    expect(sameOutsideMask(dict({ w: 2 }), then, mask(['w']))).toBe(false);
    expect(sameOutsideMask(dict({ a: 1, w: 2, x: 5 }), then, mask(['w']))).toBe(false);
    expect(sameOutsideMask(dict({ a: 1, x: 5 }), then, mask(['w']))).toBe(false);
    expect(sameOutsideMask(undefined, then, mask(['w']))).toBe(false);
  });
});

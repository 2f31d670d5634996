/**
 * Memoised statements: in a template that reads per-object data, a costly
 * statement that does not is replayed from another object's run, and gives
 * the same profiles as running it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Statement } from '../ast.js';
import { compile, newSession } from '../build/compile.js';
import { parseTemplate } from '../parser/index.js';
import { formatJson } from '../output/json.js';
import type { PanDict } from '../model/values.js';
import type { MemoVariant } from './memo.js';
import { ObjectContext } from './object-context.js';
import { worthMemoising } from './statement-memo.js';

let dir: string;

function write(name: string, text: string): void {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const HOSTS = ['n1', 'n2', 'n3', 'svc-b'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-statement-memo-'));
  await compile([], { includePath: [], formats: [] }); // loads the parser
  write('stmt/struct.pan', `structure template stmt/struct;
'kind' = 'made';
'services' = { r = list(); foreach (i; v; SERVICES) { r[length(r)] = v; }; r; };
`);
  write('stmt/role.pan', `template stmt/role;
'/system/host' = HOSTNAME;
'/system/list' = { r = list(); foreach (i; v; SERVICES) { r[length(r)] = v + '-svc'; }; r; };
'/system/mine' = { found = false; foreach (i; v; SERVICES) { if (v == HOSTNAME) found = true; }; found; };
'/system/tagged' = { r = list(); foreach (i; v; SERVICES) { r[length(r)] = v + '@' + HOSTNAME; }; r; };
'/system/made' = create('stmt/struct');
prefix '/software/\${ROLE}';
'list' = { r = list(); foreach (i; v; SERVICES) { r[length(r)] = v; }; r; };
`);
  for (const h of HOSTS) {
    write(`${h}.pan`, `object template ${h};
variable HOSTNAME = '${h}';
variable SERVICES = ${h === 'n3' ? "list('a', 'n3')" : "list('a', 'svc-b')"};
variable ROLE = '${h === 'n2' ? 'storage' : 'compute'}';
include 'stmt/role';
`);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(memo: boolean): { out: Map<string, string>; replayed: string[] } {
  const session = newSession({ includePath: [dir], formats: ['json'], memo });
  const out = new Map<string, string>();
  const replayed: string[] = [];
  const original = ObjectContext.prototype.replay;
  const spy = vi.spyOn(ObjectContext.prototype, 'replay').mockImplementation(function (this: ObjectContext, v: MemoVariant) {
    for (const w of v.writes) if (w.k === 'tree') replayed.push(`${this.name}:/${w.terms.join('/')}`);
    original.call(this, v);
  });
  try {
    for (const h of HOSTS) {
      const b = session.object(h, join(dir, `${h}.pan`));
      out.set(h, b.error ? `error: ${b.error.message}` : formatJson(b.root as PanDict));
    }
  } finally {
    spy.mockRestore();
  }
  return { out, replayed };
}

describe('memoised statements', () => {
  it('replay a costly statement whose inputs are unchanged, in a template that cannot be replayed whole', () => {
    const { replayed } = build(true);
    // n2 has the SERVICES of n1: its list and its made structure are replayed; n3's SERVICES differ.
    expect(replayed).toContain('n2:/system/list');
    expect(replayed).toContain('n2:/system/made');
    expect(replayed).not.toContain('n3:/system/list');
    // Comparing with HOSTNAME gives n2 the results n1 had (derived reads): replayed.
    expect(replayed).toContain('n2:/system/mine');
    // What is built from HOSTNAME differs in every object: run each time.
    expect(replayed.filter((w) => w.endsWith('/system/tagged') || w.endsWith('/system/host'))).toEqual([]);
  });

  it('give the profiles of running every statement, under the prefix of each object', () => {
    const memo = build(true);
    const plain = build(false);
    expect(memo.out).toEqual(plain.out);
    expect(plain.replayed).toEqual([]);
    // svc-b has n1's SERVICES and prefix: its prefixed list is replayed to the same place.
    expect(memo.replayed).toContain('svc-b:/software/compute/list');
    expect(memo.out.get('n2')).toContain('"storage"');
    expect(memo.out.get('n3')).toMatch(/"mine": true/);
    expect(memo.out.get('n1')).toMatch(/"mine": false/);
    expect(memo.out.get('n2')).toContain('"svc-b@n2"');
  });
});

describe('worthMemoising', () => {
  const statements = (text: string): Statement[] => parseTemplate(`template t;\n${text}`, 't.pan').statements as Statement[];

  it('picks assignments and variables computed by a loop, a user function or create()', () => {
    const picked = statements(`
'/a' = 1;
'/b' = list(1, 2);
'/c' = { foreach (k; v; X) { v; }; };
'/d' = my_function(1);
'/e' = create('s');
variable V = { while (false) {}; 1; };
variable W = to_string(1);
include 'x';
`).map(worthMemoising);
    expect(picked).toEqual([false, false, true, true, true, true, false, false]);
  });
});

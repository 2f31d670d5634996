/** References into other objects: `obj:/path`, legacy `//obj/path`, on-demand compilation, cycles. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../build/compile.js';

let dir: string;
const write = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-refs-'));
  write('guest.pan', "object template guest;\n'/hardware/ram/0/size' = 2048;\n");
  write('host.pan', `object template host;
'/guests/new' = value('guest:/hardware/ram/0/size');
'/guests/legacy' = value('//guest/hardware/ram/0/size');
'/guests/exists' = exists('guest:/hardware/ram');
'/guests/missing' = exists('nothere:/x');
`);
  write('a.pan', "object template a;\n'/x' = value('b:/x');\n");
  write('b.pan', "object template b;\n'/x' = value('a:/x');\n");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('references to other objects', () => {
  it('compiles the other object on demand, in both syntaxes, and records its dependencies', async () => {
    const out = join(dir, 'out');
    const r = await compile([join(dir, 'host.pan')], { includePath: [dir], outputDir: out, formats: ['json', 'dep'] });
    expect(r.errors.map((e) => e.format())).toEqual([]);
    const { readFileSync } = await import('node:fs');
    const json = JSON.parse(readFileSync(join(out, 'host.json'), 'utf8'));
    expect(json.guests).toEqual({ new: 2048, legacy: 2048, exists: true, missing: false });
    expect(readFileSync(join(out, 'host.dep'), 'utf8')).toMatch(/^guest PAN /m);
  });

  it('reports a reference cycle as a clear evaluation error', async () => {
    const r = await compile([join(dir, 'a.pan')], { includePath: [dir], formats: ['json'] });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.kind).toBe('evaluation');
    expect(r.errors[0]?.format()).toMatch(/cyclic reference between objects: a -> b -> a/);
  });
});

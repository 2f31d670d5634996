import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvenanceEntry } from '../eval/provenance.js';
import { dictOf } from '../model/values.js';
import { ExplainError, explain, relevantEntries } from './explain.js';
import { formatExplanationText } from './format-explanation.js';

let dir: string;
const site = (): { includePath: string[]; objects: string[] } => ({ includePath: [dir], objects: [] });

function write(rel: string, lines: string[]): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), lines.join('\n') + '\n');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-explain-'));
  write('site/types.pan', [
    'declaration template site/types;',
    'type svc = {',
    '    "enabled" : boolean = true',
    '    "port" : long',
    '};',
  ]);
  write('site/base.pan', [
    'unique template site/base;',
    "include 'site/types';",
    "include 'site/net';",
    '"/ram" = 512;',
    'bind "/svc" = svc;',
    '"/svc/port" = 22;',
    '"/old" = dict("gone", 1, "kept", 2);',
  ]);
  write('site/net.pan', [
    'template site/net;',
    '"/net/domain" = "example.org";',
  ]);
  write('host1.pan', [
    'object template host1;',
    '',
    "include 'site/base';",
    '"/ram" = 1024;',
    '"/old" = dict("kept", 3);',
    '"/tmp" = "x";',
    '"/tmp" = null;',
  ]);
  write('broken.pan', ['object template broken;', '"/a" = 1 + "x";']);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('explain', () => {
  it('lists a value set then overridden, oldest first, with file:line:column and the include chain', () => {
    const e = explain('host1', '/ram', site());
    expect(e.value).toBe(1024);
    expect(e.steps.map((s) => [s.action, s.value, s.at])).toEqual([
      ['assign', 512, { file: join(dir, 'site/base.pan'), line: 4, column: 1 }],
      ['assign', 1024, { file: join(dir, 'host1.pan'), line: 4, column: 1 }],
    ]);
    expect(e.steps[0]?.includes).toEqual([{ template: 'host1' }, { template: 'site/base', at: { file: join(dir, 'host1.pan'), line: 3, column: 1 } }]);
    expect(e.steps[0]?.source).toBe('"/ram" = 512;');
  });

  it('follows includes of includes', () => {
    const e = explain('host1', '/net/domain', site());
    expect(e.steps).toHaveLength(1);
    expect(e.steps[0]?.includes.map((l) => [l.template, l.at?.line])).toEqual([['host1', undefined], ['site/base', 3], ['site/net', 3]]);
    expect(e.steps[0]?.at).toEqual({ file: join(dir, 'site/net.pan'), line: 2, column: 1 });
  });

  it('names the type and the bind behind a default', () => {
    const e = explain('host1', '/svc/enabled', site());
    expect(e.value).toBe(true);
    expect(e.steps).toHaveLength(1);
    expect(e.steps[0]).toMatchObject({
      action: 'default', type: 'boolean',
      at: { file: join(dir, 'site/types.pan'), line: 3, column: 17 },
      bind: { path: '/svc', type: 'svc', at: { file: join(dir, 'site/base.pan'), line: 5, column: 1 } },
    });
  });

  it('shows an ancestor that replaced the value and one that removed it', () => {
    const kept = explain('host1', '/old/kept', site());
    expect(kept.steps.map((s) => [s.relation, s.path, s.valueHere, s.at.line])).toEqual([['ancestor', '/old', 2, 7], ['ancestor', '/old', 3, 5]]);
    const gone = explain('host1', '/old/gone', site());
    expect(gone.value).toBeUndefined();
    expect(gone.steps.map((s) => [s.path, s.valueHere, s.at.line])).toEqual([['/old', 1, 7], ['/old', undefined, 5]]);
    expect(formatExplanationText(gone, { cwd: dir })).toContain('host1.pan:5:1  assign /old = {kept: 3}: removes this path');
  });

  it('says clearly when a path does not exist, and what its parent holds', () => {
    const e = explain('host1', '/net/domian', site());
    expect(e.value).toBeUndefined();
    expect(e.nearest).toEqual({ path: '/net', holds: 'a dict with keys domain' });
    expect(formatExplanationText(e, { cwd: dir })).toBe('/net/domian in host1 (host1.pan) does not exist.\n/net is a dict with keys domain.\n');
    const deleted = explain('host1', '/tmp', site());
    expect(deleted.steps.map((s) => s.action)).toEqual(['assign', 'delete']);
  });

  it('counts the writes below a dict, and lists them on request', () => {
    const e = explain('host1', '/svc', site());
    expect([e.steps.length, e.hiddenBelow]).toEqual([0, 2]);
    expect(formatExplanationText(e, { cwd: dir })).toContain('2 writes below this path not shown (--below lists them)');
    const below = explain('host1', '/svc', site(), { below: true });
    expect(below.steps.map((s) => [s.relation, s.action, s.path])).toEqual([['descendant', 'assign', '/svc/port'], ['descendant', 'default', '/svc/enabled']]);
  });

  it('reports bad paths, missing objects and compile errors as errors', () => {
    expect(() => explain('host1', 'ram', site())).toThrow(new ExplainError("'ram' is not an absolute path (like /hardware/ram)"));
    expect(() => explain('host1', '/a//b', site())).toThrow(/invalid path/);
    expect(() => explain('nohost', '/ram', site())).toThrow(/cannot find object 'nohost'/);
    expect(() => explain('broken', '/a', site())).toThrow(/^evaluation error \[.*broken\.pan:2\.\d+-2\.\d+\]/);
  });
});

describe('relevantEntries', () => {
  const site0 = { file: 'f.pan', loc: { startLine: 1, startCol: 1, endLine: 1, endCol: 1 }, template: 't' };
  const entry = (path: string[], value: ProvenanceEntry['value'], action: ProvenanceEntry['action'] = 'assign'): ProvenanceEntry => ({ path, action, value, site: site0, includes: [] });

  it('skips an ancestor write that neither set nor removed the path', () => {
    const log = [entry(['a'], dictOf([['x', 1]])), entry(['a', 'b'], 2), entry(['a'], dictOf([['b', 3]])), entry(['c'], 4)];
    const { shown } = relevantEntries(log, ['a', 'b'], false);
    expect(shown).toEqual([log[1], log[2]]);
  });
});

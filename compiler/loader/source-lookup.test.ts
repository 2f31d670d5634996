import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash } from './file-state.js';
import { SourceLookup } from './source-lookup.js';

let root: string | undefined;
afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'panfab-lookup-test-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe('SourceLookup probe log', () => {
  it('records every path probed in vain before the one found, across LOADPATHs', () => {
    const r = tree({ 'b/lp/t.tpl': 'x', 'b/t.pan': 'y' });
    const lookup = new SourceLookup([join(r, 'a'), join(r, 'b')]);
    expect(lookup.findTemplate('t', ['lp'])?.file).toBe(join(r, 'b/t.pan'));
    const probes = lookup.templateProbes.get('t');
    expect([...probes!.absent]).toEqual([join(r, 'a/t.pan'), join(r, 'a/t.tpl'), join(r, 'a/lp/t.pan'), join(r, 'a/lp/t.tpl')]);
    expect([...probes!.found]).toEqual([join(r, 'b/t.pan')]);
    const v = probes!.version;
    lookup.findTemplate('t', ['lp']); // cached: nothing new
    expect(probes!.version).toBe(v);
    expect(lookup.findTemplate('missing', [])).toBeNull();
    expect([...lookup.templateProbes.get('missing')!.absent]).toHaveLength(4);
  });

  it('tells which names were looked up since the last call, cached lookups included', () => {
    const r = tree({ 'a/t.pan': 'x', 'a/data.txt': 'd' });
    const lookup = new SourceLookup([join(r, 'a')]);
    lookup.findTemplate('t', []);
    expect(lookup.takeTouched().map((p) => `${p.kind}:${p.name}`)).toEqual(['t:t']);
    lookup.findTemplate('t', []);
    lookup.findFile('data.txt', []);
    expect(lookup.takeTouched().map((p) => `${p.kind}:${p.name}`)).toEqual(['t:t', 'f:data.txt']);
    expect(lookup.takeTouched()).toEqual([]);
  });

  it('hashes what it read, and what was only probed on demand', () => {
    const r = tree({ 'a/t.pan': 'template t;\n', 'a/data.txt': 'data' });
    const lookup = new SourceLookup([join(r, 'a')]);
    lookup.readText(join(r, 'a/t.pan'));
    expect(lookup.hashOf(join(r, 'a/t.pan'))).toBe(contentHash('template t;\n'));
    expect(lookup.hashOf(join(r, 'a/data.txt'))).toBe(contentHash('data'));
    expect(lookup.hashOf(join(r, 'a/none'))).toBe('unreadable');
    expect(lookup.stampOf(join(r, 'a/t.pan'))?.size).toBe(12);
    expect(lookup.stampOf(join(r, 'a/none'))).toBeNull();
    expect(lookup.dirStampOf(join(r, 'nowhere'))).toBeNull();
  });
});

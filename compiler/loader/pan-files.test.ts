import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { panFilesIn } from './pan-files.js';

const root = mkdtempSync(join(tmpdir(), 'panfab-panfiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
for (const f of ['b.pan', 'a.pan', 'notes.txt', 'sub/c.pan', 'sub/deeper/d.pan']) writeFileSync(join(root, f), '');

describe('panFilesIn', () => {
  it('lists one level, sorted, only .pan files', () => {
    expect(panFilesIn(root)).toEqual([join(root, 'a.pan'), join(root, 'b.pan')]);
  });
  it('walks subdirectories when asked', () => {
    expect(panFilesIn(root, { recursive: true })).toEqual(
      ['a.pan', 'b.pan', 'sub/c.pan', 'sub/deeper/d.pan'].map((f) => join(root, f)),
    );
  });
});

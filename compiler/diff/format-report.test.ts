import { describe, expect, it } from 'vitest';
import { dictOf, listOf } from '../model/values.js';
import type { DiffReport } from './diff-dirs.js';
import { formatReportJson, formatReportText } from './format-report.js';
import { ChangeGroups } from './group.js';
import type { Change } from './tree-diff.js';

function report(perNode: Record<string, Change[]>, extra: Partial<DiffReport> = {}): DiffReport {
  const groups = new ChangeGroups();
  for (const [node, changes] of Object.entries(perNode)) groups.add(node, changes);
  const names = Object.keys(perNode);
  return { oldCount: names.length, newCount: names.length, added: [], removed: [], changed: names, unchanged: 0, groups: groups.list(), errors: [], ...extra };
}

const ram = (node: string, old: number, next: number): Record<string, Change[]> => ({ [node]: [{ kind: 'changed', path: ['hardware', 'ram', 0, 'size'], old, new: next }] });

describe('diff report', () => {
  it('puts changes shared by the same nodes under one heading with the node count', () => {
    const shared: Change[] = [
      { kind: 'added', path: ['software', 'packages', 'htop'], new: dictOf([]) },
      { kind: 'removed', path: ['software', 'packages', 'top'], old: dictOf([]) },
    ];
    const text = formatReportText(report({ 'n1.example.org': shared, 'n2.example.org': shared, 'n3.example.org': shared, 'n4.example.org': shared, ...ram('vm1.example.org', 512, 1024) }));
    expect(text).toBe([
      '5 of 5 profiles changed, 0 added, 0 removed, 0 unchanged',
      '',
      '4 nodes (n1.example.org, n2.example.org, n3.example.org, ... +1 more):',
      '  + /software/packages/htop  {}',
      '  - /software/packages/top  {}',
      '',
      '1 node (vm1.example.org):',
      '  ~ /hardware/ram/0/size  512 -> 1024',
      '',
    ].join('\n'));
  });

  it('shortens long values unless asked for them in full', () => {
    const long = 'x'.repeat(300);
    const list = listOf(Array.from({ length: 50 }, (_, i) => `package-${i}`));
    const r = report({ 'a.example.org': [{ kind: 'changed', path: ['motd'], old: long, new: 'short' }, { kind: 'added', path: ['pkgs'], new: list }] });
    const text = formatReportText(r);
    expect(text).toContain(`~ /motd  "${'x'.repeat(51)}..." (300 characters) -> "short"`);
    expect(text).toContain('+ /pkgs  [... 50 items]');
    expect(formatReportText(r, { full: true })).toContain(`"${long}"`);
  });

  it('names the items added to and removed from a list too long to show', () => {
    const before = listOf(Array.from({ length: 30 }, (_, i) => `package-${i}`));
    const after = listOf([...before.items.filter((x) => x !== 'package-7'), 'vim-enhanced', 'htop']);
    const text = formatReportText(report({ 'a.example.org': [{ kind: 'changed', path: ['pkgs'], old: before, new: after }] }));
    expect(text).toContain('~ /pkgs  [... 30 items] -> [... 31 items]: +"vim-enhanced", +"htop" -"package-7"\n');
  });

  it('writes JSON for CI: each change once with its count, node names abstracted where several nodes share it', () => {
    const ks = (n: string, s: string): Change[] => [{ kind: 'changed', path: ['system', 'aii', 'nbp', 'kslocation'], old: `http://old/ks/${n}.ks`, new: `http://${s}/ks/${n}.ks` }];
    const doc = JSON.parse(formatReportJson(report({ 'a.example.org': ks('a.example.org', 'new'), 'b.example.org': ks('b.example.org', 'new'), 'c.example.org': ks('c.example.org', 'other') }, { added: ['d.example.org'] })));
    expect(doc.changed).toBe(true);
    expect(doc.profiles.added).toEqual(['d.example.org']);
    expect(doc.changes).toEqual([
      { kind: 'changed', path: '/system/aii/nbp/kslocation', old: 'http://old/ks/<node>.ks', new: 'http://new/ks/<node>.ks', count: 2, nodes: ['a.example.org', 'b.example.org'] },
      { kind: 'changed', path: '/system/aii/nbp/kslocation', old: 'http://old/ks/c.example.org.ks', new: 'http://other/ks/c.example.org.ks', count: 1, nodes: ['c.example.org'] },
    ]);
    expect(doc.errors).toEqual([]);
  });
});

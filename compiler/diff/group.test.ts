import { describe, expect, it } from 'vitest';
import { ChangeGroups } from './group.js';
import type { Change } from './tree-diff.js';

const memory = (old: number, next: number): Change => ({ kind: 'changed', path: ['software', 'components', 'xen', 'domains', 'vm3', 'options', 'memory'], old, new: next });
const ks = (node: string, server: string): string => `http://${server}/ks/${node}.ks`;

describe('ChangeGroups', () => {
  it('groups the same change on many nodes once, with every node', () => {
    const groups = new ChangeGroups();
    for (let i = 1; i <= 412; i++) groups.add(`dom0-${String(i).padStart(3, '0')}.example.org`, [memory(512, 1024)]);
    groups.add('dom0-999.example.org', [memory(512, 2048)]);
    const list = groups.list();
    expect(list.map((g) => g.nodes.length)).toEqual([412, 1]);
    expect(list[0]?.nodes[0]).toBe('dom0-001.example.org');
    expect(list[1]?.sample.new).toBe(2048);
  });

  it('recognises a change that names each node as one change', () => {
    const groups = new ChangeGroups();
    for (const node of ['a1.example.org', 'a2.example.org']) {
      groups.add(node, [{ kind: 'changed', path: ['system', 'aii', 'nbp', 'kslocation'], old: ks(node, 'old'), new: ks(node, 'new') }]);
    }
    groups.add('a3.example.org', [{ kind: 'changed', path: ['system', 'aii', 'nbp', 'kslocation'], old: ks('a1.example.org', 'old'), new: ks('a3.example.org', 'new') }]);
    const list = groups.list();
    expect(list.map((g) => g.nodes)).toEqual([['a1.example.org', 'a2.example.org'], ['a3.example.org']]);
  });
});

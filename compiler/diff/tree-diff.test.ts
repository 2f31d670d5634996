import { describe, expect, it } from 'vitest';
import { PanDouble, dictOf, listOf } from '../model/values.js';
import { diffTrees, sameValue } from './tree-diff.js';

describe('diffTrees', () => {
  it('reports added, removed and changed paths, in path order', () => {
    const before = dictOf([['a', 1], ['b', dictOf([['x', 'old'], ['gone', true]])]]);
    const after = dictOf([['a', 1], ['b', dictOf([['x', 'new'], ['fresh', dictOf([['k', 2]])]])]]);
    expect(diffTrees(before, after)).toEqual([
      { kind: 'added', path: ['b', 'fresh'], new: dictOf([['k', 2]]) },
      { kind: 'removed', path: ['b', 'gone'], old: true },
      { kind: 'changed', path: ['b', 'x'], old: 'old', new: 'new' },
    ]);
  });

  it('treats a list of properties as one value, and lists of resources element by element', () => {
    const before = dictOf([['pkgs', listOf(['a', 'b'])], ['disks', listOf([dictOf([['size', 10]]), dictOf([['size', 20]])])]]);
    const after = dictOf([['pkgs', listOf(['x', 'a', 'b'])], ['disks', listOf([dictOf([['size', 10]])])]]);
    expect(diffTrees(before, after)).toEqual([
      { kind: 'removed', path: ['disks', 1], old: dictOf([['size', 20]]) },
      { kind: 'changed', path: ['pkgs'], old: listOf(['a', 'b']), new: listOf(['x', 'a', 'b']) },
    ]);
  });

  it('tells a long from a double and a property from a resource', () => {
    const before = dictOf([['n', 1], ['r', dictOf([['k', 1]])]]);
    const after = dictOf([['n', new PanDouble(1)], ['r', 'flat']]);
    expect(diffTrees(before, after).map((c) => [c.kind, c.path.join('/')])).toEqual([['changed', 'n'], ['changed', 'r']]);
  });

  it('finds nothing between equal trees built separately', () => {
    const make = (): ReturnType<typeof dictOf> => dictOf([['a', listOf([dictOf([['d', new PanDouble(0.1)]])])], ['b', 2n ** 60n]]);
    expect(diffTrees(make(), make())).toEqual([]);
    expect(sameValue(make(), make())).toBe(true);
    expect(sameValue(new PanDouble(0), new PanDouble(-0))).toBe(false);
  });
});

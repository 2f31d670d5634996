import { describe, expect, it } from 'vitest';
import { PanDict, PanList, UNDEF, dictOf, freeze, listOf } from '../model/values.js';
import { PanError } from '../errors.js';
import { checkReplacement, setIn, snapshot } from './resources.js';

const where = (): string => 'test';

describe('writing inside resources', () => {
  it('creates lists and dicts on the way, by index or key', () => {
    const r = setIn(undefined, ['a', 0, 'b'], 0, 'x', where) as PanDict;
    expect(r).toBeInstanceOf(PanDict);
    const l = r.get('a') as PanList;
    expect(l).toBeInstanceOf(PanList);
    expect((l.items[0] as PanDict).get('b')).toBe('x');
  });

  it('copies frozen resources on write and leaves the original alone', () => {
    const shared = freeze(dictOf([['a', dictOf([['b', 1]])]]));
    const next = setIn(shared, ['a', 'c'], 0, 2, where) as PanDict;
    expect(next).not.toBe(shared);
    expect((shared.get('a') as PanDict).has('c')).toBe(false);
    expect((next.get('a') as PanDict).get('c')).toBe(2);
  });

  it('deletes with null, pads lists with undef, counts negative indexes from the end', () => {
    const l = listOf(['a', 'b', 'c']);
    setIn(l, [1], 0, null, where);
    expect(l.items).toEqual(['a', 'c']);
    setIn(l, [4], 0, 'e', where);
    expect(l.items).toEqual(['a', 'c', UNDEF, UNDEF, 'e']);
    setIn(l, [-1], 0, 'z', where);
    expect(l.items[4]).toBe('z');
    expect(() => setIn(l, [-9], 0, 'q', where)).toThrow(PanError);
  });

  it('refuses to store a resource inside itself, and needs no check for a frozen one', () => {
    const d = dictOf([['a', dictOf([])]]);
    expect(() => setIn(d, ['a', 'self'], 0, d, where)).toThrow(/circular reference/);
    const inner = d.get('a') as PanDict;
    expect(() => setIn(d, ['a', 'x'], 0, inner, where)).toThrow(/circular reference/);
    // A frozen value holds no writable container: stored as it is.
    const frozen = freeze(dictOf([['b', 1]]));
    expect((setIn(d, ['a', 'f'], 0, frozen, where) as PanDict).get('a')).toBeInstanceOf(PanDict);
    expect(((d.get('a') as PanDict).get('f') as PanDict).get('b')).toBe(1);
  });

  it('enforces panc replacement rules', () => {
    expect(() => checkReplacement(1, 'x', where)).toThrow(/cannot replace long with string/);
    expect(() => checkReplacement(listOf([]), dictOf([]), where)).toThrow(PanError);
    expect(() => checkReplacement(1, UNDEF, where)).not.toThrow();
    expect(() => checkReplacement(UNDEF, 'x', where)).not.toThrow();
  });

  it('refuses to store a resource inside itself', () => {
    const d = new PanDict();
    expect(() => setIn(d, ['self'], 0, d, where)).toThrow(/circular/);
  });

  it('snapshots copy the unfrozen part only', () => {
    const inner = freeze(listOf([1]));
    const d = dictOf([['frozen', inner], ['live', listOf([2])]]);
    const s = snapshot(d) as PanDict;
    expect(s.frozen).toBe(true);
    expect(s.get('frozen')).toBe(inner);
    expect(s.get('live')).not.toBe(d.get('live'));
  });
});

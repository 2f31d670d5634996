import { describe, expect, it } from 'vitest';
import { InternTable, sharedBefore } from './intern.js';
import { PanDict, PanDouble, dictOf, listOf } from './values.js';

describe('interning', () => {
  it('makes equal subtrees one object, whatever the insertion order', () => {
    const t = new InternTable();
    const a = t.intern(dictOf([['x', listOf([1, 'two', new PanDouble(3.5)])], ['y', true]]));
    const b = t.intern(dictOf([['y', true], ['x', listOf([1, 'two', new PanDouble(3.5)])]]));
    expect(b).toBe(a);
    expect(a.frozen).toBe(true);
  });

  it('keeps different values apart (types matter: 1 is not 1.0 nor "1")', () => {
    const t = new InternTable();
    const values = [listOf([1]), listOf([new PanDouble(1)]), listOf(['1']), listOf([true]), listOf([]), dictOf([])];
    const interned = values.map((v) => t.intern(v));
    expect(new Set(interned).size).toBe(values.length);
  });

  it('shares children of otherwise different trees', () => {
    const t = new InternTable();
    const p = t.intern(dictOf([['common', dictOf([['k', 'v']])], ['own', 1]]));
    const q = t.intern(dictOf([['common', dictOf([['k', 'v']])], ['own', 2]]));
    expect(q).not.toBe(p);
    expect(q.get('common')).toBe(p.get('common'));
  });
});

describe('sharedBefore', () => {
  it('is true once another object than the first met the resource, and stays so for every object', () => {
    const metBy = new WeakMap<object, string>();
    const r = new PanDict();
    expect(sharedBefore(metBy, r, 'a')).toBe(false);
    expect(sharedBefore(metBy, r, 'a')).toBe(false); // met twice by one profile: still its own
    expect(sharedBefore(metBy, r, 'b')).toBe(true);
    expect(sharedBefore(metBy, r, 'a')).toBe(true);
    expect(sharedBefore(metBy, r, 'c')).toBe(true);
    expect(sharedBefore(metBy, new PanDict(), 'b')).toBe(false);
  });
});

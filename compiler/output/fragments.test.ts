/**
 * Output text as joined pieces, and fragments of shared subtrees written
 * once and copied after.
 */
import { describe, expect, it } from 'vitest';
import { FragmentCache, TextBuffer } from './fragments.js';
import { InternTable } from '../model/intern.js';
import { PanDict } from '../model/values.js';

describe('TextBuffer', () => {
  it('gives the pieces in order, and the text since a mark as one piece', () => {
    const b = new TextBuffer('<?xml?>');
    b.add('a');
    const mark = b.mark();
    b.add('b');
    b.add('c');
    expect(b.since(mark)).toBe('bc');
    b.add('d');
    expect(b.text()).toBe('<?xml?>abcd');
    expect(b.since(b.mark())).toBe('');
    expect(b.text()).toBe('<?xml?>abcd');
  });
});

describe('FragmentCache', () => {
  const big = new InternTable().intern(new PanDict(new Map([['k', 'x'.repeat(300)]])));
  const write = (cache: FragmentCache, depth = 1): { text: string; wrote: boolean } => {
    const b = new TextBuffer('[');
    let wrote = false;
    cache.write(b, big, depth, () => {
      wrote = true;
      b.add('{');
      b.add('x'.repeat(300));
      b.add('}');
    });
    b.add(']');
    return { text: b.text(), wrote };
  };

  it('writes a subtree met the first and second time, then copies the second writing', () => {
    const cache = new FragmentCache();
    const expected = `[{${'x'.repeat(300)}}]`;
    expect(write(cache)).toEqual({ text: expected, wrote: true });
    expect(write(cache)).toEqual({ text: expected, wrote: true });
    expect(write(cache)).toEqual({ text: expected, wrote: false });
    // Another depth is another indentation: written anew.
    expect(write(cache, 2)).toEqual({ text: expected, wrote: true });
  });
});

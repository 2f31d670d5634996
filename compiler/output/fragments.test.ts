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

  it('encodes as UTF-8 what text() gives, into a buffer the next document reuses', () => {
    const b = new TextBuffer('<?xml?>');
    for (const s of ['caf\u00e9 ', '\u{1f600}', ' \u20ac', 'x'.repeat(100_000)]) b.add(s);
    const bytes = b.utf8();
    expect(Buffer.from(bytes).equals(Buffer.from(b.text(), 'utf8'))).toBe(true);
    const copy = Buffer.from(bytes);
    const other = new TextBuffer('zz');
    expect(Buffer.from(other.utf8()).toString('utf8')).toBe('zz');
    expect([...bytes.subarray(0, 2)]).toEqual([0x7a, 0x7a]); // the first view now holds the next document
    expect(copy.subarray(0, 7).toString('utf8')).toBe('<?xml?>');
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

/**
 * The write shape a memo recording compares (object-context.ts shapeOf):
 * what decides whether a write at a path goes through, and how.
 */
import { describe, expect, it } from 'vitest';
import { PanDict, PanList, UNDEF, type PanValue } from '../model/values.js';
import { shapeOf } from './object-context.js';

const root = (): PanDict => new PanDict(new Map<string, PanValue>([
  ['a', new PanDict(new Map<string, PanValue>([['b', 1], ['l', new PanList([1, 2, 3])], ['u', UNDEF], ['d', new PanDict()]]))],
]));

describe('shapeOf', () => {
  it('is a run of o where each step can hold the next term, created or not', () => {
    expect(shapeOf(root(), ['a', 'b'], 2)).toBe('oo');
    expect(shapeOf(root(), ['x', 'y', 'z'], 1)).toBe('ooo');
    expect(shapeOf(root(), ['a', 'u', 'k'], 1)).toBe('ooo');
    expect(shapeOf(root(), ['a', 'd', 'k'], 1)).toBe('ooo');
    expect(shapeOf(root(), ['a', 'd'], new PanDict())).toBe('oo');
  });

  it('notes list lengths where an index counts from the end, and such an index on nothing', () => {
    expect(shapeOf(root(), ['a', 'l', -1], 5)).toBe('oo3,o');
    expect(shapeOf(root(), ['x', -1], 1)).toBe('on');
    expect(shapeOf(root(), ['a', 'l', 7, -1], 1)).toBe('ooon');
    expect(shapeOf(root(), ['a', 'l', -2, 'q'], 1)).toBe('oo3,oelong');
  });

  it('ends with the kind met where the path or the replacement rule stops the write', () => {
    expect(shapeOf(root(), ['a', 'b'], 'x')).toBe('ooelong');
    expect(shapeOf(root(), ['a', 'b', 'c'], 1)).toBe('ooelong');
    expect(shapeOf(root(), ['a', 'l', 'k'], 1)).toBe('ooelist');
    expect(shapeOf(root(), ['a', 'l', 1], 'x')).toBe('oooelong');
    expect(shapeOf(root(), ['a', 'd'], new PanList())).toBe('ooedict');
    expect(shapeOf(root(), ['a'], 1)).toBe('oedict');
    expect(shapeOf(root(), [], 'x')).toBe('edict');
  });
});

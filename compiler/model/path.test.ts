import { describe, expect, it } from 'vitest';
import { PathError, escapeKey, formatPath, isValidKey, keyFromString, parsePath, unescapeKey } from './path.js';

describe('paths', () => {
  it('parses absolute, relative and external paths', () => {
    expect(parsePath('/a/b/0')).toEqual({ kind: 'absolute', terms: ['a', 'b', 0] });
    expect(parsePath('/')).toEqual({ kind: 'absolute', terms: [] });
    expect(parsePath('a/-1')).toEqual({ kind: 'relative', terms: ['a', -1] });
    expect(parsePath('ns/host:/x/y')).toEqual({ kind: 'external', object: 'ns/host', terms: ['x', 'y'] });
    expect(parsePath('//cagnode50/hardware/ram')).toEqual({ kind: 'external', object: 'cagnode50', terms: ['hardware', 'ram'] });
    expect(parsePath('/a/b/')).toEqual({ kind: 'absolute', terms: ['a', 'b'] });
  });

  it('escapes {...} terms, which may hold slashes', () => {
    expect(parsePath('/x/{a/b}/c').terms).toEqual(['x', 'a_2fb', 'c']);
    expect(parsePath('/{}').terms).toEqual(['_']);
    expect(formatPath(parsePath('/x/{a b}'))).toBe('/x/a_20b');
  });

  it('rejects empty terms, leading zeros and bad characters', () => {
    expect(() => parsePath('')).toThrow(PathError);
    expect(() => parsePath('/a//b')).toThrow(PathError);
    expect(() => parsePath('/foo/06')).toThrow(/leading zeros/);
    expect(() => parsePath('/foo/-01')).toThrow(PathError);
    expect(() => parsePath('/a b')).toThrow(PathError);
    expect(() => parsePath('/x/{unclosed')).toThrow(/unbalanced/);
  });

  it('accepts keys with digits first but not integers', () => {
    expect(isValidKey('4lw.commands')).toBe(true);
    expect(isValidKey('se-dpm.example.org')).toBe(true);
    expect(isValidKey('0')).toBe(false);
    expect(isValidKey('06')).toBe(false);
    expect(isValidKey('a/b')).toBe(false);
  });

  it('escapes like panc (letters and non-leading digits kept, UTF-8 bytes otherwise)', () => {
    expect(escapeKey('apel.example.org')).toBe('apel_2eexample_2eorg');
    expect(escapeKey('2.6.0-1')).toBe('_32_2e6_2e0_2d1');
    expect(escapeKey('')).toBe('_');
    expect(escapeKey('é')).toBe('_c3_a9');
    for (const s of ['a_b', '/etc/x y', '1abc', 'é€😀']) expect(unescapeKey(escapeKey(s))).toBe(s);
  });

  it('turns strings with {...} into keys wherever a string becomes a key', () => {
    expect(keyFromString('plain')).toBe('plain');
    expect(keyFromString('{apel.example.org}')).toBe('apel_2eexample_2eorg');
    expect(keyFromString('pre{/x}')).toBe('pre_2fx');
    expect(keyFromString('no way')).toBeNull();
    expect(keyFromString('12')).toBeNull();
  });
});

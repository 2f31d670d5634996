import { describe, expect, it } from 'vitest';
import { formatJson } from './json.js';
import { PanDict, PanDouble, PanList, dictOf, listOf } from '../model/values.js';
import { JsonReadError, readJsonProfile, readJsonValue } from './read-json.js';
import { sameValue } from '../diff/tree-diff.js';

describe('readJsonValue', () => {
  it('gives members to a hook that may drop or refuse them, with their JSON path', () => {
    const seen: string[] = [];
    const v = readJsonValue('{"a": {"b": [1, null]}, "c": null}', {
      member: (_key, value, path) => {
        seen.push(path);
        return value === null ? undefined : value;
      },
    }) as PanDict;
    expect(seen).toEqual(['$.a.b', '$.a', '$.c']);
    expect(v.has('c')).toBe(false);
    expect(((v.get('a') as PanDict).get('b') as PanList).items).toEqual([1, null]);
  });

  it("names what went wrong in Gson's words, with the JSON path", () => {
    const err = (text: string): JsonReadError => {
      try {
        readJsonValue(text);
      } catch (e) {
        return e as JsonReadError;
      }
      throw new Error('no error');
    };
    expect(err('{[{').code).toBe('Expected name');
    expect(err('[[').code).toBe('End of input');
    expect(err('[1, 2').jsonPath).toBe('$[1]');
  });
});

describe('readJsonProfile', () => {
  it('keeps longs, doubles and 64-bit longs apart, as the profile typed them', () => {
    const root = readJsonProfile('{"a": 1, "b": 1.0, "c": 9223372036854775807, "d": -2.5E-7, "e": [true, false], "f": "x"}');
    expect(root.get('a')).toBe(1);
    expect(root.get('b')).toBeInstanceOf(PanDouble);
    expect((root.get('b') as PanDouble).value).toBe(1);
    expect(root.get('c')).toBe(9223372036854775807n);
    expect((root.get('d') as PanDouble).value).toBe(-2.5e-7);
    expect((root.get('e') as PanList).items).toEqual([true, false]);
    expect(root.get('f')).toBe('x');
  });

  it('reads back what the JSON formatter writes, escapes included', () => {
    const tree = dictOf([
      ['text', 'a "quoted" <tag> & \'x\' = y\n\ttab \u00e9 \ud83d\ude00'],
      ['nested', dictOf([['list', listOf([1, new PanDouble(0.5), dictOf([['k', 'v']])])], ['empty', new PanDict()]])],
      ['big', -9223372036854775808n],
      ['none', listOf([])],
    ]);
    const back = readJsonProfile(formatJson(tree));
    expect(sameValue(back, tree)).toBe(true);
  });

  it('reports malformed documents with line and column', () => {
    expect(() => readJsonProfile('{\n  "a": 1,\n  "b" 2\n}', 'x.json')).toThrow(/x\.json:3:7: ':' expected/);
    expect(() => readJsonProfile('[1]', 'y.json')).toThrow(/y\.json:1:1: the root of a profile must be a JSON object/);
    expect(() => readJsonProfile('{"a": "open', 'z.json')).toThrow(/z\.json:1:7: unterminated string/);
    expect(() => readJsonProfile('{"a": 1} x', 'w.json')).toThrow(/w\.json:1:10: unexpected content/);
  });
});

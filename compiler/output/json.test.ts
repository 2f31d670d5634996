import { describe, expect, it } from 'vitest';
import { PanDict, PanDouble, PanList, UNDEF, type PanValue } from '../model/values.js';
import { formatJson, formatJsonValue, jsonString } from './json.js';

function dict(entries: Record<string, PanValue>): PanDict {
  const d = new PanDict();
  for (const [k, v] of Object.entries(entries)) d.set(k, v);
  return d;
}

// Expected texts are what Gson's pretty printer wrote for the same trees (see java-reference.test.ts).
describe('formatJson', () => {
  it('writes Gson pretty printing: 2 spaces, sorted keys, no trailing newline', () => {
    const root = dict({ b: new PanList([1, 'x', true]), a: dict({ z: false, y: new PanDouble(2) }) });
    expect(formatJson(root)).toBe(
      '{\n  "a": {\n    "y": 2.0,\n    "z": false\n  },\n  "b": [\n    1,\n    "x",\n    true\n  ]\n}',
    );
  });

  it('writes empty containers inline', () => {
    expect(formatJson(new PanDict())).toBe('{}');
    expect(formatJson(dict({ e: new PanDict(), l: new PanList([]), n: new PanList([new PanList([]), new PanDict()]) }))).toBe(
      '{\n  "e": {},\n  "l": [],\n  "n": [\n    [],\n    {}\n  ]\n}',
    );
  });

  it('sorts keys in UTF-16 code unit order', () => {
    const json = formatJson(dict({ b: 1, B: 2, _: 3, '\uffff': 4, '\ud83d\ude00': 5, '10': 6, '9': 7 }));
    const keys = [...json.matchAll(/^ {2}"(.*)":/gm)].map((m) => m[1]);
    expect(keys).toEqual(['10', '9', 'B', '_', 'b', '\ud83d\ude00', '\uffff']);
  });

  it('writes longs and doubles as Java does', () => {
    const json = formatJson(
      dict({
        a: new PanDouble(1),
        b: new PanDouble(1e10),
        c: new PanDouble(1.234e-5),
        d: new PanDouble(-0),
        e: new PanDouble(Infinity),
        f: -(2n ** 63n),
      }),
    );
    expect(json).toContain('"a": 1.0,');
    expect(json).toContain('"b": 1.0E10,');
    expect(json).toContain('"c": 1.234E-5,');
    expect(json).toContain('"d": -0.0,');
    expect(json).toContain('"e": Infinity,');
    expect(json).toContain('"f": -9223372036854775808\n}');
  });

  it('refuses undef, naming the path', () => {
    expect(() => formatJson(dict({ a: new PanList([1, UNDEF]) }))).toThrow(/undef at \/a\/1/);
  });
});

describe('formatJsonValue (json_encode)', () => {
  it('writes any value the same way', () => {
    expect(formatJsonValue(1234)).toBe('1234');
    expect(formatJsonValue(new PanDouble(1234.56))).toBe('1234.56');
    expect(formatJsonValue('a<b')).toBe('"a\\u003cb"');
    expect(formatJsonValue(true)).toBe('true');
    expect(formatJsonValue(null)).toBe('null');
    expect(formatJsonValue(new PanList([1, new PanList([])]))).toBe('[\n  1,\n  []\n]');
    expect(() => formatJsonValue(UNDEF)).toThrow(/undef at \//);
  });
});

describe('jsonString (Gson HTML-safe escaping)', () => {
  it.each([
    ['plain', '"plain"'],
    ['<>&=\'', '"\\u003c\\u003e\\u0026\\u003d\\u0027"'],
    ['"\\/', '"\\"\\\\/"'],
    ['\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
    ['\x00\x01\x0b\x1f', '"\\u0000\\u0001\\u000b\\u001f"'],
    ['\x7f\x85\xa0é', '"\x7f\x85\xa0é"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['\ud83d\ude00', '"\ud83d\ude00"'],
    ['a\ud800b\udc00', '"a?b?"'],
  ])('%j -> %s', (input, expected) => {
    expect(jsonString(input)).toBe(expected);
  });
});

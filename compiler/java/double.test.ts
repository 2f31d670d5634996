import { describe, expect, it } from 'vitest';
import { javaDoubleToString, javaParseDouble, scaleToDouble } from './double.js';
import { doubleFromHex, doubleToHex, fixtureLines } from './fixtures.js';

describe('javaDoubleToString', () => {
  it.each([
    [1, '1.0'],
    [0.001, '0.001'],
    [1e-4, '1.0E-4'],
    [1e7, '1.0E7'],
    [1.2345678e7, '1.2345678E7'],
    [-0, '-0.0'],
    [0, '0.0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [5e-324, '4.9E-324'],
    [1.7976931348623157e308, '1.7976931348623157E308'],
    [100, '100.0'],
    [1234567.0, '1234567.0'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('%s prints as %s', (x, expected) => {
    expect(javaDoubleToString(x)).toBe(expected);
  });

  it('reproduces JDK 17 where it is not the shortest representation', () => {
    // JDK 19+ prints 2.0E23 and 1.0E23; JDK 17's FloatingDecimal does not stop at the shortest digits.
    expect(javaDoubleToString(2e23)).toBe('1.9999999999999998E23');
    expect(javaDoubleToString(1e23)).toBe('9.999999999999999E22');
    expect(javaDoubleToString(5e-324)).toBe('4.9E-324');
    expect(javaDoubleToString(2 ** 63)).toBe('9.223372036854776E18');
  });

  it('matches the real JDK 17 on the recorded table (powers of 2 and 10, random bit patterns)', () => {
    const lines = fixtureLines('double-tostring.jdk17.tsv');
    expect(lines.length).toBeGreaterThan(9000);
    const wrong: string[] = [];
    for (const line of lines) {
      const [hex, expected] = line.split('\t');
      const got = javaDoubleToString(doubleFromHex(hex));
      if (got !== expected) wrong.push(`${hex}: expected ${expected}, got ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('always prints a value that reads back to the same double', () => {
    for (const line of fixtureLines('double-tostring.jdk17.tsv').slice(0, 3000)) {
      const x = doubleFromHex(line.split('\t')[0]);
      if (Number.isNaN(x)) continue;
      expect(Object.is(Number(javaDoubleToString(x)), x)).toBe(true);
    }
  });
});

describe('javaParseDouble', () => {
  const rows = fixtureLines('misc.jdk17.jsonl')
    .map((l) => JSON.parse(l) as [string, string, string])
    .filter(([op]) => op === 'parseDouble');

  it.each(rows)('%s(%j) -> %s as in the JDK', (_op, input, expected) => {
    if (expected.startsWith('!')) {
      expect(() => javaParseDouble(input)).toThrow(expected.replace(/^!java\.lang\.NumberFormatException: /, ''));
    } else {
      expect(doubleToHex(javaParseDouble(input))).toBe(expected);
    }
  });

  it('throws a NumberFormatException-like error', () => {
    try {
      javaParseDouble('abc');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ javaClass: 'java.lang.NumberFormatException', message: 'For input string: "abc"' });
    }
  });
});

describe('scaleToDouble', () => {
  it('rounds half to even, including subnormals and overflow', () => {
    expect(scaleToDouble(3n, -1)).toBe(1.5);
    expect(scaleToDouble((1n << 53n) + 1n, 0)).toBe(2 ** 53); // tie -> even
    expect(scaleToDouble((1n << 53n) + 3n, 0)).toBe(2 ** 53 + 4);
    expect(scaleToDouble(1n, -1074)).toBe(5e-324);
    expect(scaleToDouble(1n, -1075)).toBe(0); // tie -> even (0)
    expect(scaleToDouble(3n, -1076)).toBe(5e-324);
    expect(scaleToDouble(1n, 1024)).toBe(Infinity);
  });
});

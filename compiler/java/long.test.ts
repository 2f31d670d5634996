import { describe, expect, it } from 'vitest';
import {
  LONG_MAX,
  LONG_MIN,
  javaLongDecode,
  javaParseLong,
  longAdd,
  longDiv,
  longMul,
  longNeg,
  longRem,
  longSub,
  normalizeLong,
  wrap64,
} from './long.js';
import { fixtureLines } from './fixtures.js';

const rows = fixtureLines('misc.jdk17.jsonl').map((l) => JSON.parse(l) as [string, string, string]);

function outcome(f: () => bigint): string {
  try {
    return f().toString();
  } catch (e) {
    return `!${(e as { javaClass: string }).javaClass}: ${(e as Error).message}`;
  }
}

describe('Long.decode and Long.parseLong', () => {
  it.each(rows.filter(([op]) => op === 'decode'))('%s(%j) -> %s as in the JDK', (_op, input, expected) => {
    expect(outcome(() => javaLongDecode(input))).toBe(expected);
  });

  it.each(rows.filter(([op]) => op.startsWith('parseLong')))('%s(%j) -> %s as in the JDK', (op, input, expected) => {
    const radix = Number(op.slice('parseLong'.length));
    expect(outcome(() => javaParseLong(input, radix))).toBe(expected);
  });
});

describe('64-bit arithmetic', () => {
  it('wraps like Java', () => {
    expect(wrap64(LONG_MAX + 1n)).toBe(LONG_MIN);
    expect(longAdd(LONG_MAX, 1)).toBe(LONG_MIN);
    expect(longSub(LONG_MIN, 1)).toBe(LONG_MAX);
    expect(longMul(LONG_MAX, 2)).toBe(-2);
    expect(longNeg(LONG_MIN)).toBe(LONG_MIN);
    expect(longDiv(LONG_MIN, -1)).toBe(LONG_MIN);
    expect(longRem(LONG_MIN, -1)).toBe(0);
  });

  it('divides truncating toward zero, remainder takes the dividend sign', () => {
    expect(longDiv(7, 2)).toBe(3);
    expect(longDiv(-7, 2)).toBe(-3);
    expect(longDiv(7, -2)).toBe(-3);
    expect(Object.is(longDiv(0, -5), 0)).toBe(true);
    expect(longRem(-7, 2)).toBe(-1);
    expect(longRem(7, -2)).toBe(1);
    expect(longDiv(2n ** 62n, 3)).toBe(1537228672809129301n);
    expect(longDiv(9007199254740991, 2)).toBe(4503599627370495);
    expect(() => longDiv(1, 0)).toThrow('/ by zero');
    expect(() => longRem(1, 0n)).toThrow('/ by zero');
  });

  it('stays on numbers while results are safe integers, and leaves them exactly', () => {
    expect(longAdd(9007199254740991, 0)).toBe(9007199254740991);
    expect(longAdd(9007199254740991, 1)).toBe(9007199254740992n);
    expect(longMul(94906267, 94906267)).toBe(9007199515875289n);
    expect(longMul(-3, 0)).toBe(0);
    expect(normalizeLong(123n)).toBe(123);
    expect(normalizeLong(-(2n ** 53n))).toBe(-(2n ** 53n));
  });
});

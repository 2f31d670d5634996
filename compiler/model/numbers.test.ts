import { describe, expect, it } from 'vitest';
import { doubleToLong, longAdd, longDiv, longMod, longMul, longNeg, longSub } from './numbers.js';

const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;

describe('64-bit longs with Java semantics', () => {
  it('stays on the number fast path for small values', () => {
    expect(longAdd(2, 3)).toBe(5);
    expect(longMul(1234567890, 987654321)).toBe(1219326311126352690n);
    expect(longMul(0, -1)).toBe(0);
    expect(Object.is(longMul(0, -1), -0)).toBe(false);
  });

  it('wraps on overflow as Java does', () => {
    expect(longAdd(MAX, 1)).toBe(MIN);
    expect(longSub(MIN, 1)).toBe(MAX);
    expect(longMul(MAX, 2)).toBe(-2);
    expect(longNeg(MIN)).toBe(MIN);
    expect(longDiv(MIN, -1)).toBe(MIN);
  });

  it('truncates division toward zero, remainder takes the dividend sign', () => {
    expect(longDiv(7, 2)).toBe(3);
    expect(longDiv(-7, 2)).toBe(-3);
    expect(longMod(-7, 2)).toBe(-1);
    expect(longMod(7, -2)).toBe(1);
  });

  it('casts doubles to long like Java (truncation, saturation, NaN is 0)', () => {
    expect(doubleToLong(45.6)).toBe(45);
    expect(doubleToLong(-45.6)).toBe(-45);
    expect(doubleToLong(Number.NaN)).toBe(0);
    expect(doubleToLong(1e30)).toBe(MAX);
    expect(doubleToLong(-1e30)).toBe(MIN);
  });
});

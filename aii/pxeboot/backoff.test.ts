import { describe, expect, it } from 'vitest';
import { backoffBudget, backoffDelay } from './backoff.js';

describe('retransmission back-off', () => {
  const policy = { initialMs: 4000, maxMs: 64000, attempts: 6 };

  it('doubles from the initial wait up to the maximum (RFC 2131: 4, 8, 16, 32, 64 s)', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => backoffDelay(i, policy, () => 0.5))).toEqual([4000, 8000, 16000, 32000, 64000, 64000]);
  });

  it('randomises by at most a quarter of the wait and one second either way', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(3000);
    expect(backoffDelay(0, policy, () => 1)).toBe(5000);
    expect(backoffDelay(0, { initialMs: 200, maxMs: 200, attempts: 1 }, () => 1)).toBe(250);
  });

  it('bounds the total wait', () => {
    expect(backoffBudget({ initialMs: 1000, maxMs: 2000, attempts: 3 })).toBe(1250 + 2500 + 2500);
  });
});

import { describe, expect, it } from 'vitest';
import { javaLongDecode, javaParseLong } from './long.js';
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

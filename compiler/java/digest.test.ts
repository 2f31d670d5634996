import { describe, expect, it } from 'vitest';
import { javaBase64Decode, javaBase64Encode, javaDigest, md2 } from './digest.js';
import { fixtureLines } from './fixtures.js';

const rows = fixtureLines('misc.jdk17.jsonl').map((l) => JSON.parse(l) as [string, string, string]);

function outcome(f: () => string): string {
  try {
    return f();
  } catch (e) {
    return `!${(e as { javaClass: string }).javaClass}: ${(e as Error).message}`;
  }
}

describe('MD2 (RFC 1319)', () => {
  it.each([
    ['', '8350e5a3e24c153df2275c9f80692773'],
    ['a', '32ec01ec4a6dac72c0ab96fb34c0b5d1'],
    ['abc', 'da853b0d3f88d99b30283a69e6ded6bb'],
    ['message digest', 'ab4f496bfb2a530b219ff33031fe06b0'],
    ['abcdefghijklmnopqrstuvwxyz', '4e8ddff3650292ab5a4108c3aa47940b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'da33def2a42df13975352846c30338cd'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'd5976f79d83d3a0dc9806c3c66f3efd8'],
  ])('MD2(%j) = %s (RFC test suite)', (text, hex) => {
    expect(md2(Buffer.from(text, 'latin1')).toString('hex')).toBe(hex);
  });
});

describe('javaDigest', () => {
  it.each(rows.filter(([op]) => op.startsWith('digest:')))('%s(%j) as in the JDK', (op, text, expected) => {
    expect(outcome(() => javaDigest(op.slice('digest:'.length), text))).toBe(expected);
  });
});

describe('Base64', () => {
  it.each(rows.filter(([op]) => op === 'b64enc'))('%s(%j) as in the JDK', (_op, text, expected) => {
    expect(javaBase64Encode(text)).toBe(expected);
  });

  it.each(rows.filter(([op]) => op === 'b64dec'))('%s(%j) as in the JDK', (_op, b64, expected) => {
    expect(outcome(() => javaBase64Decode(b64))).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { lineSplitter } from './server-protocol.js';

describe('lineSplitter', () => {
  it('gives each complete line once, however the chunks cut them', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    for (const chunk of ['{"a":', '1}\n{"b"', ':2}\n\n{"c":3}', '\n', 'tail']) feed(chunk);
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
  });
});

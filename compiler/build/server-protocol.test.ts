import { describe, expect, it } from 'vitest';
import type { BuildMessage } from './api.js';
import { lineSplitter, packMessages, unpackMessages } from './server-protocol.js';

describe('lineSplitter', () => {
  it('gives each complete line once, however the chunks cut them', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    for (const chunk of ['{"a":', '1}\n{"b"', ':2}\n\n{"c":3}', '\n', 'tail']) feed(chunk);
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
  });
});

describe('messages on the wire', () => {
  it('are given back in order, with their streams, each distinct text sent once', () => {
    const messages: BuildMessage[] = [
      { stream: 'warning', text: 'deprecated' }, { stream: 'debug', text: 'x = 1' }, { stream: 'warning', text: 'deprecated' },
      { stream: 'error', text: 'evaluation error [a.pan:1.1-1.5]' }, { stream: 'debug', text: 'deprecated' },
    ];
    const packed = JSON.parse(JSON.stringify(packMessages(messages))) as ReturnType<typeof packMessages>;
    expect(packed.texts).toEqual(['deprecated', 'x = 1', 'evaluation error [a.pan:1.1-1.5]']);
    expect(unpackMessages(packed)).toEqual(messages);
  });
});

import { describe, expect, it } from 'vitest';
import { replaceUnpairedSurrogates } from './surrogates.js';

describe('replaceUnpairedSurrogates', () => {
  it.each([
    ['plain', 'plain'],
    ['\ud83d\ude00', '\ud83d\ude00'],
    ['a\ud800', 'a?'],
    ['\udc00b', '?b'],
    ['\ude00\ud83d', '??'],
    ['\ud83d\ud83d\ude00', '?\ud83d\ude00'],
  ])('%j -> %j', (input, expected) => {
    expect(replaceUnpairedSurrogates(input)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDot } from './dot.js';

describe('formatDot', () => {
  it('draws an edge from the object to each template it used, sorted, once each', () => {
    const dot = formatDot('ns/host', [
      { name: 'z/last', type: 'PAN', location: 'file:/cfg/' },
      { name: 'ns/host', type: 'PAN', location: 'file:/cfg/' },
      { name: 'a/first', type: 'PAN', location: 'file:/cfg/' },
      { name: 'a/first', type: 'PAN', location: 'file:/other/' },
      { name: 'data.txt', type: 'TEXT', location: 'file:/cfg/' },
      { name: 'absent', type: 'ABSENT_SOURCE', location: '' },
    ]);
    expect(dot).toBe(
      [
        'digraph "ns/host" {',
        'bgcolor = beige',
        'node [ color = black, shape = box, fontname=Helvetica ]',
        'edge [ color = black ]',
        '"ns/host" -> "a/first"',
        '"ns/host" -> "z/last"',
        '}',
        '',
      ].join('\n'),
    );
  });
});

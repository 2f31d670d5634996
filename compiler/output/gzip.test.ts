import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { javaGzip } from './gzip.js';

describe('javaGzip', () => {
  it("writes Java's GZIPOutputStream header and a valid stream of the UTF-8 bytes", () => {
    const text = 'é\u4e2d\ud83d\ude00 '.repeat(1000);
    const gz = javaGzip(text);
    expect(Array.from(gz.subarray(0, 10))).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    expect(gunzipSync(gz).toString('utf8')).toBe(text);
    expect(gz.length).toBeLessThan(200);
  });

  it('compresses empty input', () => {
    expect(gunzipSync(javaGzip('')).length).toBe(0);
  });
});

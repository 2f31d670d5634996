import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from './shard.js';

describe('shards', () => {
  it('parses K/N and rejects anything else', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3', '-1/2']) expect(() => parseShard(bad), bad).toThrow(/invalid --shard/);
  });

  it('puts each file in one part, by its name alone, evenly enough', () => {
    const names = Array.from({ length: 2000 }, (_, i) => `/site/profiles/wn${String(i).padStart(5, '0')}.example.org.pan`);
    const sizes = [0, 0, 0, 0];
    for (const n of names) {
      const k = shardOf(n, 4);
      expect(k).toBe(shardOf(n.replace('/site/', '/elsewhere/'), 4)); // the directory does not matter
      sizes[k - 1]!++;
      expect([1, 2, 3, 4].filter((i) => inShard(n, { index: i, count: 4 }))).toEqual([k]);
    }
    for (const s of sizes) expect(s).toBeGreaterThan(400);
    expect(inShard('/x.pan', undefined)).toBe(true);
  });
});

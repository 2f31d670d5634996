/**
 * `--shard K/N`: a deterministic split of the object templates into N parts.
 * A template's part depends only on its file name (not on the other files),
 * so that adding a host moves no other host to another part, and every CI
 * job computes the same split from the same list.
 */
import { basename } from 'node:path';
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Parse `K/N` (1 <= K <= N); throws with a message for the user otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new Error(`invalid --shard '${text}': expected K/N with 1 <= K <= N`);
  return { index, count };
}

/** The part (1..count) a template file belongs to. */
export function shardOf(file: string, count: number): number {
  const digest = createHash('sha256').update(basename(file)).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(file: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(file, shard.count) === shard.index;
}

/**
 * Serialised forms of interned subtrees (model/intern.ts), per format and
 * depth: the profiles of a site share most subtrees, so most of each
 * document is copied from earlier ones instead of being written again.
 * Only subtrees met a second time are kept (what is unique to one profile
 * would only take memory).
 */
import { seenBefore } from '../model/intern.js';
import type { PanResource } from '../model/values.js';

const MIN_FRAGMENT = 256;

/** A writer that appends to a string, as the JSON and pan XML writers do. */
export interface TextSink {
  out: string;
}

export class FragmentCache {
  private readonly fragments = new WeakMap<object, string[]>();
  private readonly metOnce = new WeakSet<object>();

  /** Append `r` at `depth` to `sink`: from the cache, or by `write()` (then remembered). */
  write(sink: TextSink, r: PanResource, depth: number, write: () => void): void {
    let known = this.fragments.get(r);
    const hit = known?.[depth];
    if (hit !== undefined) {
      sink.out += hit;
      return;
    }
    if (r.hash === 0 || !seenBefore(this.metOnce, r)) {
      write();
      return;
    }
    const before = sink.out;
    sink.out = '';
    write();
    const text = sink.out;
    sink.out = before + text;
    if (text.length >= MIN_FRAGMENT) {
      // Reading a character flattens the rope in place: documents built from
      // flat fragments are cheap to encode (Buffer.from), deep ropes are not.
      text.charCodeAt(0);
      if (known === undefined) {
        known = [];
        this.fragments.set(r, known);
      }
      known[depth] = text;
    }
  }
}

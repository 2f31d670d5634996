/**
 * The "apply defaults" phase: for every bind, missing or undef elements whose
 * type has a default get it, recursively through records, lists and dicts,
 * following named types. Values are copy-on-write: only changed paths are
 * rebuilt.
 */
import type { ObjectContext } from '../eval/object-context.js';
import { PanDict, PanList, UNDEF, freeze, type PanValue } from '../model/values.js';
import { KeyCache } from './type-env.js';
import type { Term } from '../model/path.js';
import { recordFields, resolveType } from './validate.js';
import type { FullType } from './type-model.js';

/** Told about each default used (for provenance): relative path inside the bound element and the type. */
export type DefaultListener = (path: readonly Term[], t: FullType, value: PanValue) => void;

/** Frozen values with their defaults applied, per type and type environment (see validate.ts). */
const applied = new WeakMap<object, Map<string, PanValue>>();
const keys = new KeyCache();

/** The value with defaults applied (the same object when nothing changed). */
export function withDefaults(
  ctx: ObjectContext, v: PanValue | undefined, t: FullType, depth = 0, onDefault?: DefaultListener, path: Term[] = [],
): PanValue | undefined {
  if (depth > 200) return v;
  if (onDefault === undefined && (v instanceof PanDict || v instanceof PanList) && v.frozen) {
    const key = keys.key(t, ctx.typesFingerprint.text());
    let byType = applied.get(v);
    const hit = byType?.get(key);
    if (hit !== undefined) return hit;
    const out = freeze(applyDefaults(ctx, v, t, depth, undefined, path) as PanValue);
    if (byType === undefined) {
      byType = new Map();
      applied.set(v, byType);
    }
    byType.set(key, out);
    return out;
  }
  return applyDefaults(ctx, v, t, depth, onDefault, path);
}

function applyDefaults(
  ctx: ObjectContext, v: PanValue | undefined, t: FullType, depth: number, onDefault: DefaultListener | undefined, path: Term[],
): PanValue | undefined {
  if ((v === undefined || v === UNDEF) && t.defaultValue !== undefined) {
    v = t.defaultValue;
    onDefault?.(path.slice(), t, v);
  }
  const b = t.base;
  switch (b.kind) {
    case 'ref': {
      const r = resolveType(ctx, b.name);
      return r ? withDefaults(ctx, v, r, depth + 1, onDefault, path) : v;
    }
    case 'record': {
      if (!(v instanceof PanDict)) return v;
      let out = v;
      let fields;
      try {
        fields = recordFields(ctx, b);
      } catch {
        return v; // reported by validation
      }
      for (const f of fields.values()) {
        const c = out.get(f.name);
        // panc fills missing *required* fields only; optional ones only when present but undef.
        if (c === undefined && !f.required) continue;
        path.push(f.name);
        const nc = withDefaults(ctx, c, f.type, depth + 1, onDefault, path);
        path.pop();
        if (nc !== c && nc !== undefined) {
          if (out === v && v.frozen) out = v.clone();
          out.set(f.name, nc);
        }
      }
      return out;
    }
    case 'list': {
      if (!(v instanceof PanList)) return v;
      let out = v;
      for (let i = 0; i < v.items.length; i++) {
        const c = v.items[i] as PanValue;
        path.push(i);
        const nc = withDefaults(ctx, c, b.element, depth + 1, onDefault, path);
        path.pop();
        if (nc !== c && nc !== undefined) {
          if (out === v && v.frozen) out = v.clone();
          out.items[i] = nc;
        }
      }
      return out;
    }
    case 'dict': {
      if (!(v instanceof PanDict)) return v;
      let out = v;
      for (const [k, c] of v.rawEntries()) {
        path.push(k);
        const nc = withDefaults(ctx, c, b.element, depth + 1, onDefault, path);
        path.pop();
        if (nc !== c && nc !== undefined) {
          if (out === v && v.frozen) out = v.clone();
          out.set(k, nc);
        }
      }
      return out;
    }
    default:
      return v;
  }
}

/**
 * Values as `diff` and `explain` show them: compact one-line Pan-like text
 * (strings quoted with JSON escapes, so a newline stays visible), shortened
 * when long; and values as plain JSON for `--json` reports.
 */
import { javaDoubleToString } from '../java/double.js';
import { PanDict, PanDouble, PanList, UNDEF, type PanValue } from '../model/values.js';

/** Longest value text shown before it is shortened. */
export const MAX_VALUE_TEXT = 72;

/** One-line text of a value; `rewrite` maps every string first (node-name placeholders). */
export function valueText(v: PanValue, rewrite: (s: string) => string = (s) => s): string {
  if (typeof v === 'string') return JSON.stringify(rewrite(v));
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (v === UNDEF) return 'undef';
  if (v instanceof PanDouble) return javaDoubleToString(v.value);
  if (v instanceof PanList) return `[${v.items.map((x) => valueText(x, rewrite)).join(', ')}]`;
  const parts: string[] = [];
  for (const [k, x] of (v as PanDict).entries()) parts.push(`${rewrite(k)}: ${valueText(x, rewrite)}`);
  return `{${parts.join(', ')}}`;
}

/** The text of a value, shortened past `max` characters (a resource then shows its size). */
export function shortValueText(v: PanValue, rewrite?: (s: string) => string, max = MAX_VALUE_TEXT): string {
  const full = valueText(v, rewrite);
  if (full.length <= max) return full;
  if (v instanceof PanList) return `[... ${v.items.length} items]`;
  if (v instanceof PanDict) return `{... ${v.size} entries: ${v.keys().slice(0, 4).join(', ')}${v.size > 4 ? ', ...' : ''}}`;
  return `${full.slice(0, max - 20)}..." (${typeof v === 'string' ? `${v.length} characters` : 'shortened'})`;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A value as plain JSON (longs beyond ±2^53 as decimal strings, which JSON numbers cannot hold exactly). */
export function toJson(v: PanValue, rewrite: (s: string) => string = (s) => s): JsonValue {
  if (typeof v === 'string') return rewrite(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  if (v === UNDEF) return null;
  if (v instanceof PanDouble) return v.value;
  if (v instanceof PanList) return v.items.map((x) => toJson(x, rewrite));
  const out: { [key: string]: JsonValue } = {};
  for (const [k, x] of (v as PanDict).entries()) out[rewrite(k)] = toJson(x, rewrite);
  return out;
}

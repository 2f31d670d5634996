/**
 * JSON values as found in a compiled profile, and the few operations the
 * agent and the components need on them: lookup by profile path, a stable
 * serialisation and its hash (to tell whether a subtree changed).
 */
import { createHash } from 'node:crypto';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a profile path like `/software/components/xen`, or undefined. */
export function getPath(root: JsonValue, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const step of path.split('/').filter((s) => s !== '')) {
    if (Array.isArray(node)) {
      node = /^\d+$/.test(step) ? node[Number(step)] : undefined;
    } else if (isJsonObject(node)) {
      node = Object.prototype.hasOwnProperty.call(node, step) ? node[step] : undefined;
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/** JSON with object keys sorted, so equal trees serialise equally. */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

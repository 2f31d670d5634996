/**
 * What the xen component remembers between runs (Plan.state, saved after a
 * successful run): per domain, the configs it wrote, the storage it made
 * and whether it was started to install. A guest that leaves the profile is
 * recognised from it, and only storage listed here is ever removed (and only
 * when asked).
 */
import { isJsonObject, type JsonValue } from '../sdk/index.js';

export type CreatedStorage = { kind: 'lv'; vg: string; lv: string } | { kind: 'file'; path: string };

export interface DomainRecord {
  /** The name Xen knows it by. */
  name: string;
  /** Config files written for it (host paths). */
  configs: string[];
  /** Storage this component made for it. */
  created: CreatedStorage[];
  /** Started from its install variant and not seen stopped since: its installer still runs. */
  installing?: true;
}

export interface XenState {
  version: 1;
  domains: Record<string, DomainRecord>;
}

function created(v: unknown): CreatedStorage[] {
  if (!Array.isArray(v)) return [];
  const out: CreatedStorage[] = [];
  for (const c of v) {
    if (!isJsonObject(c)) continue;
    if (c.kind === 'lv' && typeof c.vg === 'string' && typeof c.lv === 'string') out.push({ kind: 'lv', vg: c.vg, lv: c.lv });
    else if (c.kind === 'file' && typeof c.path === 'string') out.push({ kind: 'file', path: c.path });
  }
  return out;
}

/** The saved state, or an empty one when there is none or it is not understood. */
export function readState(v: JsonValue | undefined): XenState {
  const state: XenState = { version: 1, domains: {} };
  if (!isJsonObject(v) || v.version !== 1 || !isJsonObject(v.domains)) return state;
  for (const [key, d] of Object.entries(v.domains)) {
    if (!isJsonObject(d) || typeof d.name !== 'string') continue;
    const configs = Array.isArray(d.configs) ? d.configs.filter((c): c is string => typeof c === 'string') : [];
    state.domains[key] = { name: d.name, configs, created: created(d.created), ...(d.installing === true ? { installing: true as const } : {}) };
  }
  return state;
}

export function storageId(c: CreatedStorage): string {
  return c.kind === 'lv' ? `lv:${c.vg}/${c.lv}` : `file:${c.path}`;
}

/** Earlier and new storage of a domain, each once. */
export function mergeCreated(a: CreatedStorage[], b: CreatedStorage[]): CreatedStorage[] {
  const seen = new Map<string, CreatedStorage>();
  for (const c of [...a, ...b]) seen.set(storageId(c), c);
  return [...seen.values()];
}

export function stateJson(s: XenState): JsonValue {
  return JSON.parse(JSON.stringify(s)) as JsonValue;
}

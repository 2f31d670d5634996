/**
 * Which components the profile declares, and the order to run them in:
 * `dependencies/pre` run before, `dependencies/post` after. The whole active
 * graph is checked first: a dependency on a component that is absent or
 * inactive, or a cycle, is an error and nothing runs.
 */
import { getPath, isJsonObject, type JsonObject, type JsonValue } from '../sdk/json.js';

export interface ComponentEntry {
  name: string;
  active: boolean;
  /** Run when the profile changes (--changed); default true. */
  dispatch: boolean;
  pre: string[];
  post: string[];
}

export class DependencyError extends Error {
  override name = 'DependencyError';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function names(value: JsonValue | undefined, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new DependencyError(`${where}: must be a list of component names`);
  return value as string[];
}

/** The components under /software/components, by name. */
export function readComponents(profile: JsonObject): Map<string, ComponentEntry> {
  const tree = getPath(profile, '/software/components');
  const out = new Map<string, ComponentEntry>();
  if (tree === undefined) return out;
  if (!isJsonObject(tree)) throw new DependencyError('/software/components: must be a dict of components');
  for (const [name, c] of Object.entries(tree)) {
    const at = `/software/components/${name}`;
    if (!NAME.test(name)) throw new DependencyError(`${at}: invalid component name`);
    if (!isJsonObject(c)) throw new DependencyError(`${at}: must be a dict`);
    const deps = c.dependencies;
    if (deps !== undefined && !isJsonObject(deps)) throw new DependencyError(`${at}/dependencies: must be a dict`);
    out.set(name, {
      name,
      active: c.active === true,
      dispatch: c.dispatch !== false,
      pre: names(deps?.pre, `${at}/dependencies/pre`),
      post: names(deps?.post, `${at}/dependencies/post`),
    });
  }
  return out;
}

/** Edges "a runs before b" among the active components. */
function edges(active: Map<string, ComponentEntry>, all: Map<string, ComponentEntry>): Map<string, Set<string>> {
  const before = new Map<string, Set<string>>([...active.keys()].map((n) => [n, new Set<string>()]));
  for (const c of active.values()) {
    for (const [kind, deps] of [['pre', c.pre], ['post', c.post]] as const) {
      for (const d of deps) {
        const target = all.get(d);
        if (!target) throw new DependencyError(`component ${c.name}: ${kind}-dependency ${d} is not in the profile`);
        if (!target.active) throw new DependencyError(`component ${c.name}: ${kind}-dependency ${d} is not active`);
        if (kind === 'pre') before.get(d)!.add(c.name);
        else before.get(c.name)!.add(d);
      }
    }
  }
  return before;
}

function findCycle(nodes: Set<string>, before: Map<string, Set<string>>): string[] {
  const path: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (n: string): string[] | undefined => {
    if (onPath.has(n)) return [...path.slice(path.indexOf(n)), n];
    if (done.has(n)) return undefined;
    onPath.add(n);
    path.push(n);
    for (const next of [...before.get(n)!].filter((x) => nodes.has(x)).sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(n);
    done.add(n);
    return undefined;
  };
  for (const n of [...nodes].sort()) {
    const cycle = visit(n);
    if (cycle) return cycle;
  }
  return [...nodes];
}

/** All active components in a valid run order (ties broken by name). */
export function runOrder(all: Map<string, ComponentEntry>): string[] {
  const active = new Map([...all].filter(([, c]) => c.active));
  const before = edges(active, all);
  const indegree = new Map([...active.keys()].map((n) => [n, 0]));
  for (const targets of before.values()) for (const t of targets) indegree.set(t, indegree.get(t)! + 1);
  const order: string[] = [];
  const ready = [...indegree].filter(([, d]) => d === 0).map(([n]) => n);
  while (ready.length > 0) {
    ready.sort();
    const n = ready.shift()!;
    order.push(n);
    for (const t of before.get(n)!) {
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) ready.push(t);
    }
  }
  if (order.length < active.size) {
    const left = new Set([...active.keys()].filter((n) => !order.includes(n)));
    throw new DependencyError(`dependency cycle: ${findCycle(left, before).join(' -> ')}`);
  }
  return order;
}

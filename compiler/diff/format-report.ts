/**
 * The diff report for people and for CI. Text: a summary line, then the
 * changes grouped by the set of nodes that have them ("these 412 nodes:"
 * followed by every change they share), long values shortened; per-node
 * concrete changes on request. JSON: every distinct change once with its
 * node count and node names.
 */
import { formatTerms } from '../model/path.js';
import { PanList, type PanValue } from '../model/values.js';
import { hasChanges, type DiffReport } from './diff-dirs.js';
import type { ChangeGroup } from './group.js';
import type { Change } from './tree-diff.js';
import { MAX_VALUE_TEXT, shortValueText, toJson, valueText, type JsonValue } from './value-text.js';

export interface TextOptions {
  /** Node names listed per section before "+N more". */
  readonly maxNames?: number;
  /** Show values in full instead of shortening them. */
  readonly full?: boolean;
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

/** One change as a line: `~ /path  old -> new`, `+ /path  new`, `- /path  old`. */
export function changeLine(c: Change, rewrite: (s: string) => string = (s) => s, full = false): string {
  const v = (x: PanValue | undefined): string => (x === undefined ? '' : full ? valueText(x, rewrite) : shortValueText(x, rewrite));
  const path = rewrite(formatTerms(c.path));
  if (c.kind === 'added') return `+ ${path}  ${v(c.new)}`;
  if (c.kind === 'removed') return `- ${path}  ${v(c.old)}`;
  const line = `${MARK[c.kind]} ${path}  ${v(c.old)} -> ${v(c.new)}`;
  const shortened = !full && (v(c.old) !== valueText(c.old as PanValue, rewrite) || v(c.new) !== valueText(c.new as PanValue, rewrite));
  return shortened && c.old instanceof PanList && c.new instanceof PanList ? `${line}: ${listDelta(c.old, c.new, rewrite)}` : line;
}

/** Items added to and removed from a list (as a multiset), for a list too long to show whole. */
function listDelta(before: PanList, after: PanList, rewrite: (s: string) => string): string {
  const count = new Map<string, number>();
  for (const x of before.items) count.set(valueText(x, rewrite), (count.get(valueText(x, rewrite)) ?? 0) + 1);
  const added: string[] = [];
  for (const x of after.items) {
    const t = valueText(x, rewrite);
    const n = count.get(t) ?? 0;
    if (n > 0) count.set(t, n - 1);
    else added.push(t);
  }
  const removed = [...count].flatMap(([t, n]) => Array<string>(n).fill(t));
  const part = (sign: string, items: string[]): string[] => items.length === 0 ? [] : [`${sign}${items.slice(0, 3).map((t) => shorten(t)).join(`, ${sign}`)}${items.length > 3 ? ` (${items.length} in all)` : ''}`];
  const parts = [...part('+', added), ...part('-', removed)];
  return parts.length === 0 ? 'same items, reordered' : parts.join(' ');
}

function shorten(text: string): string {
  return text.length <= MAX_VALUE_TEXT ? text : `${text.slice(0, MAX_VALUE_TEXT - 3)}...`;
}

/** A group's line: concrete for one node, with the node name abstracted for several. */
function groupLine(g: ChangeGroup, full: boolean): string {
  return g.nodes.length === 1 ? changeLine(g.sample, undefined, full) : changeLine(g.sample, (s) => g.sampleNode.abstract(s), full);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function nameList(names: readonly string[], max: number): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, ... +${names.length - max} more`;
}

export function summaryLine(r: DiffReport): string {
  const total = new Set([...r.added, ...r.removed, ...r.changed]).size + r.unchanged;
  return `${r.changed.length} of ${plural(total, 'profile')} changed, ${r.added.length} added, ${r.removed.length} removed, ${r.unchanged} unchanged`;
}

/** Sections: the groups that share exactly the same nodes, largest node set first. */
function sections(groups: readonly ChangeGroup[]): { nodes: string[]; groups: ChangeGroup[] }[] {
  const byNodes = new Map<string, { key: string; nodes: string[]; groups: ChangeGroup[] }>();
  for (const g of groups) {
    const key = g.nodes.join('\n');
    let s = byNodes.get(key);
    if (s === undefined) byNodes.set(key, (s = { key, nodes: g.nodes, groups: [] }));
    s.groups.push(g);
  }
  return [...byNodes.values()].sort((a, b) => b.nodes.length - a.nodes.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function formatReportText(r: DiffReport, options: TextOptions = {}): string {
  const maxNames = options.maxNames ?? 3;
  const full = options.full ?? false;
  const out: string[] = [summaryLine(r)];
  if (r.added.length > 0) out.push('', `added profiles (${r.added.length}): ${nameList(r.added, maxNames * 4)}`);
  if (r.removed.length > 0) out.push('', `removed profiles (${r.removed.length}): ${nameList(r.removed, maxNames * 4)}`);
  for (const s of sections(r.groups)) {
    out.push('', `${plural(s.nodes.length, 'node')} (${nameList(s.nodes, maxNames)}):`);
    for (const g of s.groups) out.push(`  ${groupLine(g, full)}`);
  }
  if (r.details !== undefined && r.details.size > 0) {
    out.push('', 'per node:');
    for (const [name, changes] of r.details) {
      out.push(`${name}:`);
      for (const c of changes) out.push(`  ${changeLine(c, undefined, full)}`);
    }
  }
  return out.join('\n') + '\n';
}

function changeJson(c: Change, rewrite?: (s: string) => string): { [key: string]: JsonValue } {
  const o: { [key: string]: JsonValue } = { kind: c.kind, path: rewrite ? rewrite(formatTerms(c.path)) : formatTerms(c.path) };
  if (c.old !== undefined) o.old = toJson(c.old, rewrite);
  if (c.new !== undefined) o.new = toJson(c.new, rewrite);
  return o;
}

/** The report as a JSON document (stable key order; values as JSON, longs beyond 2^53 as strings). */
export function formatReportJson(r: DiffReport): string {
  const doc: { [key: string]: JsonValue } = {
    changed: hasChanges(r),
    profiles: { old: r.oldCount, new: r.newCount, added: r.added, removed: r.removed, changed: r.changed, unchanged: r.unchanged },
    changes: r.groups.map((g) => ({
      ...changeJson(g.sample, g.nodes.length === 1 ? undefined : (s) => g.sampleNode.abstract(s)),
      count: g.nodes.length,
      nodes: g.nodes,
    })),
  };
  if (r.details !== undefined) {
    const details: { [key: string]: JsonValue } = {};
    for (const [name, changes] of r.details) details[name] = changes.map((c) => changeJson(c));
    doc.details = details;
  }
  doc.errors = r.errors;
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * An explanation for people (numbered steps, oldest first, each with
 * file:line:column, the statement and the include chain) and as JSON.
 */
import { isAbsolute, relative } from 'node:path';
import { shortValueText, toJson, valueText, type JsonValue } from '../diff/value-text.js';
import { kindOf, type PanValue } from '../model/values.js';
import type { ChainLink, ExplainStep, Explanation, Position } from './explain.js';

export interface FormatOptions {
  /** Show values in full. */
  readonly full?: boolean;
  /** Directory file names are shown relative to (when inside it). */
  readonly cwd?: string;
}

function fileName(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

function where(p: Position, cwd: string): string {
  return `${fileName(p.file, cwd)}:${p.line}:${p.column}`;
}

function chainText(chain: readonly ChainLink[], cwd: string): string {
  if (chain.length <= 1) return `in object template ${chain[0]?.template ?? '?'}`;
  return 'included: ' + chain.map((l) => (l.at === undefined ? l.template : `${l.template} (${where(l.at, cwd)})`)).join(' > ');
}

function whatItDid(s: ExplainStep, v: (x: PanValue) => string): string {
  const written = s.value === undefined ? '' : ` = ${v(s.value)}`;
  switch (s.relation) {
    case 'self':
      if (s.action === 'delete') return 'delete (assigned null)';
      return `${s.action} ${s.value === undefined ? '' : v(s.value)}`;
    case 'ancestor': {
      const effect = s.valueHere !== undefined ? `sets this path to ${v(s.valueHere)}` : 'removes this path';
      return s.action === 'delete' ? `delete ${s.path}: ${effect}` : `${s.action} ${s.path}${written}: ${effect}`;
    }
    case 'descendant':
      return s.action === 'delete' ? `delete ${s.path}` : `${s.action} ${s.path}${written}`;
  }
}

function stepLines(s: ExplainStep, n: number, o: Required<FormatOptions>): string[] {
  const v = (x: PanValue): string => (o.full ? valueText(x) : shortValueText(x));
  const typeNote = s.action === 'default' ? ` (default of type ${s.type ?? '?'})` : '';
  const out = [`${String(n).padStart(3)}. ${where(s.at, o.cwd)}  ${whatItDid(s, v)}${typeNote}`];
  if (s.action === 'default') {
    if (s.bind !== undefined) out.push(`       applied by bind "${s.bind.path}" = ${s.bind.type} (${where(s.bind.at, o.cwd)})`);
    return out;
  }
  if (s.source !== undefined) out.push(`       ${s.source}`);
  out.push(`       ${chainText(s.includes, o.cwd)}`);
  return out;
}

export function formatExplanationText(e: Explanation, options: FormatOptions = {}): string {
  const o = { full: options.full ?? false, cwd: options.cwd ?? process.cwd() };
  const v = (x: PanValue): string => (o.full ? valueText(x) : shortValueText(x));
  const out: string[] = [];
  const subject = `${e.path} in ${e.object} (${fileName(e.file, o.cwd)})`;
  if (e.value === undefined) {
    out.push(`${subject} does not exist.`);
    if (e.nearest !== undefined) out.push(`${e.nearest.path} is ${e.nearest.holds}.`);
  } else {
    out.push(`${subject} = ${v(e.value)} (${kindOf(e.value)})`);
  }
  if (e.steps.length > 0) {
    out.push('', e.value === undefined ? 'writes to it, oldest first:' : 'set by, oldest first (the last one gives the value):');
    e.steps.forEach((s, i) => out.push(...stepLines(s, i + 1, o)));
  } else if (e.value !== undefined && e.hiddenBelow === 0) {
    out.push('', 'no statement wrote it (it comes from the initial data)');
  }
  if (e.hiddenBelow > 0) out.push('', `${e.hiddenBelow} write${e.hiddenBelow === 1 ? '' : 's'} below this path not shown (--below lists them)`);
  if (e.steps.some((s) => s.action === 'assign') && e.references.length > 0) {
    const names = e.references.length > 5 ? `${e.references.slice(0, 5).join(', ')}, ...` : e.references.join(', ');
    out.push('', `${e.object} reads other profiles (${names}): a value copied from one of them is explained there.`);
  }
  return out.join('\n') + '\n';
}

function positionJson(p: Position): { [key: string]: JsonValue } {
  return { file: p.file, line: p.line, column: p.column };
}

export function formatExplanationJson(e: Explanation): string {
  const steps = e.steps.map((s) => {
    const o: { [key: string]: JsonValue } = { action: s.action, relation: s.relation, path: s.path, ...positionJson(s.at), template: s.template };
    if (s.value !== undefined) o.value = toJson(s.value);
    if (s.valueHere !== undefined) o.valueHere = toJson(s.valueHere);
    if (s.source !== undefined) o.source = s.source;
    if (s.action !== 'default') o.includes = s.includes.map((l) => (l.at === undefined ? { template: l.template } : { template: l.template, ...positionJson(l.at) }));
    if (s.type !== undefined) o.type = s.type;
    if (s.bind !== undefined) o.bind = { path: s.bind.path, type: s.bind.type, ...positionJson(s.bind.at) };
    return o;
  });
  const doc: { [key: string]: JsonValue } = { object: e.object, file: e.file, path: e.path, exists: e.value !== undefined };
  if (e.value !== undefined) doc.value = toJson(e.value);
  if (e.nearest !== undefined) doc.nearest = { path: e.nearest.path, holds: e.nearest.holds };
  doc.steps = steps;
  doc.hiddenBelow = e.hiddenBelow;
  doc.references = e.references;
  return JSON.stringify(doc, null, 2) + '\n';
}

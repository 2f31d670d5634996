/**
 * `explain`: where one value of one profile came from. The object is
 * compiled alone with provenance on (compiler/eval/provenance.ts logs every
 * write to the tree and every type default); the writes that shaped the
 * asked path are picked out of the log, oldest first, so the one that won
 * comes last:
 *   - writes to the path itself (assignments, deletions, type defaults);
 *   - writes to an ancestor that set it (the value they wrote holds the
 *     path) or replaced it (it existed, and the new value lacks it);
 *   - on request, writes below the path (they built a dict or list).
 */
import type { SourceRange } from '../ast.js';
import { newSession } from '../build/compile.js';
import { asPanError } from '../errors.js';
import type { Bind, ObjectContext } from '../eval/object-context.js';
import { peek } from '../eval/object-context.js';
import type { ProvenanceEntry, SourceSite } from '../eval/provenance.js';
import { PathError, formatTerms, parsePath, type Term } from '../model/path.js';
import { PanDict, PanList, kindOf, type PanValue } from '../model/values.js';
import { typeName } from '../types/type-model.js';
import type { Site } from '../diff/site.js';
import { findObjectTemplate } from './find-object.js';
import { SourceLines } from './source-lines.js';

export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A template on the include chain: the object template first (no `at`), then each include. */
export interface ChainLink {
  readonly template: string;
  /** The include statement that brought it in. */
  readonly at?: Position;
}

export interface ExplainStep {
  readonly action: 'assign' | 'delete' | 'default';
  /** The asked path itself, an ancestor of it, or a path below it. */
  readonly relation: 'self' | 'ancestor' | 'descendant';
  readonly path: string;
  /** The value written at `path` (absent for a deletion). */
  readonly value?: PanValue;
  /** For an ancestor: what the write left at the asked path (absent: it removed it). */
  readonly valueHere?: PanValue;
  /** The statement, or for a default the type that supplied it. */
  readonly at: Position;
  readonly template: string;
  /** First line of the statement's source text. */
  readonly source?: string;
  readonly includes: readonly ChainLink[];
  /** Defaults: the type that supplied the value. */
  readonly type?: string;
  /** Defaults: the bind that applied that type. */
  readonly bind?: { readonly path: string; readonly type: string; readonly at: Position };
}

export interface Explanation {
  readonly object: string;
  readonly file: string;
  readonly path: string;
  /** The final value; absent when the path does not exist in the profile. */
  readonly value?: PanValue;
  readonly steps: ExplainStep[];
  /** Writes below the path, not listed unless asked for. */
  readonly hiddenBelow: number;
  /** Other objects this one read (`value('other:/path')`): a value copied from one is explained there. */
  readonly references: string[];
  /** When the path does not exist: its deepest existing ancestor and what that holds. */
  readonly nearest?: { readonly path: string; readonly holds: string };
}

export class ExplainError extends Error {}

export interface ExplainOptions {
  /** List the writes below the path too. */
  readonly below?: boolean;
}

function position(file: string, loc: SourceRange): Position {
  return { file, line: loc.startLine, column: loc.startCol };
}

function parseAbsolute(text: string): Term[] {
  try {
    const p = parsePath(text);
    if (p.kind !== 'absolute') throw new ExplainError(`'${text}' is not an absolute path (like /hardware/ram)`);
    return p.terms.slice();
  } catch (e) {
    if (e instanceof PathError) throw new ExplainError(`invalid path '${text}': ${e.message}`);
    throw e;
  }
}

function relationOf(entry: ProvenanceEntry, path: readonly Term[]): ExplainStep['relation'] {
  if (entry.path.length === path.length) return 'self';
  return entry.path.length < path.length ? 'ancestor' : 'descendant';
}

function includeChain(includes: readonly SourceSite[]): ChainLink[] {
  return includes.map((s, i) => (i === 0 ? { template: s.template } : { template: s.template, at: position(s.file, s.loc) }));
}

function findBind(ctx: ObjectContext, site: SourceSite | undefined): Bind | undefined {
  if (site === undefined) return undefined;
  return ctx.binds.find((b) => b.file === site.file && b.loc.startLine === site.loc.startLine && b.loc.startCol === site.loc.startCol);
}

function step(entry: ProvenanceEntry, path: readonly Term[], ctx: ObjectContext, lines: SourceLines): ExplainStep {
  const relation = relationOf(entry, path);
  const out: Mutable<ExplainStep> = {
    action: entry.action,
    relation,
    path: formatTerms(entry.path),
    at: position(entry.site.file, entry.site.loc),
    template: entry.site.template,
    includes: [],
  };
  if (entry.value !== null) out.value = entry.value;
  if (relation === 'ancestor' && entry.value !== null) {
    const here = peek(entry.value, path.slice(entry.path.length));
    if (here !== undefined) out.valueHere = here;
  }
  if (entry.action === 'default') {
    if (entry.type !== undefined) out.type = entry.type;
    const site = entry.includes[0];
    if (site !== undefined) {
      const b = findBind(ctx, site);
      out.bind = { path: b ? formatTerms(b.path) : '?', type: b ? typeName(b.type) : '?', at: position(site.file, site.loc) };
    }
    return out;
  }
  const source = lines.statement(entry.site.file, entry.site.loc);
  if (source !== undefined) out.source = source;
  out.includes = includeChain(entry.includes);
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The entries that shaped `path`, oldest first: an ancestor write counts
 * when it set the path or removed a value the path had.
 */
export function relevantEntries(entries: readonly ProvenanceEntry[], path: readonly Term[], below: boolean): { shown: ProvenanceEntry[]; hiddenBelow: number } {
  const shown: ProvenanceEntry[] = [];
  let hiddenBelow = 0;
  let exists = false;
  for (const e of entries) {
    if (!isPrefix(e.path, path) && !isPrefix(path, e.path)) continue;
    const relation = relationOf(e, path);
    if (relation === 'self') {
      exists = e.action !== 'delete';
      shown.push(e);
    } else if (relation === 'ancestor') {
      const has = e.value !== null && peek(e.value, path.slice(e.path.length)) !== undefined;
      if (has || exists) shown.push(e);
      exists = has;
    } else {
      if (e.action !== 'delete') exists = true;
      if (below) shown.push(e);
      else hiddenBelow++;
    }
  }
  return { shown, hiddenBelow };
}

/** What a missing path's deepest existing ancestor holds, to say what could have been meant. */
function nearestExisting(root: PanValue, path: readonly Term[]): { path: string; holds: string } {
  let n = path.length - 1;
  let v = peek(root, path.slice(0, n));
  while (v === undefined && n > 0) v = peek(root, path.slice(0, --n));
  const at = formatTerms(path.slice(0, n));
  if (v instanceof PanDict) {
    const keys = v.keys();
    const shown = keys.slice(0, 20).join(', ') + (keys.length > 20 ? `, ... (${keys.length} keys)` : '');
    return { path: at, holds: keys.length === 0 ? 'an empty dict' : `a dict with keys ${shown}` };
  }
  if (v instanceof PanList) return { path: at, holds: v.items.length === 0 ? "an empty list" : `a list of ${v.items.length} item${v.items.length === 1 ? "" : "s"} (indexes 0 to ${v.items.length - 1})` };
  return { path: at, holds: `a property (${kindOf(v as PanValue)}), which has no children` };
}

function isPrefix(prefix: readonly Term[], path: readonly Term[]): boolean {
  return prefix.length <= path.length && prefix.every((t, i) => t === path[i]);
}

/** Compile `object` with provenance and explain the value at `pathText`. */
export function explain(object: string, pathText: string, site: Site, options: ExplainOptions = {}): Explanation {
  const path = parseAbsolute(pathText);
  const session = newSession({ includePath: site.includePath, formats: [], provenance: true, warnings: 'off' });
  const file = findObjectTemplate(object, site, session);
  let name: string;
  try {
    name = session.loadTemplate({ file, location: '' }).name;
  } catch (e) {
    throw new ExplainError(asPanError(e, file).format());
  }
  const built = session.object(name, file);
  if (built.error !== undefined || built.root === undefined || built.context?.provenance == null) {
    throw new ExplainError(built.error?.format() ?? `object '${name}' produced no configuration`);
  }
  const ctx = built.context;
  const log = ctx.provenance as NonNullable<ObjectContext['provenance']>;
  const { shown, hiddenBelow } = relevantEntries(log.entries, path, options.below ?? false);
  const lines = new SourceLines();
  const value = peek(built.root, path);
  return {
    object: name, file, path: formatTerms(path),
    ...(value === undefined ? { nearest: nearestExisting(built.root, path) } : { value }),
    steps: shown.map((e) => step(e, path, ctx, lines)),
    hiddenBelow,
    references: [...ctx.references].sort(),
  };
}

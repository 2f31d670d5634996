/**
 * Running templates in an object: `include` (lookup, kind rules, unique and
 * declaration templates once per object), structure templates for create(),
 * and the activation stack behind TEMPLATE and error traces.
 */
import type { SourceRange } from '../ast.js';
import { PanError } from '../errors.js';
import { isValidTemplateName } from '../loader/source-lookup.js';
import { PanDict, PanList, type PanValue } from '../model/values.js';
import type { CompiledTemplate, TemplateRunState } from './compiled.js';
import type { TemplateMemo } from './memo.js';
import type { ObjectContext } from './object-context.js';

const MAX_INCLUDE_DEPTH = 500;

export interface IncludeSite {
  readonly file: string;
  readonly loc: SourceRange;
}

/** LOADPATH lists already turned into strings: the same frozen list is looked at on every include. */
const loadpaths = new WeakMap<PanList, readonly string[]>();
const NO_LOADPATH: readonly string[] = [];

/** Current LOADPATH as a list of strings. */
export function loadpathOf(ctx: ObjectContext): readonly string[] {
  const lp = ctx.getGlobal('LOADPATH')?.value;
  if (!(lp instanceof PanList)) return NO_LOADPATH;
  let out = lp.frozen ? loadpaths.get(lp) : undefined;
  if (out === undefined) {
    out = lp.items.filter((e): e is string => typeof e === 'string');
    if (lp.frozen) loadpaths.set(lp, out);
  }
  return out;
}

/** Look a template up (recording an ABSENT_SOURCE dependency when missing) and load it. */
export function findTemplate(ctx: ObjectContext, name: string, site: IncludeSite): CompiledTemplate | null {
  if (!isValidTemplateName(name)) throw new PanError('evaluation', `invalid template name '${name}'`, site.file, site.loc);
  const found = ctx.session.lookup.findTemplate(name, loadpathOf(ctx));
  if (found === null) {
    ctx.addDependency(ctx.session.lookup.absentDependency(name));
    return null;
  }
  const tpl = ctx.session.loadTemplate(found, name);
  ctx.addDependency(found.dependency);
  return tpl;
}

/** `include NAME;` (from a structure template being run by create(): into the same structure). */
export function includeTemplate(ctx: ObjectContext, name: string, site: IncludeSite, from?: TemplateRunState): void {
  const tpl = findTemplate(ctx, name, site);
  if (tpl === null) throw new PanError('evaluation', `cannot find template '${name}' on the include path`, site.file, site.loc);
  if (from?.structureRoot !== undefined) {
    if (tpl.kind !== 'structure') {
      throw new PanError('evaluation', `a structure template can only include structure templates, not ${tpl.kind} template '${name}'`, site.file, site.loc);
    }
    runTemplate(ctx, tpl, { prefix: null, structureRoot: from.structureRoot }, site);
    return;
  }
  const includer = ctx.currentTemplate();
  const includerKind = includer?.kind ?? 'object';
  switch (tpl.kind) {
    case 'object':
      throw new PanError('evaluation', `cannot include object template '${name}'`, site.file, site.loc);
    case 'structure':
      throw new PanError('evaluation', `cannot include structure template '${name}' (use create())`, site.file, site.loc);
    case 'unique':
    case 'declaration':
      if (includerKind === 'declaration' && tpl.kind !== 'declaration') {
        throw new PanError('evaluation', `declaration template '${includer?.name}' may only include declaration templates, not '${name}'`, site.file, site.loc);
      }
      if (ctx.hasRunOnce(tpl.name)) return;
      ctx.markRunOnce(tpl.name);
      break;
    case 'ordinary':
      if (includerKind === 'declaration') {
        throw new PanError('evaluation', `declaration template '${includer?.name}' may only include declaration templates, not '${name}'`, site.file, site.loc);
      }
      break;
  }
  runMemoised(ctx, tpl, site);
}

/**
 * Run an included template, or replay what it did in an earlier object when
 * everything it read is unchanged (memo.ts).
 */
function runMemoised(ctx: ObjectContext, tpl: CompiledTemplate, site: IncludeSite): void {
  const memo = ctx.session.memoFor(tpl.file);
  if (memo === undefined) runTemplate(ctx, tpl, { prefix: null }, site);
  else runOrReplay(ctx, memo, () => runTemplate(ctx, tpl, { prefix: null }, site));
}

/**
 * Replay the first recording of `memo` whose reads all still hold, or run
 * and record (unless the memo gave up: what it runs reads per-object data).
 */
export function runOrReplay(ctx: ObjectContext, memo: TemplateMemo, run: () => void): void {
  // A memo that never replayed after many runs reads per-object data: checking its
  // recordings would be waste, but for a retry now and then (memo.live).
  const live = memo.live;
  // noteHit reorders the variants, but the loop returns right after it.
  if (live) {
    for (const v of memo.variants) {
      if (ctx.stillHolds(v)) {
        memo.noteHit(v);
        ctx.session.memoStats.hits++;
        ctx.replay(v);
        return;
      }
    }
  }
  memo.noteMiss();
  ctx.session.memoStats.misses++;
  if (!live) {
    run();
    return;
  }
  const rec = ctx.beginRecording();
  try {
    run();
  } catch (e) {
    ctx.abandonRecording(rec);
    throw e;
  }
  ctx.endRecording(rec);
  if (rec.valid) memo.add(rec);
}

/** Run a template's statements in the object, with TEMPLATE and error traces pointing at it. */
export function runTemplate(ctx: ObjectContext, tpl: CompiledTemplate, state: TemplateRunState, includedAt?: IncludeSite): void {
  if (ctx.templates.length >= MAX_INCLUDE_DEPTH) {
    throw new PanError('evaluation', `include depth above ${MAX_INCLUDE_DEPTH}: templates include each other without end`, includedAt?.file, includedAt?.loc);
  }
  ctx.templates.push({ name: tpl.name, file: tpl.file, kind: tpl.kind, includedAt });
  try {
    for (const s of tpl.statements) s(ctx, state);
  } finally {
    ctx.templates.pop();
  }
}

/** create(NAME, k, v, ...): run a structure template into a fresh dict. */
export function runStructure(ctx: ObjectContext, name: string, site: IncludeSite): PanValue {
  const tpl = findTemplate(ctx, name, site);
  if (tpl === null) throw new PanError('evaluation', `cannot find structure template '${name}'`, site.file, site.loc);
  if (tpl.kind !== 'structure') {
    throw new PanError('evaluation', `create() requires a structure template; '${name}' is a${tpl.kind === 'object' || tpl.kind === 'ordinary' ? 'n' : ''} ${tpl.kind} template`, site.file, site.loc);
  }
  const holder: { value: PanValue } = { value: new PanDict() };
  runTemplate(ctx, tpl, { prefix: null, structureRoot: holder }, site);
  return holder.value;
}

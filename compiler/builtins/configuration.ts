/**
 * Built-ins that look at the configuration, at other objects and at the
 * template library: value, exists, path_exists, is_defined, if_exists,
 * create, file_contents, file_exists.
 */
import { gunzipSync } from 'node:zlib';
import type { Expr } from '../ast.js';
import { PanError } from '../errors.js';
import { compiledFrom, type DmlCompiler } from '../eval/compile-dml.js';
import type { Frame } from '../eval/frame.js';
import type { ObjectContext } from '../eval/object-context.js';
import { loadpathOf, runStructure } from '../eval/run-template.js';
import { peek } from '../eval/object-context.js';
import { PathError, keyFromString, parsePath, type PanPath } from '../model/path.js';
import { PanDict, UNDEF, freeze, type PanValue } from '../model/values.js';
import { argString, describe, fail } from './args.js';
import type { BuiltinSpec, CallSite } from './registry.js';

function pathOf(fn: string, text: string): PanPath {
  try {
    return parsePath(text);
  } catch (e) {
    if (e instanceof PathError) return fail(`${fn}(): ${e.message}`);
    throw e;
  }
}

/** Whether a path is in this object's own tree (absolute, or external naming this object). */
function ownTree(ctx: ObjectContext, p: PanPath, fn: string): boolean {
  if (p.kind === 'relative') return fail(`${fn}() requires an absolute or external path, not '${p.terms.join('/')}'`);
  return p.kind === 'absolute' || ctx.objectNameIs(p.object as string);
}

/** Root of another object, compiled on demand; its dependencies become ours. */
export function externalRoot(ctx: ObjectContext, name: string, fn: string, missingIsAbsent: boolean): PanDict | undefined {
  const session = ctx.session;
  const found = session.lookup.findTemplate(name, []);
  if (found === null) {
    if (missingIsAbsent) return undefined;
    return fail(`${fn}(): object template '${name}' does not exist`);
  }
  const built = session.object(name);
  if (built.error !== undefined) {
    throw new PanError('evaluation', `${fn}(): object '${name}' could not be compiled: ${built.error.message}`);
  }
  ctx.addReference(name);
  for (const d of built.deps.values()) ctx.addDependency(d);
  return built.root;
}

function value(args: PanValue[], f: Frame): PanValue {
  const text = argString('value', args, 0);
  const p = pathOf('value', text);
  let v: PanValue | undefined;
  if (ownTree(f.ctx, p, 'value')) v = f.ctx.readTree(p.terms);
  else {
    const root = externalRoot(f.ctx, p.object as string, 'value', false);
    v = root === undefined ? undefined : peek(root, p.terms);
  }
  if (v === undefined || v === UNDEF) {
    if (args.length > 1) return args[1] as PanValue;
    if (v === undefined) return fail(`value(): element '${text}' does not exist`);
  }
  return freeze(v);
}

/** A path exists (path_exists(), or exists() given a path). */
function pathExists(ctx: ObjectContext, text: string, fn: string): boolean {
  const p = pathOf(fn, text);
  if (ownTree(ctx, p, fn)) return ctx.treeHas(p.terms, false);
  const root = externalRoot(ctx, p.object as string, fn, true);
  return root !== undefined && peek(root, p.terms) !== undefined;
}

function looksLikePath(s: string): boolean {
  return s.startsWith('/') || /^[^/{]+:/.test(s) || (s.includes(':') && !s.startsWith('{'));
}

/** A test of a variable element (SELF included), without evaluating it: what exists() and is_defined() do with a variable. */
function compileVariableTest(arg: Expr & { kind: 'var' }, c: DmlCompiler, test: (v: PanValue | undefined) => boolean) {
  if (arg.name === 'SELF' && arg.indices.length === 0) {
    if (!c.selfAvailable) throw c.error('SELF cannot be used here', arg.loc);
    return compiledFrom(arg, (f: Frame) => test(f.self.get()));
  }
  const lv = c.lvalue(arg, false);
  const slow = (f: Frame): boolean => test(lv.get(f));
  return c.derivedElementTest(arg, test, slow) ?? compiledFrom(arg, slow);
}

/** exists(x): a variable element (not evaluated), a path, or a template name. */
function compileExists(args: readonly Expr[], c: DmlCompiler, site: CallSite) {
  const arg = args[0] as Expr;
  if (arg.kind === 'var') return compileVariableTest(arg, c, (v) => v !== undefined);
  const a = c.compileArg(arg);
  const file = c.file;
  return compiledFrom(arg, (f: Frame) => {
    const v = a.fn(f);
    try {
      if (typeof v !== 'string') return fail(`exists() requires a variable, a path or a template name, not ${describe(v)}`);
      if (looksLikePath(v)) return pathExists(f.ctx, v, 'exists');
      return templateExists(f.ctx, v);
    } catch (err) {
      throw err instanceof PanError ? err.locate(file, site.loc) : err;
    }
  });
}

function templateExists(ctx: ObjectContext, name: string): boolean {
  const found = ctx.session.lookup.findTemplate(name, loadpathOf(ctx));
  if (found === null) ctx.addDependency(ctx.session.lookup.absentDependency(name));
  return found !== null;
}

/** is_defined(x): exists and is neither undef nor null; a variable is not evaluated. */
function compileIsDefined(args: readonly Expr[], c: DmlCompiler) {
  const arg = args[0] as Expr;
  const defined = (v: PanValue | undefined): boolean => v !== undefined && v !== UNDEF && v !== null;
  if (arg.kind === 'var') return compileVariableTest(arg, c, defined);
  const a = c.compileArg(arg);
  return compiledFrom(arg, (f: Frame) => defined(a.fn(f)));
}

function ifExists(args: PanValue[], f: Frame): PanValue {
  const name = argString('if_exists', args, 0);
  return templateExists(f.ctx, name) ? name : UNDEF;
}

function create(args: PanValue[], f: Frame, site: CallSite): PanValue {
  const name = argString('create', args, 0);
  if (args.length % 2 !== 1) fail('create() requires a template name followed by key, value pairs');
  const built = runStructure(f.ctx, name, { file: site.file, loc: site.loc });
  if (!(built instanceof PanDict)) return built;
  const d = built.frozen ? built.clone() : built;
  for (let i = 1; i < args.length; i += 2) {
    const raw = args[i];
    const k = typeof raw === 'string' ? keyFromString(raw) : null;
    if (k === null) return fail(`create(): invalid key ${describe(raw)}`);
    const v = args[i + 1] as PanValue;
    if (v === null) d.delete(k);
    else d.set(k, freeze(v));
  }
  return d;
}

function fileContents(args: PanValue[], f: Frame): string {
  const name = argString('file_contents', args, 0);
  const encoding = args.length > 1 ? argString('file_contents', args, 1) : undefined;
  if (encoding !== undefined && encoding !== 'gzip') fail(`file_contents(): unknown encoding '${encoding}' (only 'gzip')`);
  const ctx = f.ctx;
  const found = ctx.session.lookup.findFile(name, loadpathOf(ctx));
  if (found === null) return fail(`file_contents(): cannot find file '${name}' on the include path`);
  ctx.addDependency(found.dependency);
  if (encoding === 'gzip') {
    try {
      return gunzipSync(ctx.session.lookup.readBytes(found.file)).toString('utf8');
    } catch {
      return fail(`file_contents(): '${name}' is not valid gzip data`);
    }
  }
  return ctx.session.lookup.readText(found.file);
}

function fileExists(args: PanValue[], f: Frame): boolean {
  const name = argString('file_exists', args, 0);
  return f.ctx.session.lookup.findFile(name, loadpathOf(f.ctx)) !== null;
}

export const configurationBuiltins: BuiltinSpec[] = [
  { name: 'value', minArgs: 1, maxArgs: 2, call: value },
  {
    name: 'path_exists', minArgs: 1, maxArgs: 1,
    call: (a, f) => pathExists(f.ctx, argString('path_exists', a, 0), 'path_exists'),
  },
  { name: 'exists', minArgs: 1, maxArgs: 1, compile: compileExists },
  { name: 'is_defined', minArgs: 1, maxArgs: 1, compile: compileIsDefined },
  { name: 'if_exists', minArgs: 1, maxArgs: 1, call: ifExists },
  { name: 'create', minArgs: 1, maxArgs: Infinity, call: create },
  { name: 'file_contents', minArgs: 1, maxArgs: 2, call: fileContents },
  { name: 'file_exists', minArgs: 1, maxArgs: 1, call: fileExists },
];

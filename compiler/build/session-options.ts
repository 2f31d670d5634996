/**
 * From command-line options to a session's options, without loading the
 * parser (the build driver loads it only when a template must be parsed).
 */
import type { Expr } from '../ast.js';
import { PanError } from '../errors.js';
import { DmlCompiler } from '../eval/compile-dml.js';
import { Frame, NoSelf } from '../eval/frame.js';
import { CompileSession, type SessionOptions } from '../eval/session.js';
import { PanDict, freeze } from '../model/values.js';
import type { CompileOptions } from './api.js';
import { buildObject } from './build-object.js';

export const DEFAULT_MAX_ITERATION = 10_000;
export const DEFAULT_MAX_RECURSION = 50;

export type ExpressionParser = (source: string, file: string) => Expr;

function patterns(list: readonly string[] | undefined): RegExp[] {
  return (list ?? []).map((p) => new RegExp(`^(?:${p})$`));
}

export function limitsOf(options: CompileOptions): { maxIteration: number; maxRecursion: number } {
  return {
    maxIteration: options.maxIteration ?? DEFAULT_MAX_ITERATION,
    maxRecursion: options.maxRecursion ?? DEFAULT_MAX_RECURSION,
  };
}

/** Evaluate --initial-data (a DML expression) once: the starting root of every object. */
export function evaluateInitialData(text: string | undefined, options: CompileOptions, parse: ExpressionParser): PanDict | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const expr = parse(text, '<initial-data>');
  const body = new DmlCompiler('<initial-data>', 'type-default', limitsOf(options)).compileBody(expr);
  const v = body.constant ?? body.fn(new Frame(undefined as never, new NoSelf(), body.nslots, null, null));
  if (!(v instanceof PanDict)) throw new PanError('evaluation', 'the initial data must be a dict', '<initial-data>');
  return freeze(v);
}

/** Session options; `initialRoot` is the already evaluated --initial-data. */
export function sessionOptionsWith(options: CompileOptions, initialRoot: PanDict | undefined): SessionOptions {
  return {
    includePath: options.includePath.length > 0 ? options.includePath : ['.'],
    ...limitsOf(options),
    debug: options.debug ?? false,
    debugNsInclude: patterns(options.debugNsInclude),
    debugNsExclude: patterns(options.debugNsExclude),
    deprecationLevel: options.warnings === 'off' ? -1 : (options.deprecationLevel ?? 0),
    initialRoot,
    memo: options.memo,
    provenance: options.provenance,
  };
}

export function newSessionWith(options: CompileOptions, initialRoot: PanDict | undefined): CompileSession {
  return new CompileSession(sessionOptionsWith(options, initialRoot), buildObject);
}

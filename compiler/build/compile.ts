/**
 * compile(): the compiler's entry point for the command line, tests and
 * benchmarks. Builds each object template given as a file and writes the
 * requested formats; a profile that fails writes nothing.
 */
import { join, resolve } from "node:path";
import { atomicWriteFileSync } from '../../common/fs.js';
import { PanError, asPanError } from '../errors.js';
import { Frame, NoSelf } from '../eval/frame.js';
import { CompileSession, type SessionOptions } from '../eval/session.js';
import { DmlCompiler } from '../eval/compile-dml.js';
import { PanDict, freeze } from '../model/values.js';
import { formatProfile, outputSuffix, type Dependency } from '../output/index.js';
import { parseExpression } from '../parser/index.js';
import type { CompileOptions, CompileResult, ObjectResult, OutputFormat } from './api.js';
import { buildObject } from './build-object.js';

export const DEFAULT_MAX_ITERATION = 10_000;
export const DEFAULT_MAX_RECURSION = 50;

function patterns(list: readonly string[] | undefined): RegExp[] {
  return (list ?? []).map((p) => new RegExp(`^(?:${p})$`));
}

/** Evaluate --initial-data (a DML expression) once: the starting root of every object. */
function initialRoot(text: string | undefined, limits: { maxIteration: number; maxRecursion: number }): PanDict | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const expr = parseExpression(text, '<initial-data>');
  const body = new DmlCompiler('<initial-data>', 'type-default', limits).compileBody(expr);
  const v = body.constant ?? body.fn(new Frame(undefined as never, new NoSelf(), body.nslots, null, null));
  if (!(v instanceof PanDict)) throw new PanError('evaluation', 'the initial data must be a dict', '<initial-data>');
  return freeze(v);
}

export function sessionOptions(options: CompileOptions): SessionOptions {
  const limits = {
    maxIteration: options.maxIteration ?? DEFAULT_MAX_ITERATION,
    maxRecursion: options.maxRecursion ?? DEFAULT_MAX_RECURSION,
  };
  return {
    includePath: options.includePath.length > 0 ? options.includePath : ['.'],
    ...limits,
    debug: options.debug ?? false,
    debugNsInclude: patterns(options.debugNsInclude),
    debugNsExclude: patterns(options.debugNsExclude),
    deprecationLevel: options.warnings === 'off' ? -1 : 0,
    initialRoot: initialRoot(options.initialData, limits),
    memo: options.memo,
    provenance: options.provenance,
  };
}

export function newSession(options: CompileOptions): CompileSession {
  return new CompileSession(sessionOptions(options), buildObject);
}

/** Write the requested formats of one object (atomically, each file). */
export function writeOutputs(outputDir: string, name: string, root: PanDict, deps: Iterable<Dependency>, formats: readonly OutputFormat[]): void {
  const depList = [...deps];
  for (const format of formats) {
    if (format === 'null') continue;
    const suffix = outputSuffix(format);
    if (suffix === null) continue;
    atomicWriteFileSync(join(outputDir, name + suffix), formatProfile(format, root, depList, name));
  }
}

/** Object name of a template file: its declared name (parsed, not executed). */
function objectNameOf(session: CompileSession, file: string): string {
  return session.loadTemplate({ file, location: '' }).name;
}

export async function compile(files: readonly string[], options: CompileOptions): Promise<CompileResult> {
  const errors: PanError[] = [];
  const objects: ObjectResult[] = [];
  let session: CompileSession;
  try {
    session = newSession(options);
  } catch (e) {
    return { objects, errors: [asPanError(e)], warnings: [] };
  }
  for (const f of files) {
    const file = resolve(f);
    let name: string;
    try {
      name = objectNameOf(session, file);
    } catch (e) {
      errors.push(asPanError(e, file));
      objects.push({ name: f, file, ok: false });
      continue;
    }
    const built = session.object(name, file);
    if (built.error !== undefined || built.root === undefined) {
      errors.push(built.error ?? new PanError('system', `object '${name}' produced no configuration`, file));
      objects.push({ name, file, ok: false });
      continue;
    }
    if (options.outputDir !== undefined) {
      try {
        writeOutputs(options.outputDir, name, built.root, built.deps.values(), options.formats);
      } catch (e) {
        errors.push(asPanError(e, join(options.outputDir, name)));
        objects.push({ name, file, ok: false });
        continue;
      }
    }
    objects.push({ name, file, ok: true });
  }
  return { objects, errors, warnings: session.warnings.slice() };
}


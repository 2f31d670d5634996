/**
 * compile(): the compiler's entry point for tests, the conformance runner and
 * other parts. Builds each object template given as a file, in the calling
 * thread, and writes the requested formats; a profile that fails writes
 * nothing. The command line uses the build driver (driver.ts) instead, which
 * adds worker threads, the build cache and the profiles index.
 *
 * Importing this module loads the parser (the driver loads it lazily).
 */
import { join, resolve } from 'node:path';
import { atomicWriteFileSync } from '../../common/fs.js';
import { PanError, asPanError } from '../errors.js';
import type { CompileSession } from '../eval/session.js';
import { useParser } from '../loader/template-parser.js';
import type { PanDict } from '../model/values.js';
import { formatProfile, outputSuffix, type Dependency } from '../output/index.js';
import { parseExpression, parseTemplate } from '../parser/index.js';
import type { CompileOptions, CompileResult, ObjectResult, OutputFormat } from './api.js';
import { writableFormats } from './outputs.js';
import { evaluateInitialData, newSessionWith } from './session-options.js';

useParser(parseTemplate);

export function newSession(options: CompileOptions): CompileSession {
  return newSessionWith(options, evaluateInitialData(options.initialData, options, parseExpression));
}

/** Write the requested formats of one object (atomically, each file once). */
export function writeOutputs(outputDir: string, name: string, root: PanDict, deps: Iterable<Dependency>, formats: readonly OutputFormat[]): void {
  const depList = [...deps];
  for (const format of writableFormats(formats)) {
    atomicWriteFileSync(join(outputDir, name + (outputSuffix(format) as string)), formatProfile(format, root, depList, name));
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

/**
 * Building one object, in panc's phases: execute its object template (and
 * everything it includes), apply type defaults, validate. The result is the
 * frozen configuration tree or the first error, plus the dependencies.
 */
import { dirname } from 'node:path';
import { PanError, asPanError } from '../errors.js';
import { ObjectContext } from '../eval/object-context.js';
import { runTemplate } from '../eval/run-template.js';
import type { BuiltObject, CompileSession } from '../eval/session.js';
import { javaDirectoryUri } from '../output/dep.js';
import { freeze } from '../model/values.js';
import { completeObject } from '../types/validate-object.js';
import '../builtins/index.js';

/** Build object `name`, from `file` when given (command line), else looked up by name. */
export function buildObject(session: CompileSession, name: string, file: string | undefined): BuiltObject {
  let source: { file: string; location: string } | null;
  if (file !== undefined) {
    source = { file, location: javaDirectoryUri(dirname(file)) };
  } else {
    source = session.lookup.findTemplate(name, []);
    if (source === null) {
      return { name, file: name, error: new PanError('evaluation', `cannot find object template '${name}'`), deps: new Map() };
    }
  }
  const ctx = new ObjectContext(name, source.file, session, session.options.initialRoot);
  try {
    const tpl = session.loadTemplate(source, file === undefined ? name : undefined);
    if (tpl.kind !== 'object') {
      throw new PanError('evaluation', `'${tpl.name}' is a${tpl.kind === 'ordinary' ? 'n' : ''} ${tpl.kind} template, not an object template`, source.file, tpl.headerLoc);
    }
    ctx.addDependency({ name: tpl.name, type: 'PAN', location: source.location });
    runTemplate(ctx, tpl, { prefix: null });
    completeObject(ctx);
    return { name, file: source.file, root: freeze(ctx.root), deps: ctx.deps, context: ctx };
  } catch (e) {
    const err = asPanError(e, source.file);
    if (err.kind === 'validation' && err.file === undefined) err.file = source.file;
    // The context is kept so that `explain` can show how values got into an object that fails.
    return { name, file: source.file, error: err, deps: ctx.deps, context: ctx };
  }
}

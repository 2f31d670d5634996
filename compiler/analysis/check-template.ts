/**
 * Static rules of a template, checked once when it is loaded (panc reports
 * them as syntax errors): what each kind of template may contain, valid and
 * matching template names, literal paths, reserved variable names.
 */
import type { Statement, TemplateAst } from '../ast.js';
import { syntaxError } from '../errors.js';
import { isValidTemplateName } from '../loader/source-lookup.js';
import { builtin } from '../builtins/registry.js';

export const AUTOMATIC_VARIABLES: ReadonlySet<string> = new Set(['SELF', 'ARGV', 'ARGC', 'FUNCTION', 'TEMPLATE', 'OBJECT']);

/**
 * `expectedName`: the name the template was looked up by, or, for a template
 * given as a file, undefined (then its file path must end with its name).
 */
export function checkTemplate(ast: TemplateAst, file: string, expectedName: string | undefined): void {
  if (!isValidTemplateName(ast.name)) {
    throw syntaxError(`invalid template name '${ast.name}'`, file, ast.nameLoc);
  }
  if (expectedName !== undefined) {
    if (ast.name !== expectedName) {
      throw syntaxError(`template name '${ast.name}' does not match the name it was loaded as ('${expectedName}')`, file, ast.nameLoc);
    }
  } else {
    const normalized = file.replace(/\\/g, '/');
    if (!normalized.endsWith(`/${ast.name}.pan`) && !normalized.endsWith(`/${ast.name}.tpl`) && normalized !== `${ast.name}.pan`) {
      throw syntaxError(`template name '${ast.name}' does not match its file name '${file}'`, file, ast.nameLoc);
    }
  }
  for (const s of ast.statements) checkStatement(ast, s, file);
}

function checkStatement(ast: TemplateAst, s: Statement, file: string): void {
  const kind = ast.kind;
  switch (s.kind) {
    case 'variable':
      if (kind === 'structure') throw syntaxError('variable statements are not allowed in structure templates', file, s.loc);
      if (AUTOMATIC_VARIABLES.has(s.name)) throw syntaxError(`cannot set the automatic variable ${s.name}`, file, s.nameLoc);
      return;
    case 'function':
      if (kind === 'structure') throw syntaxError('function statements are not allowed in structure templates', file, s.loc);
      if (AUTOMATIC_VARIABLES.has(s.name)) throw syntaxError(`${s.name} cannot be used as a function name`, file, s.nameLoc);
      if (builtin(s.name) !== undefined) throw syntaxError(`cannot redefine the built-in function ${s.name}()`, file, s.nameLoc);
      return;
    case 'type':
      if (kind === 'structure') throw syntaxError('type statements are not allowed in structure templates', file, s.loc);
      return;
    case 'bind':
    case 'valid':
      if (kind === 'structure') throw syntaxError(`${s.kind} statements are not allowed in structure templates`, file, s.loc);
      return;
    case 'assign':
      if (kind === 'declaration') throw syntaxError('path assignments are not allowed in declaration templates', file, s.loc);
      return;
    case 'include':
    case 'prefix':
      return;
  }
}

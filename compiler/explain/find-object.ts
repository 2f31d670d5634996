/**
 * Finding the object template `explain` should compile: a file named on the
 * command line, an object of the site file (by object name, or by the last
 * part of it), or a template of that name on the include path.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CompileSession } from '../eval/session.js';
import { isValidTemplateName } from '../loader/source-lookup.js';
import { objectTemplates, type Site } from '../diff/site.js';

export class ObjectNotFound extends Error {}

const OBJECT_NAME = /^\s*object\s+template\s+([^\s;]+)\s*;/m;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Declared name of an object template (from its header, without running it). */
function declaredObjectName(text: string): string | undefined {
  return OBJECT_NAME.exec(text)?.[1];
}

function fromSite(object: string, site: Site): string | undefined {
  const named = objectTemplates(site, true).map(({ file, text }) => ({ file, name: declaredObjectName(text ?? readFileSync(file, 'utf8')) ?? '' }));
  const exact = named.find((n) => n.name === object);
  if (exact !== undefined) return exact.file;
  const bySuffix = named.filter((n) => n.name.endsWith('/' + object));
  if (bySuffix.length > 1) throw new ObjectNotFound(`'${object}' names several objects: ${bySuffix.map((n) => n.name).join(', ')}`);
  return bySuffix[0]?.file;
}

/** The object template file for `object` (a file, an object name or a template name). */
export function findObjectTemplate(object: string, site: Site, session: CompileSession): string {
  if (isFile(object)) return resolve(object);
  const listed = fromSite(object, site);
  if (listed !== undefined) return listed;
  const found = isValidTemplateName(object) ? session.lookup.findTemplate(object, []) : null;
  if (found !== null) return found.file;
  const where = session.lookup.includeDirs.join(', ');
  throw new ObjectNotFound(`cannot find object '${object}': not a file, not an object of the site, not a template on the include path (${where})`);
}

/**
 * panc's `.dep` format: the templates and files an object used, one line
 * each, `<name> <TYPE> <location>`, sorted by name in Java String order, each
 * distinct line once. Absent templates (probed through if_exists/exists but
 * found nowhere) have an empty location, so their line ends with a space.
 */
import { compareJavaStrings } from '../model/values.js';
import { replaceUnpairedSurrogates } from './surrogates.js';

/** PAN: a `.pan` template; TPL: a template found as `.tpl`; TEXT: a file read by file_contents. */
export type DependencyType = 'PAN' | 'TPL' | 'TEXT' | 'ABSENT_SOURCE';

export interface Dependency {
  /** Template name (`a/b`) or, for TEXT, the file's path relative to its include directory. */
  name: string;
  type: DependencyType;
  /** Directory URI as panc writes it (`file:/abs/dir/`); empty for ABSENT_SOURCE. */
  location: string;
}

/** Orders by name, then type, then location (names are unique in practice). */
export function compareDependencies(a: Dependency, b: Dependency): number {
  return compareJavaStrings(a.name, b.name) || compareJavaStrings(a.type, b.type) || compareJavaStrings(a.location, b.location);
}

/** The `.dep` file content (each line ends with a newline; empty when there are no dependencies). */
export function formatDep(deps: Iterable<Dependency>): string {
  const list = Array.from(deps);
  // Template names hold no character at or below the space, so sorting whole
  // lines (a plain string sort, much faster) orders by name, then type, then
  // location; names with blanks (files) take the field-wise comparison.
  const byLine = list.every((d) => !/[\x00-\x20]/.test(d.name));
  const lines = byLine
    ? list.map((d) => d.name + ' ' + d.type + ' ' + d.location).sort()
    : list.sort(compareDependencies).map((d) => d.name + ' ' + d.type + ' ' + d.location);
  let out = '';
  let previous: string | undefined;
  for (const line of lines) {
    if (line !== previous) out += line + '\n';
    previous = line;
  }
  return replaceUnpairedSurrogates(out);
}

/** Reads `.dep` text back (for tests and `panfab diff`); `$CFG`-style placeholders are left alone. */
export function parseDep(text: string): Dependency[] {
  const deps: Dependency[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [name = '', type = '', ...rest] = line.split(' ');
    if (type !== 'PAN' && type !== 'TPL' && type !== 'TEXT' && type !== 'ABSENT_SOURCE') {
      throw new Error(`not a .dep line (unknown type ${JSON.stringify(type)}): ${line}`);
    }
    deps.push({ name, type, location: rest.join(' ') });
  }
  return deps;
}

/** Characters Java's URI keeps as they are in a path (unreserved, punct, '/', '@'). */
const URI_PATH_LEGAL = /^[A-Za-z0-9_\-!.~'()*,;:$&+=/@]$/;

/**
 * The location panc writes for a directory: Java's `File.toURI().toString()`
 * (`file:` + absolute path + `/`), with the characters a URI path cannot hold
 * percent-encoded as Java does (UTF-8 bytes, upper-case hex); non-ASCII
 * letters and symbols stay as they are.
 */
export function javaDirectoryUri(absoluteDir: string): string {
  const path = absoluteDir.endsWith('/') ? absoluteDir : absoluteDir + '/';
  let out = 'file:';
  for (const ch of path) {
    const cp = ch.codePointAt(0) as number;
    const keep = cp < 0x80 ? URI_PATH_LEGAL.test(ch) : cp > 0x9f && !/^[\p{Zs}\p{Zl}\p{Zp}]$/u.test(ch);
    out += keep ? ch : percentEncode(ch);
  }
  return out;
}

function percentEncode(ch: string): string {
  let out = '';
  for (const byte of Buffer.from(ch, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  return out;
}

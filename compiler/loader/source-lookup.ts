/**
 * Source lookup, as panc does it: for each include directory in order, for
 * each LOADPATH entry (the empty prefix first), try NAME.pan then NAME.tpl.
 * Existence checks and file contents are cached for the whole session (a
 * site build asks the same questions for every profile).
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { javaDirectoryUri } from '../output/dep.js';

export interface FoundSource {
  /** Template name (`a/b`) or file name as asked. */
  readonly name: string;
  /** Absolute file path. */
  readonly file: string;
  /** Directory it was found in (include dir + LOADPATH entry), as panc's dep writes it: `file:/abs/dir/`. */
  readonly location: string;
  readonly type: 'PAN' | 'TEXT';
}

const TEMPLATE_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_.+-]*(\/[a-zA-Z0-9_.+-]+)*$/;

export function isValidTemplateName(name: string): boolean {
  return TEMPLATE_NAME.test(name);
}

export class SourceLookup {
  readonly includeDirs: readonly string[];
  private readonly isFileCache = new Map<string, boolean>();
  private readonly templateCache = new Map<string, FoundSource | null>();
  private readonly textCache = new Map<string, string>();

  constructor(includePath: readonly string[]) {
    this.includeDirs = includePath.map((d) => resolve(d));
  }

  isFile(path: string): boolean {
    let r = this.isFileCache.get(path);
    if (r === undefined) {
      try {
        r = statSync(path).isFile();
      } catch {
        r = false;
      }
      this.isFileCache.set(path, r);
    }
    return r;
  }

  /** Candidate directories: include dirs times LOADPATH entries, in panc's order. */
  private *dirs(loadpath: readonly string[]): Generator<string> {
    for (const inc of this.includeDirs) {
      yield inc;
      for (const lp of loadpath) if (lp !== '') yield join(inc, lp);
    }
  }

  /** Find a template by name; null when absent. */
  findTemplate(name: string, loadpath: readonly string[]): FoundSource | null {
    const key = loadpath.length === 0 ? name : `${name}\u0000${loadpath.join('\u0000')}`;
    const cached = this.templateCache.get(key);
    if (cached !== undefined) return cached;
    let found: FoundSource | null = null;
    for (const dir of this.dirs(loadpath)) {
      for (const ext of ['.pan', '.tpl']) {
        const file = join(dir, name + ext);
        if (this.isFile(file)) {
          found = { name, file, location: javaDirectoryUri(dir), type: 'PAN' };
          break;
        }
      }
      if (found) break;
    }
    this.templateCache.set(key, found);
    return found;
  }

  /** Find a data file (file_contents, file_exists) relative to the include path. */
  findFile(name: string, loadpath: readonly string[]): FoundSource | null {
    if (isAbsolute(name)) return null;
    for (const dir of this.dirs(loadpath)) {
      const file = join(dir, name);
      if (this.isFile(file)) return { name, file, location: javaDirectoryUri(dir), type: 'TEXT' };
    }
    return null;
  }

  readText(file: string): string {
    let t = this.textCache.get(file);
    if (t === undefined) {
      t = readFileSync(file, 'utf8');
      this.textCache.set(file, t);
    }
    return t;
  }

  readBytes(file: string): Buffer {
    return readFileSync(file);
  }
}

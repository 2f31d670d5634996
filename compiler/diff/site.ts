/**
 * What to compile for a site: the include path and the object templates.
 * They come from the command line (`--include-path`, `--objects`) or from a
 * site description (panfab.yaml, read by the loader the command passes in:
 * the one `panfab example` uses). In a directory given as objects, an object
 * template is a `.pan` or `.tpl` file whose header says `object template`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Site {
  /** Absolute include directories, in search order. */
  readonly includePath: string[];
  /** Absolute paths of object template files or of directories holding them. */
  readonly objects: string[];
}

/** Reads a site description (a panfab.yaml, or a directory holding one). */
export type SiteLoader = (siteFile: string) => Promise<Site>;

export class SiteError extends Error {}

const OBJECT_HEADER = /^\s*object\s+template\s/m;
const TEMPLATE_FILE = /\.(pan|tpl)$/;

/** A site from options: `--include-path A:B` (panc's spelling) and object template files or directories. */
export function siteFromOptions(includePath: readonly string[], objects: readonly string[]): Site {
  return {
    includePath: includePath.flatMap((p) => p.split(':')).filter((p) => p !== '').map((p) => resolve(p)),
    objects: objects.map((p) => resolve(p)),
  };
}

/** The object template files of a site, sorted (directories searched recursively); `missingOk` skips paths that do not exist. */
export function objectTemplateFiles(site: Site, missingOk = false): string[] {
  return objectTemplates(site, missingOk).map((t) => t.file);
}

/**
 * objectTemplateFiles, each with its text when it was read to check its
 * header (files found in directories); undefined for files named directly.
 */
export function objectTemplates(site: Site, missingOk = false): { file: string; text: string | undefined }[] {
  const found = new Map<string, string | undefined>();
  for (const p of site.objects) {
    let st;
    try {
      st = statSync(p);
    } catch {
      if (missingOk) continue;
      throw new SiteError(`${p}: no such file or directory`);
    }
    if (!st.isDirectory()) {
      if (!found.has(p)) found.set(p, undefined);
      continue;
    }
    for (const rel of readdirSync(p, { recursive: true, encoding: 'utf8' })) {
      const f = join(p, rel);
      if (!TEMPLATE_FILE.test(rel) || !statSync(f).isFile()) continue;
      const text = readFileSync(f, 'utf8');
      if (OBJECT_HEADER.test(text)) found.set(f, text);
    }
  }
  return [...found.keys()].sort().map((file) => ({ file, text: found.get(file) }));
}

/**
 * Source text to syntax tree, through the persistent parse cache when one is
 * in use. The parser (chevrotain) is registered rather than imported: loading
 * it costs more than a whole cached rebuild, so the build driver loads it only
 * when something has to be parsed. compiler/build/compile.ts registers it for
 * every user of the plain compile() API. Every tree given out has its strings
 * shared (model/shared-strings.ts): the parser shares them as it reads, and
 * trees from the cache are walked.
 */
import type { TemplateAst } from '../ast.js';
import { PanError } from '../errors.js';
import type { ParseCache } from './parse-cache.js';
import { shareStrings } from '../model/shared-strings.js';
import { readIfHash } from './file-state.js';

export type TemplateParser = (source: string, file: string) => TemplateAst;

let parser: TemplateParser | undefined;
let cache: ParseCache | undefined;
let missed = false;
const stats = { parsed: 0, cached: 0 };

export function useParser(parse: TemplateParser): void {
  parser = parse;
}

/** Import and register the parser (a no-op once loaded). */
export async function loadParser(): Promise<void> {
  if (parser === undefined) {
    const m = await import('../parser/index.js');
    parser = m.parseTemplate;
  }
}

/** Use `c` (or no cache) for the templates parsed from now on. */
export function useParseCache(c: ParseCache | undefined): void {
  cache = c;
}

/**
 * Whether a template had to be parsed while no parser was loaded since the
 * last call: whatever was built meanwhile must be built again with the parser.
 */
export function takeParserMissed(): boolean {
  const m = missed;
  missed = false;
  return m;
}

/** Templates parsed and taken from the cache so far (for --verbose and the benchmark). */
export function parseStats(): { parsed: number; cached: number } {
  return { ...stats };
}

export function parseTemplateSource(source: string, hash: string, file: string): TemplateAst {
  // Few small templates are in the cache (keepSharedTree): a cheap look first.
  const hit = source.length >= MIN_CACHED_SOURCE || cache?.has(hash) === true ? cache?.get(hash) : undefined;
  if (hit !== undefined) {
    stats.cached++;
    shareStrings(hit);
    return hit;
  }
  if (parser === undefined) {
    missed = true;
    throw new PanError('system', 'the Pan parser is not loaded', file);
  }
  const ast = parser(source, file); // its strings are shared already (parser/token-values.ts)
  if (cache !== undefined && source.length >= MIN_CACHED_SOURCE) cache.put(hash, ast);
  stats.parsed++;
  return ast;
}

/**
 * Sources shorter than this are cached only once a second profile uses them
 * (keepSharedTree): a site has a small object and hardware template per
 * host, and creating a cache file for each costs a cold build far more than
 * parsing them does.
 */
export const MIN_CACHED_SOURCE = 1024;

/**
 * Put a small template's tree in the parse cache: called when a second
 * profile of the build uses it. Not for speed (a fresh process reads a small
 * tree about as fast as it parses it), but so that a later edit of its
 * comments or layout can be told from a real one: the build cache compares
 * the new tree with the recorded text's (compiler/build/syntax-cutoff.ts).
 * `hash`: the content the session read; a file changed since is left out.
 */
export function keepSharedTree(file: string, hash: string): void {
  if (cache === undefined || parser === undefined || cache.has(hash)) return;
  const bytes = readIfHash(file, hash);
  if (bytes === undefined || bytes.length >= MIN_CACHED_SOURCE) return;
  let ast: TemplateAst;
  try {
    ast = parser(bytes.toString('utf8'), file);
  } catch {
    return; // no tree to keep: its profiles fail with the parse error
  }
  cache.put(hash, ast);
}

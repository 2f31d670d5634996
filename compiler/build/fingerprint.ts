/**
 * What a cached result depends on besides its inputs: the compiler itself
 * (a hash of its code, so that any change to it, released or not, invalidates
 * caches), the JavaScript engine (v8.serialize's format) and the options.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash } from '../loader/file-state.js';
import type { BuildOptions } from './api.js';

const COMPILER_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

function codeFiles(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) codeFiles(path, out);
    else if (/\.(js|ts|json)$/.test(e.name) && !/\.(test|d)\.ts$|\.test\.js$/.test(e.name)) out.push(path);
  }
  return out;
}

/** Hash of the engine version and of each code file's relative name and `describe(path)`. */
function codeDigest(describe: (path: string) => string): string {
  let text = `node ${process.versions.v8}\n`;
  for (const f of codeFiles(COMPILER_DIR, []).sort()) text += `${relative(COMPILER_DIR, f)} ${describe(f)}\n`;
  return contentHash(text);
}

let compilerHash: string | undefined;

/** Hash of the compiler's code and of the engine version. */
export function compilerFingerprint(): string {
  compilerHash ??= codeDigest((f) => contentHash(readFileSync(f)));
  return compilerHash;
}

let compilerStampHash: string | undefined;

/**
 * A cheap identity of the compiler's code (names, sizes and times of its
 * files, no reading): what the command line and the compile server compare
 * (a rebuild, even to the same code, restarts the server; the build cache
 * uses compilerFingerprint()).
 */
export function compilerStamp(): string {
  compilerStampHash ??= codeDigest((f) => {
    const st = statSync(f);
    return `${st.size} ${st.mtimeMs}`;
  });
  return compilerStampHash;
}

/** Everything about a build that changes its outputs (files compiled apart). */
export function buildFingerprint(options: BuildOptions): string {
  return JSON.stringify({
    compiler: compilerFingerprint(),
    includePath: options.includePath.map((d) => resolve(d)),
    outputDir: options.outputDir === undefined ? null : resolve(options.outputDir),
    formats: [...options.formats].sort(),
    maxIteration: options.maxIteration ?? null,
    maxRecursion: options.maxRecursion ?? null,
    initialData: options.initialData ?? null,
    warnings: options.warnings ?? 'on',
    deprecationLevel: options.deprecationLevel ?? 0,
    debug: options.debug ?? false,
    debugNsInclude: options.debugNsInclude ?? [],
    debugNsExclude: options.debugNsExclude ?? [],
    memo: options.memo ?? true,
    shard: options.shard === undefined ? null : `${options.shard.index}/${options.shard.count}`,
  });
}

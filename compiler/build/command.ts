/**
 * `panfab compile` and `panc` once their options are parsed: check the option
 * values, expand `@LIST` arguments, then list the affected templates
 * (`--affected-by`) or build, print every message as panc does, and close
 * with a one-line summary. Returns the exit status: 0 when every object
 * compiled, 1 when one failed, 2 for a usage error. Nothing thrown reaches
 * the user as a stack trace: an unexpected failure is one `system error` line.
 */
import { resolve } from 'node:path';
import { asPanError } from '../errors.js';
import type { BuildMessage, BuildOptions, BuildResult, DirtyReasons, OutputFormat } from './api.js';
import { ArgFileError, expandArgFiles } from './arg-files.js';
import { parseShard } from './shard.js';
import { tuneEngineForBuilds } from './engine-flags.js';
import { inCi } from '../../common/progress.js';

/** Option values as the command line gives them (strings; commander's camelCase names). */
export interface RawCompileOptions {
  includePath?: string[];
  outputDir?: string;
  formats?: string;
  nthread?: string;
  maxIteration?: string;
  maxRecursion?: string;
  warnings?: string;
  initialData?: string;
  debug?: boolean;
  debugNsInclude?: string[];
  debugNsExclude?: string[];
  deprecationLevel?: string;
  verbose?: boolean;
  cacheDir?: string;
  affectedBy?: string[];
  shard?: string;
  index?: boolean;
  progress?: boolean;
  /** Build through the compile server of --cache-dir (server.ts), or not (--no-server); default: compileServerWanted(). */
  server?: boolean;
  serverStop?: boolean;
  /** Accepted for drop-in use and ignored (the JVM, panc's logging). */
  javaOpts?: string;
  logging?: string;
  logFile?: string;
}

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
};

export const FORMATS: readonly OutputFormat[] = ['pan', 'pan.gz', 'xml', 'xml.gz', 'json', 'json.gz', 'dep', 'text', 'dot', 'null'];
export const DEFAULT_FORMATS = 'pan,dep';

export class UsageError extends Error {}

function integer(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min) throw new UsageError(`invalid --${name} '${text}': expected an integer >= ${min}`);
  return Number(text);
}

function formatsOf(text: string): OutputFormat[] {
  const out: OutputFormat[] = [];
  for (const raw of text.split(',')) {
    const f = raw.trim() === 'txt' ? 'text' : raw.trim();
    if (f === '') continue;
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`invalid --formats entry '${raw.trim()}': expected ${FORMATS.join(', ')}`);
    if (!out.includes(f as OutputFormat)) out.push(f as OutputFormat);
  }
  if (out.length === 0) throw new UsageError('--formats is empty');
  return out;
}

function regexps(name: string, list: readonly string[] | undefined): string[] {
  for (const p of list ?? []) {
    try {
      new RegExp(p);
    } catch {
      throw new UsageError(`invalid --${name} '${p}': not a regular expression`);
    }
  }
  return [...(list ?? [])];
}

/** The build options of a command line (throws UsageError). */
export function buildOptionsOf(raw: RawCompileOptions): BuildOptions {
  const warnings = raw.warnings ?? 'on';
  if (warnings !== 'on' && warnings !== 'off' && warnings !== 'fatal') throw new UsageError(`invalid --warnings '${warnings}': expected on, off or fatal`);
  const nthread = integer('nthread', raw.nthread, 0);
  const deprecationLevel = raw.deprecationLevel === undefined ? undefined : Number(raw.deprecationLevel);
  if (deprecationLevel !== undefined && !Number.isInteger(deprecationLevel)) throw new UsageError(`invalid --deprecation-level '${raw.deprecationLevel}': expected an integer`);
  let shard;
  try {
    shard = raw.shard === undefined ? undefined : parseShard(raw.shard);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    includePath: (raw.includePath ?? []).flatMap((p) => p.split(':')).filter((p) => p !== ''),
    outputDir: raw.outputDir ?? '.',
    formats: formatsOf(raw.formats ?? DEFAULT_FORMATS),
    nthread: nthread === 0 ? undefined : nthread,
    maxIteration: integer('max-iteration', raw.maxIteration, 1),
    maxRecursion: integer('max-recursion', raw.maxRecursion, 1),
    initialData: raw.initialData,
    warnings: deprecationLevel !== undefined && deprecationLevel < 0 ? 'off' : warnings,
    deprecationLevel: deprecationLevel !== undefined && deprecationLevel >= 0 ? deprecationLevel : undefined,
    debug: raw.debug ?? false,
    debugNsInclude: regexps('debug-ns-include', raw.debugNsInclude),
    debugNsExclude: regexps('debug-ns-exclude', raw.debugNsExclude),
    cacheDir: raw.cacheDir,
    shard,
    index: raw.index,
    progress: raw.progress,
    verbose: raw.verbose ?? false,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(program: string, result: BuildResult, options: BuildOptions): string {
  const s = result.stats;
  const secs = s.wallMs / 1000;
  const rate = s.compiled / Math.max(secs, 0.001);
  const shard = options.shard ? `, shard ${options.shard.index}/${options.shard.count}` : '';
  return `${program}: ${plural(s.total, 'object template')}${shard}: ${s.compiled} compiled, ${s.unchanged} unchanged, ${s.failed} failed `
    + `in ${secs.toFixed(2)} s (${rate.toFixed(1)} profiles/s)`;
}

function verboseLine(program: string, result: BuildResult): string {
  const s = result.stats;
  return `${program}: ${plural(s.threads, 'thread')}${s.writerThread ? ' and a writer thread' : ''}${s.session ? ` (session ${s.session})` : ''}, `
    + `${plural(s.outputsWritten, 'output file')} written, `
    + `templates: ${s.templatesParsed} parsed, ${s.templatesFromParseCache} from the parse cache (main thread); `
    + Object.entries(s.phases ?? {}).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')
    + (s.why !== undefined ? `\n${program}: ${whyLine(s.why)}` : '');
}

/** Why profiles were compiled: what an admin asks when a build does more than the edit called for. */
export function whyLine(why: DirtyReasons): string {
  const more = why.changedInputCount > why.changedInputs.length ? `, and ${why.changedInputCount - why.changedInputs.length} more` : '';
  const inputs = why.changedInputs.length > 0 ? ` (${plural(why.changedInputCount, 'input')} changed: ${why.changedInputs.join(', ')}${more})` : '';
  const other = why.otherCompiler === true ? ' (the cache holds builds by another panfab or Node.js version)' : '';
  const layout = why.layoutOnly !== undefined ? `; edited in comments or layout only, so not compiled again for that: ${why.layoutOnly.join(', ')}` : '';
  return `compiled because: ${why.new} had no earlier build${other}, ${why.inputs} had an input changed${inputs}, ${why.outputs} had an output file changed${layout}`;
}

/**
 * The messages as printed. `panc` prints every object's warnings, as panc
 * does; `panfab compile` prints a warning that many profiles repeat once,
 * where it first appears, with its count: the deprecation warnings of a
 * site's shared templates would otherwise fill tens of thousands of lines
 * on every build (they are replayed for unchanged profiles too).
 */
export function printedMessages(messages: readonly BuildMessage[], collapseWarnings: boolean): string[] {
  if (!collapseWarnings) return messages.map((m) => m.text);
  const counts = new Map<string, number>();
  for (const m of messages) if (m.stream === 'warning') counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
  const out: string[] = [];
  for (const m of messages) {
    if (m.stream !== 'warning') {
      out.push(m.text);
      continue;
    }
    const n = counts.get(m.text);
    if (n === undefined) continue; // printed already
    counts.delete(m.text);
    out.push(n > 1 ? `${m.text} (${n} times)` : m.text);
  }
  return out;
}

export async function runCompileCommand(templates: readonly string[], raw: RawCompileOptions, io: CommandIo, program: string): Promise<number> {
  try {
    const options = buildOptionsOf(raw);
    if ((raw.server === true || raw.serverStop) && options.cacheDir === undefined) throw new UsageError('--server and --server-stop need --cache-dir');
    if (raw.serverStop) return await stopServer(options.cacheDir as string, io, program);
    const files = expandArgFiles(templates);
    if (files.length === 0) throw new UsageError('no object templates given');
    if (raw.affectedBy !== undefined) return await listAffected(files, raw.affectedBy, options, io);
    tuneEngineForBuilds();
    const terminal = process.stderr.isTTY === true;
    const server = compileServerWanted(raw.server, options.cacheDir, process.env, terminal);
    const result = (server ? await viaServer(files, options, io, program, terminal) : undefined) ?? (await (await import('./driver.js')).runBuild(files, options));
    // One write: even collapsed, a site's messages can be long.
    io.err(printedMessages(result.messages, program !== 'panc').map((m) => m + '\n').join('') + summaryLine(program, result, options) + '\n');
    if (options.verbose) io.err(verboseLine(program, result) + '\n');
    return result.errors.length > 0 ? 1 : 0;
  } catch (e) {
    // AffectedError (affected.ts, loaded only when needed) is a usage error too.
    if (e instanceof UsageError || e instanceof ArgFileError || (e instanceof Error && e.name === 'AffectedError')) {
      io.err(`${program}: ${e.message}\n`);
      return 2;
    }
    io.err(`system error: ${asPanError(e).message}\n`);
    return 1;
  }
}

/**
 * Whether a build goes through the compile server: as asked (--server,
 * --no-server, else PANFAB_COMPILE_SERVER=1 or 0); by default when there is
 * a build cache and a person at a terminal, outside CI. Like Bazel's or
 * Gradle's daemon, the server turns an admin's edit-compile loop from a
 * second into a few tenths; a CI job gains nothing from it (one build per
 * machine) and must not leave a process behind.
 */
export function compileServerWanted(asked: boolean | undefined, cacheDir: string | undefined, env: NodeJS.ProcessEnv, terminal: boolean): boolean {
  if (cacheDir === undefined) return false;
  if (asked !== undefined) return asked;
  const setting = env.PANFAB_COMPILE_SERVER;
  if (setting === '1' || setting === '0') return setting === '1';
  return terminal && !inCi(env);
}

/** The build done by the compile server; undefined (and a warning) when it cannot be used. */
async function viaServer(files: readonly string[], options: BuildOptions, io: CommandIo, program: string, terminal: boolean): Promise<BuildResult | undefined> {
  try {
    const { buildViaServer } = await import('./server-client.js');
    const { serverIdleSeconds } = await import('./server-protocol.js');
    const idle = serverIdleSeconds();
    const idleText = idle < 120 ? `${idle} s` : `${Math.round(idle / 60)} min`;
    // Said to the person at the terminal, who may not expect a process to stay, or a build to wait.
    return await buildViaServer(files, options, {
      onStart: () => {
        if (terminal) io.err(`${program}: started a compile server for ${options.cacheDir as string}: it keeps templates compiled between builds and stops after ${idleText} without one (--no-server: build in this process)\n`);
      },
      onWait: () => {
        if (terminal) io.err(`${program}: the compile server of ${options.cacheDir as string} is busy with another build: this one starts after it\n`);
      },
    });
  } catch (e) {
    io.err(`${program}: compile server unavailable (${e instanceof Error ? e.message : String(e)}): building in this process\n`);
    return undefined;
  }
}

async function stopServer(cacheDir: string, io: CommandIo, program: string): Promise<number> {
  const { stopServer: stop } = await import('./server-client.js');
  io.err(`${program}: ${(await stop(cacheDir)) ? 'compile server stopped' : 'no compile server running'} for ${cacheDir}\n`);
  return 0;
}

async function listAffected(files: readonly string[], edited: readonly string[], options: BuildOptions, io: CommandIo): Promise<number> {
  if (edited.length === 0) throw new UsageError('--affected-by needs at least one file');
  const { affectedJobs } = await import('./affected.js');
  const { jobsOf } = await import('./driver.js');
  const asGiven = new Map<string, string>();
  for (const f of files) if (!asGiven.has(resolve(f))) asGiven.set(resolve(f), f);
  for (const job of affectedJobs(jobsOf(files, options), edited, options)) io.out(`${asGiven.get(job.file) ?? job.file}\n`);
  return 0;
}

/** `panfab index merge DIR`: exit status 0, or 1 with the conflict printed. */
export async function runIndexMerge(dir: string, io: CommandIo): Promise<number> {
  try {
    const { mergeShardIndexes } = await import('./profiles-index.js');
    const r = mergeShardIndexes(dir);
    io.err(`panfab index merge: ${plural(r.profiles, 'profile')} from ${plural(r.shards, 'shard')} indexed in ${dir}\n`);
    return 0;
  } catch (e) {
    io.err(`panfab index merge: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/**
 * `panfab compile` and `panc` (bin/panc.js): panc's command line (its option
 * spellings, `--opt=value` or `--opt value`, `-opt` and unambiguous prefixes
 * as panc's Getopt::Long wrapper accepts them, `@LIST` files) plus panfab's
 * build features (--cache-dir, --affected-by, --shard, the profiles index).
 * Also `panfab index merge DIR` for sharded builds. The implementation is in
 * compiler/build/command.ts, imported when a command runs.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandIo, RawCompileOptions } from '../../compiler/build/command.js';
import { repositoryRoot } from '../../schema/repo-root.js';
import { collect, usageExit } from '../options.js';

const FORMAT_LIST = 'pan, pan.gz, xml, xml.gz, json, json.gz, dep, text, dot, null';

/** panfab's version, from the package.json of the repository (source or dist). */
function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(repositoryRoot(), 'package.json'), 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'panfab') return pkg.version ?? 'unknown';
  } catch { /* no readable package.json */ }
  return 'unknown';
}

function addCompileOptions(cmd: Command): Command {
  return cmd
    .argument('[templates...]', 'object template files; @LIST reads more names from LIST, one per line')
    .option('--include-path <path>', 'template directories, colon-separated, searched in order (repeatable)', collect)
    .option('--output-dir <dir>', 'directory for the profiles (default: the current directory)')
    .option('--formats <list>', `output formats, comma-separated: ${FORMAT_LIST} (default: pan,dep)`)
    .option('--nthread <n>', 'worker threads; 0 or absent: one per core, and one thread for fewer than 500 profiles to compile')
    .option('--max-iteration <n>', 'loop iteration limit (default 10000)')
    .option('--max-recursion <n>', 'function call depth limit (default 50)')
    .option('--warnings <on|off|fatal>', 'deprecation warnings: print them, drop them, or fail the object (default on)')
    .option('--deprecation-level <n>', 'report deprecated() calls up to this level (negative: none)')
    .option('--initial-data <dml>', 'DML dict: the initial root of every object')
    .option('--debug', 'print debug() output')
    .option('--debug-ns-include <regex>', 'debug() output only from templates matching (repeatable)', collect)
    .option('--debug-ns-exclude <regex>', 'no debug() output from templates matching (repeatable)', collect)
    .option('--verbose', 'statistics after the summary line')
    .option('--java-opts <options>', 'accepted for panc compatibility, ignored')
    .option('--logging <what>', 'accepted for panc compatibility, ignored')
    .option('--log-file <file>', 'accepted for panc compatibility, ignored')
    .option('--cache-dir <dir>', 'build cache: profiles whose inputs did not change are not compiled again; parsed templates are kept too')
    .option('--affected-by <files...>', 'list the object templates an edit of these files would change, without compiling (needs --cache-dir; put the templates before this option or after --)')
    .option('--shard <K/N>', 'compile only part K of N of the object templates (a deterministic split by file name); merge the index with `panfab index merge`')
    .option('--no-index', 'do not write profiles-index.json and profiles-info.xml beside the profiles')
    .option('--server', 'build through a compile server kept warm between builds (started when needed; needs --cache-dir; default with --cache-dir on a terminal outside CI, or when PANFAB_COMPILE_SERVER=1)')
    .option('--no-server', 'build in this process (default without a terminal, in CI, or when PANFAB_COMPILE_SERVER=0)')
    .option('--server-stop', 'stop the compile server of --cache-dir and exit')
    .option('--progress', 'show progress on stderr (default: only when stderr is a terminal)')
    .option('--no-progress', 'never show progress');
}

async function compileAction(templates: string[], raw: RawCompileOptions, io: CommandIo, program: string): Promise<number> {
  const { runCompileCommand } = await import('../../compiler/build/command.js');
  return runCompileCommand(templates, raw, io, program);
}

const stdio: CommandIo = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
};

export function register(program: Command): void {
  addCompileOptions(program.command('compile'))
    .description('compile Pan object templates (panc-compatible; plus build cache, shards, profiles index)')
    .exitOverride(usageExit)
    .action(async (templates: string[], raw: RawCompileOptions) => {
      process.exitCode = await compileAction(templates, raw, stdio, 'panfab compile');
    });

  const index = program.command('index').description('the profiles index beside compiled profiles');
  index
    .command('merge')
    .description('write profiles-index.json and profiles-info.xml of DIR from the shard parts (profiles-index.shard-K-of-N.json) copied into it')
    .argument('<dir>', 'directory holding the outputs of all shards')
    .exitOverride(usageExit)
    .action(async (dir: string) => {
      const { runIndexMerge } = await import('../../compiler/build/command.js');
      process.exitCode = await runIndexMerge(dir, stdio);
    });
}

/** Getopt::Long spellings to commander's: `-opt` is `--opt`, and a unique prefix names its option. */
export function normalizePancArgv(argv: readonly string[], longOptions: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^--?([a-zA-Z][a-zA-Z0-9-]*)(=.*)?$/.exec(a);
    if (m === null || (a.startsWith('-') && !a.startsWith('--') && m[1]!.length === 1)) {
      out.push(a);
      continue;
    }
    const name = `--${m[1]}`;
    const matches = longOptions.includes(name) ? [name] : longOptions.filter((o) => o.startsWith(name));
    out.push((matches.length === 1 ? matches[0] : name) + (m[2] ?? ''));
  }
  return out;
}

/** `panc ARGS`: the exit status. */
export async function runPanc(argv: string[], io: CommandIo = stdio): Promise<number> {
  let status = 0;
  const program = addCompileOptions(new Command('panc'))
    .description('compile Pan object templates (panfab\'s panc-compatible compiler)')
    .version(version(), '--version', 'print the version')
    .exitOverride(usageExit)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .action(async (templates: string[], raw: RawCompileOptions) => {
      status = await compileAction(templates, raw, io, 'panc');
    });
  const longOptions = program.options.map((o) => o.long).filter((o): o is string => o !== undefined).concat('--help');
  try {
    await program.parseAsync(normalizePancArgv(argv, longOptions), { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    io.err(`system error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

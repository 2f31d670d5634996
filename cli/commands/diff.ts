/** `panfab diff`: fleet-wide differences between two compiled outputs (compiler/diff/). */
import type { Command } from 'commander';
import type { DiffCommandOptions } from '../../compiler/diff/run-diff.js';
import type { SiteLoader } from '../../compiler/diff/site.js';
import { collect, usageExit } from '../options.js';

/** --site is read as `panfab example` reads it (panfab.yaml; panfab's templates/ searched last). */
export async function siteLoader(): Promise<SiteLoader> {
  const [{ loadSite }, { repositoryRoot }, { join }] = await Promise.all([import('./example.js'), import('../../schema/repo-root.js'), import('node:path')]);
  const library = join(repositoryRoot(), 'templates');
  return async (file) => {
    const layout = await loadSite(file, library);
    return { includePath: [...layout.includePath], objects: [...layout.objectFiles] };
  };
}

export function register(program: Command): void {
  program
    .command('diff')
    .description('compare two compiled outputs (directories, or --git revisions), changes grouped across nodes; exit 0 same, 1 changed, 2 error')
    .argument('<old>', 'directory of compiled profiles, or a git revision with --git')
    .argument('[new]', 'directory of compiled profiles, or a git revision with --git (default: the work tree)')
    .option('--git', 'OLD and NEW are git revisions of the template tree: compile both, then compare')
    .option('--repo <dir>', 'the git repository (any directory in it; default: the current directory)')
    .option('--site <path>', 'site description for --git (panfab.yaml, or a directory holding one), as panfab example reads it')
    .option('--include-path <dirs>', 'include path for --git, colon-separated (repeatable)', collect)
    .option('--objects <path>', 'object template file or directory for --git (repeatable)', collect)
    .option('--node <name>', 'compare only this object (repeatable)', collect)
    .option('--details', 'also list every changed node with its own changes')
    .option('--full', 'show values in full instead of shortening long ones')
    .option('--json', 'write the report as JSON (for CI)')
    // A usage error is an error (2), not "changes found" (1).
    .exitOverride(usageExit)
    .action(async (oldArg: string, newArg: string | undefined, opts: DiffCommandOptions) => {
      const { runDiff } = await import('../../compiler/diff/run-diff.js');
      process.exitCode = await runDiff(oldArg, newArg, opts, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        loadSite: await siteLoader(),
      });
    });
}

/** `panfab explain OBJECT PATH`: where a value of a profile came from (compiler/explain/). */
import type { Command } from 'commander';
import type { ExplainCommandOptions } from '../../compiler/explain/run-explain.js';
import { collect, usageExit } from '../options.js';

export function register(program: Command): void {
  program
    .command('explain')
    .description('compile one object with provenance and show the assignments that produced a value, newest last; exit 0 explained, 1 no such path, 2 error')
    .argument('<object>', 'object name (on the include path or in the site file) or object template file')
    .argument('<path>', 'absolute path in the profile, e.g. /hardware/ram/0/size')
    .option('--site <path>', 'site description (panfab.yaml, or a directory holding one): include path and objects')
    .option('--include-path <dirs>', 'include path, colon-separated (repeatable)', collect)
    .option('--below', 'also list the writes to paths below PATH')
    .option('--full', 'show values in full instead of shortening long ones')
    .option('--json', 'write the explanation as JSON')
    .exitOverride(usageExit)
    .action(async (object: string, path: string, opts: ExplainCommandOptions) => {
      const [{ runExplain }, { siteLoader }] = await Promise.all([import('../../compiler/explain/run-explain.js'), import('./diff.js')]);
      process.exitCode = await runExplain(object, path, opts, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        loadSite: await siteLoader(),
      });
    });
}

/**
 * The `panfab` command line (and `panc`, which is `panfab compile` with
 * panc's option set). Each sub-command lives in its part; this file only
 * wires them up.
 */
import { Command } from 'commander';

export async function main(argv: string[], invokedAs: 'panfab' | 'panc'): Promise<void> {
  const program = new Command(invokedAs);
  program.description(invokedAs === 'panc'
    ? 'Pan compiler (panfab, panc-compatible command line)'
    : 'panfab: Pan compiler, install server and host agent');
  await program.parseAsync(argv, { from: 'user' });
}

/**
 * The `panfab` command line (and `panc`, which is `panfab compile` with
 * panc's option set). Each sub-command is a module in cli/commands/ that
 * exports `register(program)`; its implementation is imported lazily in the
 * command's action so that one command never pays for loading the others.
 */
import { Command, CommanderError } from 'commander';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface CommandModule {
  register(program: Command): void;
}

async function loadCommands(program: Command): Promise<void> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir).filter((f) => /\.js$/.test(f) && !f.includes('.test.')).sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as Partial<CommandModule>;
    if (typeof mod.register === 'function') mod.register(program);
  }
}

export async function main(argv: string[], invokedAs: 'panfab' | 'panc'): Promise<void> {
  try {
    if (invokedAs === 'panc') {
      const { runPanc } = await import('./commands/compile.js');
      process.exitCode = await runPanc(argv);
      return;
    }
    const program = new Command('panfab');
    program
      .description('panfab: Pan compiler, install server and host agent')
      .showHelpAfterError()
      .exitOverride();
    await loadCommands(program);
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    // Never a stack trace: one concise line.
    process.stderr.write(`panfab: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

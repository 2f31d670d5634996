/** `panfab compile` and `panc`: placeholder until the compiler driver lands. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('compile').description('compile Pan object templates (panc-compatible)').action(() => {
    throw new Error('the compiler driver is not built yet');
  });
}

export async function runPanc(_argv: string[]): Promise<number> {
  process.stderr.write('panc: the compiler driver is not built yet\n');
  return 1;
}

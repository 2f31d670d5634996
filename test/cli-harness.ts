/** Running `panfab` command modules in process from tests, output captured. */
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';

export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Run `panfab ARGS` with the given command modules, in process, as cli/panfab.ts does (exit status included). */
export async function runPanfab(register: (program: Command) => void, args: string[], cwd?: string): Promise<RunResult> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const previousCwd = process.cwd();
  if (cwd !== undefined) process.chdir(cwd);
  const program = new Command('panfab').exitOverride();
  register(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) process.exitCode = e.exitCode;
    else {
      err += `panfab: ${e instanceof Error ? e.message : String(e)}\n`;
      process.exitCode = 1;
    }
  } finally {
    if (cwd !== undefined) process.chdir(previousCwd);
    vi.restoreAllMocks();
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, out, err };
}

/**
 * The one way components run commands: argument arrays (never a shell),
 * timeouts, LC_ALL=C for parseable output. Under --noaction only read-only
 * commands run; with commands disabled (the default under --root) too.
 */
import type { CommandResult } from './types.js';

export interface RunOptions {
  /** Milliseconds. */
  timeout: number;
  readOnly: boolean;
  input?: string;
  env?: Record<string, string>;
}

export type RunOutcome =
  | { ran: true; result: CommandResult }
  | { ran: false; reason: 'noaction' | 'commands disabled' };

export interface RunnerPolicy {
  noaction: boolean;
  /** State-changing commands run (false: they are reported as skipped). */
  runCommands: boolean;
  root: string;
}

export function checkArgv(argv: unknown): string[] {
  if (!Array.isArray(argv) || argv.length === 0) throw new Error('a command must be a non-empty argument array');
  for (const arg of argv) {
    if (typeof arg !== 'string') throw new Error(`command argument is not a string: ${JSON.stringify(arg)}`);
    if (arg.includes('\0')) throw new Error(`command argument contains a NUL byte: ${JSON.stringify(arg)}`);
  }
  if (argv[0] === '') throw new Error('empty command name');
  return argv as string[];
}

export class CommandRunner {
  constructor(private readonly policy: RunnerPolicy) {}

  /** Whether a command with this read-only flag would run now. */
  willRun(readOnly: boolean): RunOutcome | undefined {
    if (readOnly) return undefined;
    if (this.policy.noaction) return { ran: false, reason: 'noaction' };
    if (!this.policy.runCommands) return { ran: false, reason: 'commands disabled' };
    return undefined;
  }

  async run(argv: string[], opts: RunOptions): Promise<RunOutcome> {
    checkArgv(argv);
    const skip = this.willRun(opts.readOnly);
    if (skip) return skip;
    return { ran: true, result: await this.exec(argv, opts) };
  }

  private async exec(argv: string[], opts: RunOptions): Promise<CommandResult> {
    const { execa } = await import('execa');
    const r = await execa(argv[0]!, argv.slice(1), {
      reject: false,
      timeout: opts.timeout,
      forceKillAfterDelay: 2000,
      stdin: opts.input === undefined ? 'ignore' : 'pipe',
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      env: { LC_ALL: 'C', PANFAB_ROOT: this.policy.root, ...opts.env },
      stripFinalNewline: false,
      maxBuffer: 64 * 1024 * 1024,
    });
    const result: CommandResult = {
      argv,
      exitCode: r.exitCode ?? -1,
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      timedOut: r.timedOut === true,
    };
    if (r.timedOut) result.error = `timed out after ${opts.timeout} ms`;
    else if (r.exitCode === undefined) result.error = r.signal ? `killed by ${r.signal}` : (r.originalMessage ?? r.shortMessage ?? 'did not run');
    return result;
  }
}

/** `a b 'c d'`: argv shown the way a shell user would read it (display only). */
export function formatArgv(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

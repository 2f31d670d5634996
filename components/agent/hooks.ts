/**
 * Pre and post hooks: site commands run before and after the components,
 * given JSON on standard input (the run's plan, then its report). A failing
 * pre hook stops the run before any component; a failing post hook makes
 * the run fail.
 */
import { formatArgv } from '../sdk/command-runner.js';

const HOOK_TIMEOUT_MS = 5 * 60_000;

export interface HookReport {
  argv: string[];
  ok: boolean;
  exitCode?: number;
  error?: string;
  output?: string;
}

export async function runHook(argv: string[], input: unknown, env: Record<string, string>): Promise<HookReport> {
  const { execa } = await import('execa');
  const r = await execa(argv[0]!, argv.slice(1), {
    reject: false,
    timeout: HOOK_TIMEOUT_MS,
    input: JSON.stringify(input),
    env: { LC_ALL: 'C', ...env },
    all: true,
  });
  const output = String(r.all ?? '').slice(-4000);
  const report: HookReport = { argv, ok: r.exitCode === 0 && !r.timedOut, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}), ...(output ? { output } : {}) };
  if (!report.ok) report.error = r.timedOut ? 'timed out' : r.exitCode !== undefined ? `${formatArgv(argv)} exited with status ${r.exitCode}` : (r.shortMessage ?? 'did not run');
  return report;
}

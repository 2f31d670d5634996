/** `panfab agent`: run the profile's components against the current profile (components/agent/agent.ts). */
import type { Command } from 'commander';
import type { AgentFlags } from '../../components/agent/agent-command.js';
import { addCommonOptions } from '../../components/agent/cli-options.js';

export function register(program: Command): void {
  const cmd = program
    .command('agent')
    .description('configure this host: run the named components, --all, or --changed ones, in dependency order')
    .argument('[components...]', 'components to run')
    .option('--all', 'run every active component')
    .option('--changed', 'run the components whose configuration changed since their last success, and retry failed ones')
    .option('--profile <file>', 'use this profile file instead of the current cached one')
    .option('--state-dir <dir>', 'per-component state and last report (default <root>/var/lib/panfab/agent)')
    .option('--report <file>', 'also write the JSON report to this file')
    .option('--run-commands', 'run state-changing commands even under --root')
    .option('--no-run-commands', 'do not run state-changing commands (they are reported)')
    .option('--diffs', 'print file diffs for changes made (always printed under --noaction)');
  addCommonOptions(cmd).action(async (components: string[], flags: AgentFlags) => {
    const { agentCommand } = await import('../../components/agent/agent-command.js');
    process.exitCode = await agentCommand(components, flags);
  });
}

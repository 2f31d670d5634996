/** `panfab fetch`: download this host's profile and make it current (components/agent/fetch.ts). */
import type { Command } from 'commander';
import { addCommonOptions, addFetchOptions, type CommonFlags } from '../../components/agent/cli-options.js';

export function register(program: Command): void {
  const cmd = program
    .command('fetch')
    .description("download this host's profile; it becomes current once it parsed and passed the schema checks");
  addFetchOptions(addCommonOptions(cmd)).action(async (flags: CommonFlags) => {
    const { fetchCommand } = await import('../../components/agent/fetch-command.js');
    process.exitCode = await fetchCommand(flags);
  });
}

/** `panfab agent`: configuration from flags, output, exit status (see exit-status.ts). */
import { atomicWriteFile } from '../../common/fs.js';
import { streamLogger } from '../sdk/logger.js';
import { runAgent } from './agent.js';
import { configOptions, logLevel, type CommonFlags } from './cli-options.js';
import { loadConfig } from './config.js';
import { EXIT_FAILED, EXIT_NOT_STARTED, EXIT_OK, reportError } from './exit-status.js';
import { renderReport } from './report.js';

export interface AgentFlags extends CommonFlags {
  all?: boolean;
  changed?: boolean;
  profile?: string;
  report?: string;
  diffs?: boolean;
}

export async function agentCommand(components: string[], flags: AgentFlags): Promise<number> {
  try {
    const config = await loadConfig(configOptions(flags));
    const level = logLevel(flags);
    const report = await runAgent(config, {
      components,
      all: flags.all === true,
      changed: flags.changed === true,
      noaction: flags.noaction === true,
      ...(flags.profile !== undefined ? { profileFile: flags.profile } : {}),
      log: streamLogger('agent', level),
      componentLog: (name) => streamLogger(name, level),
    });
    if (flags.report) await atomicWriteFile(flags.report, JSON.stringify(report, null, 2) + '\n');
    if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    // --quiet (cron, timers): a successful run prints nothing; its report is in the state directory.
    else if (!(flags.quiet && report.ok)) process.stdout.write(renderReport(report, { diffs: report.noaction || flags.diffs === true }));
    if (report.error !== undefined && report.components.length === 0) return report.hooks.pre ? EXIT_FAILED : EXIT_NOT_STARTED;
    return report.ok ? EXIT_OK : EXIT_FAILED;
  } catch (e) {
    return reportError('panfab agent', e);
  }
}

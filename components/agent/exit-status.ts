/** Exit statuses of `panfab fetch` and `panfab agent`, and how an error maps to one. */
import { AgentError } from './agent-error.js';
import { ConfigError } from './config.js';
import { LockBusyError } from '../../common/lock.js';
import { DependencyError } from './order.js';
import { ProfileError } from './profile-check.js';

/** Success. */
export const EXIT_OK = 0;
/** A fetch found no good profile, or a component or hook failed. */
export const EXIT_FAILED = 1;
/** Nothing was done: configuration, lock held, no profile, dependency error, invalid --profile. */
export const EXIT_NOT_STARTED = 2;

/** Print `prefix: message` (never a stack trace) and return the exit status for the error. */
export function reportError(prefix: string, e: unknown): number {
  process.stderr.write(`${prefix}: ${e instanceof Error ? e.message : String(e)}\n`);
  const startup = e instanceof ConfigError || e instanceof LockBusyError || e instanceof AgentError || e instanceof DependencyError || e instanceof ProfileError;
  return startup ? EXIT_NOT_STARTED : EXIT_FAILED;
}

/** Option helpers shared by the commands in cli/commands/. */
import { CommanderError } from 'commander';

/** Option argument parser for repeatable options: each use adds its value to the list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** exitOverride for commands whose usage errors exit with 2 (their failures use 1); help and version exit with 0. */
export function usageExit(err: CommanderError): never {
  const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help';
  throw new CommanderError(ok ? 0 : 2, err.code, err.message);
}

/**
 * Local boot: the install server says "boot from disk", so the guest's own
 * bootloader takes over. pygrub (or a configured program) runs with the
 * pygrub arguments xl gave us, on the same terminal, and its exit status
 * becomes ours. Node cannot exec(2) in place; the child runs with argument
 * arrays (no shell) and our stopping signals are passed on to it.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { execa } from 'execa';
import { PxebootError } from './errors.js';

/** Where distributions install pygrub, newest Xen first. */
export function pygrubCandidates(libDir = '/usr/lib'): string[] {
  let versioned: string[] = [];
  try {
    versioned = readdirSync(libDir)
      .filter((d) => /^xen-\d+(\.\d+)*$/.test(d))
      .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
      .map((d) => `${libDir}/${d}/bin/pygrub`);
  } catch {
    // no such directory: only the fixed places below
  }
  return ['/usr/libexec/xen/bin/pygrub', '/usr/lib/xen/bin/pygrub', ...versioned, '/usr/bin/pygrub', '/usr/local/bin/pygrub'];
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program to hand over to, from `--local-bootloader` (a path, 'auto' or 'none'). */
export function resolveLocalBootloader(setting: string, candidates = pygrubCandidates()): string {
  if (setting === 'none') throw new PxebootError('local boot requested, and --local-bootloader=none forbids it');
  if (setting !== 'auto') {
    if (!executable(setting)) throw new PxebootError(`local bootloader ${setting} is not an executable file`);
    return setting;
  }
  const found = candidates.find(executable);
  if (!found) throw new PxebootError(`local boot requested, and no pygrub found (looked in ${candidates.join(', ')}); give --local-bootloader=PATH`);
  return found;
}

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
const SIGNAL_NUMBERS: Partial<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Run the local bootloader in our place; resolves to its exit status. */
export async function handOver(program: string, args: string[]): Promise<number> {
  const child = execa(program, args, { stdio: 'inherit', reject: false });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, forward);
  try {
    const result = await child;
    if (result.failed && result.exitCode === undefined && !result.signal) {
      throw new PxebootError(`cannot run local bootloader ${program}: ${result.shortMessage}`);
    }
    if (result.signal) return 128 + (SIGNAL_NUMBERS[result.signal] ?? 0);
    return result.exitCode ?? 1;
  } finally {
    for (const s of FORWARDED) process.off(s, forward);
  }
}

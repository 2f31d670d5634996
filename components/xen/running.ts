/**
 * Which domains run, from `xl list` (`xm list` on old hosts whose configs
 * are in xm format), a read-only probe. Without the tool (no Xen on the
 * host) or with it failing, nothing can be said: the caller fails rather
 * than guess.
 */
import type { Probes } from '../sdk/index.js';
import { notInstalled } from '../storage/lvm.js';

export class XlError extends Error {
  override name = 'XlError';
}

/** Domain names in `xl list` output (header line first, then one domain per line, Domain-0 included). */
export function parseXlList(stdout: string): Set<string> {
  const names = new Set<string>();
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  for (const [i, line] of lines.entries()) {
    const name = line.trim().split(/\s+/)[0]!;
    if (i === 0 && name === 'Name') continue;
    names.add(name);
  }
  return names;
}

export type Toolstack = 'xl' | 'xm';

export async function runningDomains(probe: Probes, tool: Toolstack): Promise<Set<string>> {
  const r = await probe.run([tool, 'list']);
  if (notInstalled(r)) throw new XlError(`${tool} is not installed: cannot tell which domains run (set create_domains to false on hosts without Xen)`);
  if (r.exitCode !== 0 || r.error !== undefined) {
    throw new XlError(`${tool} list failed (${r.error ?? `exit status ${r.exitCode}`}): ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return parseXlList(r.stdout);
}

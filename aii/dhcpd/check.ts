/**
 * Runs ISC dhcpd as a checker only (`dhcpd -4 -t -cf FILE`; -q would also silence its diagnostics): a candidate
 * dhcpd.conf replaces the live one only when dhcpd itself accepts it.
 */
import { execa } from 'execa';
import { AiiError } from '../errors.js';

/** Check `candidate`; on failure, throw an AiiError quoting dhcpd's diagnostics, naming `shownAs`. */
export async function checkDhcpdConf(binary: string, candidate: string, shownAs: string = candidate): Promise<void> {
  let result;
  try {
    result = await execa(binary, ['-4', '-t', '-cf', candidate], { reject: false, all: true, timeout: 60_000, stdin: 'ignore' });
  } catch (e) {
    throw new AiiError(`cannot run ${binary} to check ${shownAs}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (result.failed && result.exitCode === undefined) {
    throw new AiiError(`cannot run ${binary} to check ${shownAs}: ${result.shortMessage}`);
  }
  if (result.exitCode === 0) return;
  throw new AiiError(`${shownAs}: rejected by ${binary} -t, left unchanged:\n${diagnostics(result.all ?? '', candidate, shownAs)}`);
}

/** dhcpd's error lines (`FILE line N: ...` and the excerpt that follows), without its boilerplate. */
export function diagnostics(output: string, candidate: string, shownAs: string): string {
  const lines = output.split('\n');
  const first = lines.findIndex((l) => / line \d+: /.test(l));
  const last = lines.findIndex((l) => /^Configuration file errors encountered/.test(l));
  const useful = first >= 0 ? lines.slice(first, last > first ? last : undefined) : lines.filter((l) => l.trim() !== '').slice(0, 10);
  return useful
    .map((l) => l.split(candidate).join(`${shownAs} (new version)`))
    .map((l) => `  ${l}`)
    .join('\n');
}

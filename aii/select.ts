/**
 * Which hosts a verb applies to: names, regular expressions (anchored, as in
 * aii-shellfe) or a file with one host per line.
 */
import { readFileSync } from 'node:fs';
import { AiiError } from './errors.js';
import { FQDN_RE } from './profiles/source.js';

/** Hosts listed in a file: one per line; blank lines and `#` comments are skipped. */
export function readHostsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AiiError(`${path}: cannot read the host list (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return [];
    if (/\s/.test(line)) throw new AiiError(`${path}:${i + 1}:1: one host (or regular expression) per line, got ${JSON.stringify(line)}`);
    return [line];
  });
}

/**
 * Hosts matching the patterns, in the order of `known`. A pattern that is a
 * known host name selects that host; any other is an anchored regular
 * expression. `known` is undefined when the profile source cannot list its
 * hosts: then only literal host names work.
 */
export function selectHosts(patterns: readonly string[], known: readonly string[] | undefined): string[] {
  const selected = new Set<string>();
  for (const p of patterns) {
    if (known === undefined) {
      if (!FQDN_RE.test(p)) throw new AiiError(`${JSON.stringify(p)}: the profile source cannot list its hosts (no profiles-info.xml), so only full host names can be given`);
      selected.add(p);
      continue;
    }
    if (known.includes(p)) {
      selected.add(p);
      continue;
    }
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${p})$`);
    } catch (e) {
      throw new AiiError(`${JSON.stringify(p)}: not a host name nor a valid regular expression (${e instanceof Error ? e.message : String(e)})`);
    }
    const matches = known.filter((h) => re.test(h));
    if (matches.length === 0) throw new AiiError(`${JSON.stringify(p)}: matches no known host`);
    for (const m of matches) selected.add(m);
  }
  const order = known ?? [...selected];
  return order.filter((h) => selected.has(h));
}

/**
 * Object templates named on the command line: file names, and `@LIST` for a
 * file listing more of them (one per line; blank lines and `#` comments
 * skipped; relative names are relative to the current directory, as panc
 * reads them).
 */
import { readFileSync } from 'node:fs';

export class ArgFileError extends Error {}

export function expandArgFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (!a.startsWith('@')) {
      out.push(a);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(a.slice(1), 'utf8');
    } catch (e) {
      throw new ArgFileError(`cannot read the template list ${a.slice(1)} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    for (const line of text.split(/\r?\n/)) {
      const t = line.trim();
      if (t !== '' && !t.startsWith('#')) out.push(t);
    }
  }
  return out;
}

/**
 * The part of dhcpd.conf that panfab owns: host entries between two marker
 * lines. Everything outside the markers is what admins wrote by hand and is
 * kept byte for byte. Entries are parsed back from the block, so a run that
 * touches a few nodes keeps the others' entries as they are.
 */
import { AiiError } from '../errors.js';

export const BEGIN_MARKER = '# BEGIN panfab aii managed hosts: generated from profiles by `panfab aii`, do not edit';
export const END_MARKER = '# END panfab aii managed hosts';

export interface ManagedEntry {
  readonly fqdn: string;
  /** The fixed address recorded in the entry (how a node is found again when its profile is gone). */
  readonly ip?: string;
  readonly mac?: string;
  readonly text: string;
}

export interface ManagedConf {
  /** Hand-written text before the block (the whole file when there is no block yet). */
  readonly before: string;
  readonly after: string;
  /** Line number (1-based) in the file where `after` starts. */
  readonly afterLine: number;
  readonly entries: Map<string, ManagedEntry>;
  /** False when the file has no block yet: it will be appended after a blank line. */
  readonly hasBlock: boolean;
}

const BEGIN_RE = /^# BEGIN panfab aii managed hosts/;
const END_RE = /^# END panfab aii managed hosts/;
const HOST_START_RE = /^host ([a-z0-9.-]+) \{$/;

/** Split dhcpd.conf into hand-written text and the managed entries. */
export function parseManagedConf(text: string, file: string): ManagedConf {
  const lines = text.split('\n');
  const begins = lines.flatMap((l, i) => (BEGIN_RE.test(l) ? [i] : []));
  const ends = lines.flatMap((l, i) => (END_RE.test(l) ? [i] : []));
  if (begins.length === 0 && ends.length === 0) return { before: text, after: '', afterLine: 0, entries: new Map(), hasBlock: false };
  if (begins.length !== 1 || ends.length !== 1 || ends[0]! < begins[0]!) {
    const line = (begins[1] ?? ends[1] ?? ends[0] ?? begins[0] ?? 0) + 1;
    throw new AiiError(`${file}:${line}:1: the panfab-managed block needs exactly one BEGIN marker followed by one END marker`);
  }
  const begin = begins[0]!;
  const end = ends[0]!;
  return {
    before: lines.slice(0, begin).map((l) => `${l}\n`).join(''),
    after: lines.slice(end + 1).join('\n'),
    afterLine: end + 2,
    entries: parseEntries(lines, begin + 1, end, file),
    hasBlock: true,
  };
}

function parseEntries(lines: string[], from: number, to: number, file: string): Map<string, ManagedEntry> {
  const entries = new Map<string, ManagedEntry>();
  let i = from;
  while (i < to) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const start = HOST_START_RE.exec(line);
    if (start === null) throw unexpected(file, i, line);
    let j = i + 1;
    while (j < to && lines[j] !== '}') {
      if (!/^  [a-z][^{}]*;$/.test(lines[j]!)) throw unexpected(file, j, lines[j]!);
      j++;
    }
    if (j === to) throw new AiiError(`${file}:${i + 1}:1: host entry ${start[1]} has no closing brace inside the panfab-managed block`);
    const body = lines.slice(i, j + 1);
    const ip = body.map((l) => /^ {2}fixed-address ([0-9.]+);$/.exec(l)?.[1]).find((v) => v !== undefined);
    const mac = body.map((l) => /^ {2}hardware ethernet ([0-9a-f:]+);$/.exec(l)?.[1]).find((v) => v !== undefined);
    const fqdn = start[1]!;
    if (entries.has(fqdn)) throw new AiiError(`${file}:${i + 1}:1: host ${fqdn} appears twice in the panfab-managed block`);
    entries.set(fqdn, { fqdn, ...(ip !== undefined ? { ip } : {}), ...(mac !== undefined ? { mac } : {}), text: `${body.join('\n')}\n` });
    i = j + 1;
  }
  return entries;
}

function unexpected(file: string, index: number, line: string): AiiError {
  return new AiiError(
    `${file}:${index + 1}:1: unexpected line in the panfab-managed block: ${JSON.stringify(line)} (move hand-written entries outside the markers)`,
  );
}

/** The whole file with the managed block holding `entries` (sorted by name, for stable output). */
export function renderManagedConf(conf: ManagedConf): string {
  const names = [...conf.entries.keys()].sort();
  const block = names.map((n) => conf.entries.get(n)!.text).join('\n');
  let before = conf.before;
  if (!conf.hasBlock && before !== '') before += before.endsWith('\n') ? '\n' : '\n\n';
  return `${before}${BEGIN_MARKER}\n${block}${END_MARKER}\n${conf.after}`;
}

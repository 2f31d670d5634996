/**
 * Building and running xlcheck (xlcheck.c): Xen's own config parser
 * (libxlutil, Debian libxen-dev) reading a generated domain config. Used by
 * the tests; CI builds it from source with gcc.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { repositoryRoot } from '../../../schema/repo-root.js';

export const XLCHECK_SOURCE = join(repositoryRoot(), 'components', 'xen', 'checker', 'xlcheck.c');

/** Compile xlcheck into `dir`; returns the binary's path. Fails with gcc's message (libxen-dev missing...). */
export async function buildXlcheck(dir: string): Promise<string> {
  const out = join(dir, 'xlcheck');
  const r = await execa('gcc', ['-O2', '-Wall', '-Werror', '-o', out, XLCHECK_SOURCE, '-lxlutil', '-lxenlight'], { reject: false, all: true });
  if (r.exitCode !== 0) throw new Error(`building xlcheck failed (is Debian's libxen-dev installed?):\n${r.all ?? ''}`);
  return out;
}

export type XlcheckEntry =
  | { key: 'disk'; index: number; spec: string; vdev: string; target: string | null; format: string; backend: string; readwrite: number; cdrom: number }
  | { key: 'vif'; index: number; spec: string; mac: string | null; bridge: string | null; ip: string | null }
  | { key: string; type: 'long' | 'bool'; value: number }
  | { key: string; type: 'string'; value: string }
  | { key: string; type: 'list'; value: string[] };

export interface XlcheckResult {
  /** Accepted by Xen's parser and xlcheck's checks. */
  ok: boolean;
  exitCode: number;
  /** What Xen read, one entry per value checked. */
  entries: XlcheckEntry[];
  /** The parser's messages. */
  stderr: string;
}

/** Run xlcheck on `file`; `typed` are KEY:TYPE arguments (TYPE: long, bool, string, list). */
export async function runXlcheck(binary: string, file: string, typed: string[] = []): Promise<XlcheckResult> {
  const r = await execa(binary, [file, ...typed], { reject: false, timeout: 30_000 });
  const entries = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as XlcheckEntry);
  return { ok: r.exitCode === 0, exitCode: r.exitCode ?? -1, entries, stderr: r.stderr };
}

/** Entries of one key, in order. */
export function entriesOf<K extends string>(r: XlcheckResult, key: K): Extract<XlcheckEntry, { key: K }>[] {
  return r.entries.filter((e) => e.key === key) as Extract<XlcheckEntry, { key: K }>[];
}

/**
 * Inputs of a profile, as the build cache records them. An entry is one name
 * looked up (a template, a data file) or one object template file, with the
 * state of everything the lookup touched: the files found (content hash and
 * stamp) and the paths probed in vain, grouped by directory (with the
 * directory's stamp: while it is unchanged, no file was added to it).
 * Entries are immutable: when a name's state changes a new entry is made, so
 * that a profile not rebuilt keeps pointing at the state it was built from.
 */
import { dirname, basename } from 'node:path';
import type { Dependency } from '../output/dep.js';
import { stampKey } from '../loader/file-state.js';
import type { ProbeSet, SourceLookup } from '../loader/source-lookup.js';

export interface FoundInput {
  readonly path: string;
  readonly hash: string;
  /** Stamp key when read, null if it vanished meanwhile. */
  readonly stamp: string | null;
  readonly mtimeMs: number;
}

export interface AbsentDir {
  readonly dir: string;
  readonly stamp: string | null;
  readonly mtimeMs: number;
  /** File names probed in this directory and not found, NUL-separated (one string: the state loads faster). */
  readonly names: string;
}

export interface InputEntry {
  /** `t` template name, `f` data file name, `o` object template file. */
  readonly kind: 't' | 'f' | 'o';
  readonly name: string;
  readonly found: readonly FoundInput[];
  readonly absent: readonly AbsentDir[];
  /** Wall-clock time before these states were seen (stamps modified after it minus RACY_MS are not trusted). */
  readonly seenAt: number;
}

/** Identity of an entry's content (stamps are only a shortcut to check it: not part of it). */
export function entryKey(e: InputEntry): string {
  let key = `${e.kind}\u0000${e.name}`;
  for (const f of e.found) key += `\u0001${f.path}\u0000${f.hash}`;
  for (const a of e.absent) key += `\u0002${a.dir}\u0000${a.names}`;
  return key;
}

function foundInput(lookup: SourceLookup, path: string): FoundInput {
  const stamp = lookup.stampOf(path);
  return { path, hash: lookup.hashOf(path), stamp: stampKey(stamp), mtimeMs: stamp?.mtimeMs ?? 0 };
}

export function entryOfProbes(lookup: SourceLookup, set: ProbeSet, seenAt: number): InputEntry {
  const byDir = new Map<string, string[]>();
  for (const path of set.absent) {
    const dir = dirname(path);
    let names = byDir.get(dir);
    if (names === undefined) byDir.set(dir, (names = []));
    names.push(basename(path));
  }
  const absent: AbsentDir[] = [];
  for (const [dir, names] of byDir) {
    const stamp = lookup.dirStampOf(dir);
    absent.push({ dir, stamp: stampKey(stamp), mtimeMs: stamp?.mtimeMs ?? 0, names: names.join('\u0000') });
  }
  return { kind: set.kind, name: set.name, found: [...set.found].map((p) => foundInput(lookup, p)), absent, seenAt };
}

export function entryOfObjectFile(lookup: SourceLookup, file: string, seenAt: number): InputEntry {
  return { kind: 'o', name: file, found: [foundInput(lookup, file)], absent: [], seenAt };
}

/** The probe set a dependency came from (templates: PAN, TPL, ABSENT_SOURCE; files: TEXT). */
export function probesOfDependency(lookup: SourceLookup, dep: Dependency): ProbeSet | undefined {
  return dep.type === 'TEXT' ? lookup.fileProbes.get(dep.name) : lookup.templateProbes.get(dep.name);
}

/** Whether an object's dependencies account for a lookup it made (else the lookup left no trace in them). */
export function coveredBy(deps: ReadonlyMap<string, Dependency>, set: ProbeSet): boolean {
  const dep = deps.get(set.name);
  return dep !== undefined && (dep.type === 'TEXT') === (set.kind === 'f');
}

/** The file names of an AbsentDir. */
export function absentNames(a: AbsentDir): string[] {
  return a.names === '' ? [] : a.names.split('\u0000');
}

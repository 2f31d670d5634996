/**
 * Fleet-wide diff of two directories of compiled profiles: which profiles
 * were added, removed or changed, and each change grouped with every node
 * that has it. Profiles are read one pair at a time (memory does not grow
 * with the fleet, only with the changes), and a pair of byte-identical
 * files is not read at all.
 */
import { ChangeGroups, type ChangeGroup } from './group.js';
import { listProfiles, profileBytes, readProfile } from './profile-dir.js';
import { diffTrees, type Change } from './tree-diff.js';

export interface DiffOptions {
  /** Compare only these objects (by name); all when undefined. */
  readonly only?: ReadonlySet<string>;
  /** Keep each node's concrete changes (DiffReport.details). */
  readonly details?: boolean;
  /** Told after each object compared (for a progress line). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DiffReport {
  /** Profiles on each side (after `only`). */
  readonly oldCount: number;
  readonly newCount: number;
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
  readonly unchanged: number;
  readonly groups: ChangeGroup[];
  /** Per node, its changes (only when asked for). */
  readonly details?: Map<string, Change[]>;
  /** Problems that make the comparison incomplete (unreadable profiles, compile errors). */
  readonly errors: string[];
}

/** Whether the report shows any difference. */
export function hasChanges(r: DiffReport): boolean {
  return r.added.length + r.removed.length + r.changed.length > 0;
}

function restrict(profiles: Map<string, string>, only: ReadonlySet<string> | undefined): Map<string, string> {
  if (only === undefined) return profiles;
  return new Map([...profiles].filter(([name]) => only.has(name)));
}

/** Compare the profiles of two output directories. */
export function diffProfileDirs(oldDir: string, newDir: string, options: DiffOptions = {}): DiffReport {
  const before = restrict(listProfiles(oldDir), options.only);
  const after = restrict(listProfiles(newDir), options.only);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  const errors: string[] = [];
  const details = options.details ? new Map<string, Change[]>() : undefined;
  const groups = new ChangeGroups();
  let unchanged = 0;
  names.forEach((name, i) => {
    const a = before.get(name);
    const b = after.get(name);
    if (a === undefined) added.push(name);
    else if (b === undefined) removed.push(name);
    else {
      try {
        const changes = compareFiles(a, b);
        if (changes.length === 0) unchanged++;
        else {
          changed.push(name);
          groups.add(name, changes);
          details?.set(name, changes);
        }
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    options.onProgress?.(i + 1, names.length);
  });
  return {
    oldCount: before.size, newCount: after.size, added, removed, changed, unchanged, groups: groups.list(), errors,
    ...(details === undefined ? {} : { details }),
  };
}

/** The changes between two profile files (none, without reading them, when they are the same bytes). */
export function compareFiles(oldFile: string, newFile: string): Change[] {
  const x = profileBytes(oldFile);
  const y = profileBytes(newFile);
  if (sameFormat(oldFile, newFile) && x.equals(y)) return [];
  return diffTrees(readProfile(oldFile, x), readProfile(newFile, y));
}

function sameFormat(a: string, b: string): boolean {
  const suffix = (f: string): string => f.slice(f.lastIndexOf('.', f.endsWith('.gz') ? f.length - 4 : f.length));
  return suffix(a) === suffix(b);
}

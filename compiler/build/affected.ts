/**
 * `--affected-by FILE...`: the object templates whose output an edit of those
 * files (or their creation, for paths that were probed and not found) could
 * change, from what the build cache recorded each profile reading. Profiles
 * the cache knows nothing about (never compiled, or failed) are listed too:
 * a build would compile them.
 */
import { join, resolve } from 'node:path';
import type { BuildOptions } from './api.js';
import { BuildCache } from './build-cache.js';
import { buildFingerprint, compilerFingerprint } from './fingerprint.js';
import { absentNames, type InputEntry } from './input-entries.js';
import type { Job } from './job-runner.js';

export class AffectedError extends Error {
  override readonly name = 'AffectedError';
}

function touches(entry: InputEntry | null | undefined, edited: ReadonlySet<string>): boolean {
  if (entry === null || entry === undefined) return true;
  if (entry.found.some((f) => edited.has(f.path))) return true;
  return entry.absent.some((a) => absentNames(a).some((n) => edited.has(join(a.dir, n))));
}

/** The jobs an edit of `editedFiles` affects, in the given order. */
export function affectedJobs(jobs: readonly Job[], editedFiles: readonly string[], options: BuildOptions): Job[] {
  if (options.cacheDir === undefined) throw new AffectedError('--affected-by needs --cache-dir: the build cache records what each profile read');
  const state = new BuildCache(options.cacheDir, buildFingerprint(options), compilerFingerprint()).load();
  const edited = new Set(editedFiles.map((f) => resolve(f)));
  const verdicts = new Map<number, boolean>();
  const entryTouched = (id: number): boolean => {
    let v = verdicts.get(id);
    if (v === undefined) {
      v = touches(state.entries[id], edited);
      verdicts.set(id, v);
    }
    return v;
  };
  // The set of inputs the profiles of a kind share is one array: looked through once.
  const parts = new Map<Uint32Array, boolean>();
  const partTouched = (part: Uint32Array): boolean => {
    let v = parts.get(part);
    if (v === undefined) {
      v = part.some(entryTouched);
      parts.set(part, v);
    }
    return v;
  };
  return jobs.filter((job) => {
    const rec = state.profiles.get(job.file);
    return rec === undefined || rec.inputs.some(partTouched);
  });
}

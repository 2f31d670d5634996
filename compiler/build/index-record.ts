/**
 * What the last build of an option set left in the profiles index of its
 * output directory: the stamps of the two index files, when they were
 * taken, and which object templates that build listed. A build that
 * compiles nothing, for the same object templates, finding the index files
 * as recorded, would write the same index again: it leaves the files alone
 * without reading them. At N=10,000 reading the index and making it again
 * took 95 ms, a sixth of a no-op build.
 *
 * The record is a small file beside the build state (not in it: a no-op
 * build that refreshes it must not rewrite the state). It is only written
 * when the index lists exactly that build's profiles; profiles kept from
 * earlier builds are listed while their files exist, and only reading the
 * index checks that.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeIfChangedSync } from '../../common/fs.js';
import { contentHash, fileStamp, stampKey, trustworthy } from '../loader/file-state.js';
import { INDEX_FILE, PROFILES_INFO_FILE } from './profiles-index.js';

const FORMAT = 'panfab-index-record/1';
const FILES = [INDEX_FILE, PROFILES_INFO_FILE] as const;

export interface IndexRecord {
  readonly format: typeof FORMAT;
  /** jobsKey() of the build that wrote (or checked) the index. */
  readonly jobs: string;
  /** stampKey() of each of FILES, null when absent. */
  readonly stamps: readonly (string | null)[];
  /** When the stamps were taken (ms): a stamp too close to it proves nothing (file-state.ts). */
  readonly seenAt: number;
}

/** The object templates of a build, in any order, as one key. */
export function jobsKey(files: readonly string[]): string {
  return contentHash([...files].sort().join('\u0000'));
}

export function readIndexRecord(path: string): IndexRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as Partial<IndexRecord>;
    if (r.format !== FORMAT || typeof r.jobs !== 'string' || !Array.isArray(r.stamps) || typeof r.seenAt !== 'number') return undefined;
    return r as IndexRecord;
  } catch {
    return undefined; // none, or unreadable: the index is read and checked
  }
}

/** Write the record, or remove it (`undefined`: the index may differ from what a build of these options would write). */
export function writeIndexRecord(path: string, record: IndexRecord | undefined): void {
  try {
    if (record === undefined) rmSync(path, { force: true });
    else writeIfChangedSync(path, JSON.stringify(record) + '\n');
  } catch {
    // The cache directory is the state's: where this fails, saving the state
    // fails too, and a profile whose new state was not saved is compiled again
    // (no build with something to compile trusts the record).
  }
}

/** The index files of `dir` as they are now, for a build of `jobs`. */
export function recordIndex(dir: string, jobs: string, now: number): IndexRecord {
  return { format: FORMAT, jobs, stamps: FILES.map((f) => stampKey(fileStamp(join(dir, f)))), seenAt: now };
}

/** Whether the index files of `dir` are as `record` says a build of `jobs` left them, by stamps it can trust. */
export function indexAsRecorded(dir: string, record: IndexRecord | undefined, jobs: string): boolean {
  if (record === undefined || record.jobs !== jobs) return false;
  return FILES.every((f, i) => {
    const now = fileStamp(join(dir, f));
    return now !== null && stampKey(now) === record.stamps[i] && trustworthy(now, record.seenAt);
  });
}

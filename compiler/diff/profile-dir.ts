/**
 * A directory of compiled profiles, as `panfab compile --output-dir` leaves
 * it: `<object>.json`, `.xml` (pan XML), their `.gz` variants, with object
 * names that may contain `/` (sub-directories). Indexes, dep files and
 * temporary files beside them are not profiles.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readPanXml } from '../output/read-pan-xml.js';
import type { PanDict } from '../model/values.js';
import { readJsonProfile } from '../output/read-json.js';
import { isIndexFile } from '../build/profiles-index.js';

/** Profile suffixes, best first: JSON is the smallest to read; pan XML is as exact. */
const SUFFIXES = ['.json', '.json.gz', '.xml', '.xml.gz'] as const;

/** Listings that other tools leave beside profiles (panfab's own: isIndexFile). */
const OTHER_LISTINGS = new Set(['profiles-info.json', 'profiles.json', 'index.json']);

export class ProfileDirError extends Error {}

/** Object name -> profile file (the best format present), for every profile under `dir`. */
export function listProfiles(dir: string): Map<string, string> {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new ProfileDirError(`${dir}: no such directory`);
  }
  if (!st.isDirectory()) throw new ProfileDirError(`${dir}: not a directory`);
  const found = new Map<string, { file: string; rank: number }>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const base = rel.slice(rel.lastIndexOf(sep) + 1);
    if (base.startsWith('.') || isIndexFile(base) || OTHER_LISTINGS.has(base)) continue;
    const rank = SUFFIXES.findIndex((s) => base.endsWith(s));
    if (rank < 0) continue;
    const file = join(dir, rel);
    if (!statSync(file).isFile()) continue;
    const name = relative(dir, file).split(sep).join('/').slice(0, -(SUFFIXES[rank] as string).length);
    const prev = found.get(name);
    if (prev === undefined || rank < prev.rank) found.set(name, { file, rank });
  }
  return new Map([...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, f]) => [n, f.file]));
}

/** The raw bytes of a profile file (for a cheap "identical" test before reading values). */
export function profileBytes(file: string): Buffer {
  return readFileSync(file);
}

/** The configuration tree held in a profile file. */
export function readProfile(file: string, bytes: Buffer = readFileSync(file)): PanDict {
  const gz = file.endsWith('.gz');
  const text = (gz ? gunzipSync(bytes) : bytes).toString('utf8');
  return file.endsWith('.json') || file.endsWith('.json.gz') ? readJsonProfile(text, file) : readPanXml(text, file);
}

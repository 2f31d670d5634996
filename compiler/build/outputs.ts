/**
 * Writing one profile's output files: each format formatted, hashed and
 * written atomically only when its content changed (an unchanged file keeps
 * its modification time, so that nothing downstream is woken up for it).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { PanDict } from '../model/values.js';
import { formatProfileBytes, outputSuffix, type Dependency, type WritableFormat } from '../output/index.js';
import type { OutputFormat } from './api.js';
import { writeOutputFile, type OutputWriter } from './output-writer.js';

export interface OutputRecord {
  readonly format: WritableFormat;
  /** Path relative to the output directory (`ns/host.json`). */
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Whether this build wrote it (its content changed). */
  readonly changed: boolean;
}

/** The formats that produce a file, each suffix once (pan and xml are the same file). */
export function writableFormats(formats: readonly OutputFormat[]): WritableFormat[] {
  const seen = new Set<string>();
  const out: WritableFormat[] = [];
  for (const f of formats) {
    const suffix = outputSuffix(f);
    if (suffix === null || seen.has(suffix)) continue;
    seen.add(suffix);
    out.push(f as WritableFormat); // only 'null' has no suffix
  }
  return out;
}

export function writeProfileOutputs(
  outputDir: string, name: string, root: PanDict, deps: readonly Dependency[], formats: readonly WritableFormat[],
): OutputRecord[] {
  return formats.map((format) => {
    const file = outputFileName(name, format);
    // Written and hashed before the next format reuses the buffer.
    return { format, file, ...writeOutputFile(join(outputDir, file), formatProfileBytes(format, root, deps, name)) };
  });
}

/** writeProfileOutputs through a writer thread: the files are formatted here, written and hashed there. */
export function handOverProfileOutputs(
  writer: OutputWriter, outputDir: string, name: string, root: PanDict, deps: readonly Dependency[], formats: readonly WritableFormat[],
): Promise<OutputRecord[]> {
  return Promise.all(formats.map(async (format): Promise<OutputRecord> => {
    const file = outputFileName(name, format);
    return { format, file, ...(await writer.write(join(outputDir, file), formatProfileBytes(format, root, deps, name))) };
  }));
}

/** `ns/host.json` for a profile and a format that writes a file. */
function outputFileName(name: string, format: WritableFormat): string {
  return name + (outputSuffix(format) as string);
}

/** Whether the file at `path` still has the size and modification time recorded when it was written. */
export function unchangedOnDisk(path: string, size: number, mtimeMs: number): boolean {
  try {
    const st = statSync(path);
    return st.size === size && st.mtimeMs === mtimeMs;
  } catch {
    return false;
  }
}

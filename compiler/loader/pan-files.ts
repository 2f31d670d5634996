/**
 * Listing the Pan sources of a directory: object templates of a profiles
 * directory (one level) or every template of a library (recursive).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The `.pan` files in `dir` (and below it when `recursive`), as paths under `dir`, sorted. */
export function panFilesIn(dir: string, options: { recursive?: boolean } = {}): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (options.recursive) walk(path);
      } else if (entry.name.endsWith('.pan')) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

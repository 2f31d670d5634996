/**
 * The chevrotain runtime, loaded from the package's single-file ESM build.
 *
 * The package entry point (lib/src/api.js) pulls in hundreds of small
 * lodash-es modules and takes ~0.6 s to load; the bundle it ships
 * (lib/chevrotain.mjs, same version, same API) loads in ~20 ms. Since every
 * compiler run pays this, we load the bundle and fall back to the entry
 * point if the file is not where the package puts it.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Chevrotain = typeof import('chevrotain');

async function loadChevrotain(): Promise<Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    const bundle = join(dirname(entry), '..', 'chevrotain.mjs');
    return (await import(pathToFileURL(bundle).href)) as Chevrotain;
  } catch {
    return await import('chevrotain');
  }
}

export const chevrotain: Chevrotain = await loadChevrotain();

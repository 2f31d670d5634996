/**
 * Starting a build thread from a script beside this file: the compiled
 * JavaScript, or under the tests the TypeScript source, through the loader
 * hooks the conformance runner uses.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const here = fileURLToPath(import.meta.url);

/** A worker thread running `<name>.js` (or `<name>.ts`) of this folder, given `workerData`. */
export function spawnThread(name: string, workerData: unknown): Worker {
  if (here.endsWith('.ts')) {
    const hooks = pathToFileURL(join(dirname(here), '..', '..', 'test', 'conformance', 'ts-hooks.mjs')).href;
    const script = pathToFileURL(join(dirname(here), `${name}.ts`)).href;
    const bootstrap = `require('node:module').register(${JSON.stringify(hooks)});\nimport(${JSON.stringify(script)});`;
    return new Worker(bootstrap, { eval: true, workerData });
  }
  return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
}

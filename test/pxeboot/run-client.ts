/** Run `panfab-pxeboot` (from the TypeScript sources) in the client namespace, as libxl would. */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./run-pxeboot.mjs', import.meta.url));

export interface ClientRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `cacheDir` keeps transpiled sources between runs (see ts-hooks.mjs).
 * CI=true keeps progress lines off stderr, so tests see only errors.
 */
export async function runClient(ns: string, args: string[], cacheDir: string, timeoutMs = 60_000): Promise<ClientRun> {
  const started = Date.now();
  const r = await execa('ip', ['netns', 'exec', ns, process.execPath, RUNNER, ...args], {
    reject: false,
    timeout: timeoutMs,
    env: { CI: 'true', PXEBOOT_TS_CACHE: cacheDir },
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

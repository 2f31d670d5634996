/** Read-only views of the host under the root, handed to components as ctx.probe. */
import { promises as fsp, type Stats } from 'node:fs';
import type { CommandRunner } from './command-runner.js';
import { hostPath } from './paths.js';
import type { CommandResult, FileInfo, ProbeCommandOptions, Probes } from './types.js';

const PROBE_TIMEOUT_MS = 60_000;

function missing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (missing(e)) return undefined;
    throw e;
  }
}

export function fileInfo(st: Stats): FileInfo {
  const kind = st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
  return { kind, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
}

export function makeProbes(root: string, runner: CommandRunner): Probes {
  const at = (path: string): string => hostPath(root, path);
  return {
    readFile: (path) => orUndefined(fsp.readFile(at(path))),
    readText: (path) => orUndefined(fsp.readFile(at(path), 'utf8')),
    stat: async (path) => {
      const st = await orUndefined(fsp.lstat(at(path)));
      return st && fileInfo(st);
    },
    readlink: async (path) => {
      try {
        return await fsp.readlink(at(path));
      } catch (e) {
        if (missing(e) || (e as NodeJS.ErrnoException).code === 'EINVAL') return undefined;
        throw e;
      }
    },
    readdir: async (path) => (await orUndefined(fsp.readdir(at(path))))?.sort(),
    run: async (argv: string[], opts: ProbeCommandOptions = {}): Promise<CommandResult> => {
      const outcome = await runner.run(argv, { timeout: opts.timeout ?? PROBE_TIMEOUT_MS, readOnly: true, ...(opts.input !== undefined ? { input: opts.input } : {}), ...(opts.env ? { env: opts.env } : {}) });
      if (!outcome.ran) throw new Error('a read-only probe was not run'); // cannot happen: read-only commands always run
      return outcome.result;
    },
  };
}

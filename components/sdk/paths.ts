/**
 * Host paths -> paths on disk. With `--root DIR` every host path the agent
 * touches lives under DIR; a path from a profile must never climb out of it.
 */
import { posix, resolve } from 'node:path';

export class PathError extends Error {
  override name = 'PathError';
}

/** Check a host path from a profile or a plan: absolute, normalised, no NUL. */
export function checkHostPath(path: string): string {
  if (typeof path !== 'string' || path === '') throw new PathError('empty path');
  if (path.includes('\0')) throw new PathError(`path contains a NUL byte: ${JSON.stringify(path)}`);
  if (!path.startsWith('/')) throw new PathError(`not an absolute path: ${JSON.stringify(path)}`);
  const normal = posix.normalize(path);
  if (path.split('/').includes('..')) throw new PathError(`path contains '..': ${JSON.stringify(path)}`);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** Where host path `path` is on disk when `/` is `root`. */
export function hostPath(root: string, path: string): string {
  const normal = checkHostPath(path);
  const base = resolve(root);
  return base === '/' ? normal : base + (normal === '/' ? '' : normal);
}

import fs, { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { atomicWriteFile, atomicWriteFileSync, writeIfChangedSync, type WriteOptions } from './fs.js';

type Writer = (path: string, data: string, opts?: WriteOptions) => Promise<void>;
const WRITERS: [string, Writer][] = [
  ['atomicWriteFile', atomicWriteFile],
  ['atomicWriteFileSync', async (path, data, opts) => atomicWriteFileSync(path, data, opts)],
];

/** Ids to give: other ones as root; as another user, chown may only keep its own. */
const ROOT = process.getuid!() === 0;
const OWNER = ROOT ? { uid: 4321, gid: 8765 } : { uid: process.getuid!(), gid: process.getgid!() };
let dir: string;
let savedUmask: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-fs-'));
  savedUmask = process.umask(0o077); // a strict umask: it must not narrow an explicit mode
});
afterEach(() => {
  process.umask(savedUmask);
  vi.restoreAllMocks();
  syncBuiltinESMExports();
  rmSync(dir, { recursive: true, force: true });
});

const metaOf = (path: string) => {
  const st = lstatSync(path);
  return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
};
const leftovers = () => readdirSync(dir).filter((f) => f.includes('.tmp-'));

/** Record the temporary file's mode and owner at the moment it is renamed over the target. */
function watchRenames(): { mode: number; uid: number; gid: number }[] {
  const seen: { mode: number; uid: number; gid: number }[] = [];
  const rename = fs.promises.rename;
  const renameSync = fs.renameSync;
  vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
    seen.push(metaOf(String(from)));
    return rename(from, to);
  });
  vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    seen.push(metaOf(String(from)));
    renameSync(from, to);
  });
  syncBuiltinESMExports(); // the named import of renameSync in fs.ts follows the spy
  return seen;
}

describe.each(WRITERS)('%s', (_name, write) => {
  it('writes the content, replacing the file, and leaves no temporary file', async () => {
    const path = join(dir, 'sub', 'out.txt');
    await write(path, 'one\n');
    await write(path, 'two\n');
    expect(readFileSync(path, 'utf8')).toBe('two\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.txt']);
  });

  it('without a mode, makes 0644 narrowed by the umask, as any new file', async () => {
    await write(join(dir, 'plain'), 'x');
    expect(metaOf(join(dir, 'plain')).mode).toBe(0o600);
  });

  it('gives the exact mode, special bits included, whatever the umask, before the rename', async () => {
    const seen = watchRenames();
    await write(join(dir, 'shared'), 'x', { mode: 0o664 });
    await write(join(dir, 'tool'), 'x', { mode: 0o2755 });
    expect(metaOf(join(dir, 'shared')).mode).toBe(0o664);
    expect(metaOf(join(dir, 'tool')).mode).toBe(0o2755);
    expect(seen.map((s) => s.mode)).toEqual([0o664, 0o2755]);
  });

  it('gives the owner before the rename, and chown does not clear the set-id bits asked for', async () => {
    const seen = watchRenames();
    const path = join(dir, 'owned');
    await write(path, 'x', { owner: OWNER, mode: 0o6750 });
    expect(metaOf(path)).toEqual({ mode: 0o6750, ...OWNER });
    expect(seen).toEqual([{ mode: 0o6750, ...OWNER }]);
    await write(path, 'y', { owner: { uid: OWNER.uid, gid: -1 } }); // -1: the creator's group
    expect(metaOf(path)).toEqual({ mode: 0o600, uid: OWNER.uid, gid: process.getgid!() });
  });

  it('on failure leaves the target as it was and removes the temporary file', async () => {
    const path = join(dir, 'kept');
    writeFileSync(path, 'old');
    await expect(write(path, 'new', { owner: { uid: 1.5, gid: 0 } })).rejects.toThrow(/uid/);
    await expect(write(path, 'new', { mode: -1 })).rejects.toThrow(/mode/);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(leftovers()).toEqual([]);
  });

  it('never opens a name that is taken (a link planted at the next temporary name): it takes another, and leaves that one alone', async () => {
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'safe');
    const path = join(dir, 'out');
    const opened: string[] = [];
    const open = fs.promises.open;
    const openSync = fs.openSync;
    vi.spyOn(fs.promises, 'open').mockImplementation(async (p, ...rest) => (opened.push(String(p)), open(p, ...rest)));
    vi.spyOn(fs, 'openSync').mockImplementation((p, ...rest) => (opened.push(String(p)), openSync(p, ...rest)));
    syncBuiltinESMExports();
    await write(path, 'probe');
    const next = opened[0]!.replace(/-(\d+)$/, (_m, n: string) => `-${Number(n) + 1}`);
    fs.symlinkSync(victim, next);
    await write(path, 'real');
    expect(readFileSync(path, 'utf8')).toBe('real');
    expect(readFileSync(victim, 'utf8')).toBe('safe');
    expect(lstatSync(next).isSymbolicLink()).toBe(true);
    expect(opened.slice(1, 2)).toEqual([next]);
  });
});

describe('writeIfChangedSync', () => {
  it('writes only a change, with the mode asked for', () => {
    const path = join(dir, 'gen.txt');
    mkdirSync(dir, { recursive: true });
    expect(writeIfChangedSync(path, 'a', { mode: 0o640 })).toBe(true);
    expect(writeIfChangedSync(path, 'a', { mode: 0o640 })).toBe(false);
    expect(metaOf(path).mode).toBe(0o640);
  });
});

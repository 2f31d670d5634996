import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BuildCache, BuildState, pruneOtherCompilers, type ProfileRecord } from './build-cache.js';
import type { InputEntry } from './input-entries.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const COMPILER = 'c0ffee'.repeat(8);
const entry = (name: string): InputEntry => ({ kind: 't', name, found: [], absent: [], seenAt: 0 });

function profile(name: string, ids: number[]): ProfileRecord {
  return { file: `/site/${name}.pan`, name, inputs: [Uint32Array.from(ids)], outputs: [], reports: [], references: [] };
}

const idsOf = (p: ProfileRecord | undefined): number[] => p!.inputs.flatMap((part) => [...part]).sort((a, b) => a - b);
const namesOf = (state: BuildState, p: ProfileRecord | undefined): string[] => idsOf(p).map((id) => state.entries[id]!.name).sort();

describe('build state file', () => {
  it('stores the inputs profiles share once, and gives each profile its own set back', () => {
    dir = mkdtempSync(join(tmpdir(), 'panfab-state-test-'));
    const state = new BuildState();
    for (const n of ['common', 'lib', 'a', 'b', 'c', 'other']) state.intern(entry(n));
    state.setProfile(profile('a', [0, 1, 2]));
    state.setProfile(profile('b', [3, 1, 0]));
    state.setProfile(profile('c', [0, 4]));
    new BuildCache(dir!, 'fp', COMPILER).save(state);

    const loaded = new BuildCache(dir!, 'fp', COMPILER).load();
    const [a, b, c] = ['a', 'b', 'c'].map((n) => loaded.profiles.get(`/site/${n}.pan`));
    expect(namesOf(loaded, a)).toEqual(['a', 'common', 'lib']);
    expect(namesOf(loaded, b)).toEqual(['b', 'common', 'lib']);
    expect(namesOf(loaded, c)).toEqual(['c', 'common']);
    expect(a!.inputs[0]).toBe(b!.inputs[0]); // one shared set, checked once per build
    expect(a!.inputs[0]).not.toBe(c!.inputs[0]);

    // Entries no profile uses any more are dropped; the ids of the others follow.
    loaded.deleteProfile('/site/a.pan');
    new BuildCache(dir!, 'fp', COMPILER).save(loaded);
    const again = new BuildCache(dir!, 'fp', COMPILER).load();
    expect(again.entries.map((e) => e!.name).sort()).toEqual(['b', 'c', 'common', 'lib']);
    expect(namesOf(again, again.profiles.get('/site/b.pan'))).toEqual(['b', 'common', 'lib']);
    expect(namesOf(again, again.profiles.get('/site/c.pan'))).toEqual(['c', 'common']);
  });

  it('prunes what other compiler versions left, not other option sets', () => {
    dir = mkdtempSync(join(tmpdir(), 'panfab-state-test-'));
    const state = new BuildState([entry('x')]);
    state.setProfile(profile('x', [0]));
    new BuildCache(dir, 'one option set', COMPILER).save(state);
    const another = new BuildCache(dir, 'another option set', COMPILER);
    another.save(state);
    writeFileSync(another.indexRecordPath, '{}');
    const ours = readdirSync(dir).sort();
    mkdirSync(join(dir, `ast-${COMPILER.slice(0, 16)}`));
    mkdirSync(join(dir, 'ast-0123456789abcdef'));
    writeFileSync(join(dir, 'build-state-0123456789abcdef-0011223344556677.v8'), '');
    writeFileSync(join(dir, 'build-state-0123456789abcdef-0011223344556677.lock'), '');
    writeFileSync(join(dir, 'build-state-0123456789abcdef-0011223344556677.index.json'), '{}');
    writeFileSync(join(dir, 'server.log'), '');
    pruneOtherCompilers(dir, COMPILER);
    const held = 'build-state-0123456789abcdef-0011223344556677.lock'; // its build may be running
    expect(readdirSync(dir).sort()).toEqual([...ours, `ast-${COMPILER.slice(0, 16)}`, held, 'server.log'].sort());
    expect(ours).toHaveLength(3);
  });

  it('keeps the saved state in memory for a compile server, inputs in shared parts', () => {
    dir = mkdtempSync(join(tmpdir(), 'panfab-state-test-'));
    BuildCache.keepInMemory = true;
    try {
      const state = new BuildState();
      for (const n of ['common', 'lib', 'a', 'b']) state.intern(entry(n));
      state.setProfile(profile('a', [0, 1, 2]));
      state.setProfile(profile('b', [3, 1, 0]));
      new BuildCache(dir, 'fp', COMPILER).save(state);
      const kept = new BuildCache(dir, 'fp', COMPILER).load();
      expect(kept).toBe(state);
      const [a, b] = ['a', 'b'].map((n) => kept.profiles.get(`/site/${n}.pan`)!);
      expect(a.inputs[0]).toBe(b.inputs[0]);
      expect(namesOf(kept, a)).toEqual(['a', 'common', 'lib']);

      // Saved again with one profile rebuilt: the others keep their parts, all read back alike.
      state.setProfile(profile('b', [3, 0]));
      new BuildCache(dir, 'fp', COMPILER).save(state);
      // Read from the file (a copy elsewhere: this process keeps the state of `dir` in memory).
      const copy = join(dir, 'copy');
      mkdirSync(copy);
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.v8'))) copyFileSync(join(dir, f), join(copy, f));
      const read = new BuildCache(copy, 'fp', COMPILER).load();
      expect(read).not.toBe(state);
      expect(namesOf(read, read.profiles.get('/site/a.pan'))).toEqual(['a', 'common', 'lib']);
      expect(namesOf(read, read.profiles.get('/site/b.pan'))).toEqual(['b', 'common']);
    } finally {
      BuildCache.keepInMemory = false;
    }
  });
});

/**
 * A build in one thread with a writer thread (output-writer.ts) gives what a
 * build that writes its own files gives: the same files, the same profiles
 * index (hashes, sizes), the same messages, and a file it cannot write is
 * the same failed profile with the same error. Needs two cores (as CI has):
 * the writer is only used when the build may use two threads.
 */
import { availableParallelism } from 'node:os';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BuildOptions, BuildResult } from '../../compiler/build/api.js';
import { runBuild, threadPlan } from '../../compiler/build/driver.js';
import { makeSmallSite, type SmallSite } from './small-site.js';

let site: SmallSite | undefined;
afterEach(() => site?.cleanup());

function build(s: SmallSite, out: string, nthread?: number): Promise<BuildResult> {
  const options: BuildOptions = { includePath: s.includePath, outputDir: out, formats: ['json', 'pan', 'dep'], progress: false, ...(nthread !== undefined ? { nthread } : {}) };
  return runBuild(s.objects, options);
}

function files(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** The index without modification times (they differ between two builds). */
function indexOf(dir: string): unknown {
  const index = JSON.parse(readFileSync(join(dir, 'profiles-index.json'), 'utf8')) as { profiles: Record<string, Record<string, { mtime?: number }>> };
  for (const p of Object.values(index.profiles)) for (const o of Object.values(p)) if (typeof o === 'object' && o !== null) delete o.mtime;
  return index;
}

describe('the writer thread', () => {
  it('is planned for a build of 20 profiles or more in one thread that may use two', () => {
    expect(threadPlan(12, 2, undefined, true)).toEqual({ lanes: 1, writer: false });
    expect(threadPlan(30, 2, undefined, true)).toEqual({ lanes: 1, writer: true });
    expect(threadPlan(30, 1, undefined, true)).toEqual({ lanes: 1, writer: false });
    expect(threadPlan(30, 1, 1, true)).toEqual({ lanes: 1, writer: false });
    expect(threadPlan(30, 2, undefined, false)).toEqual({ lanes: 1, writer: false });
    expect(threadPlan(30, 2, 2, true)).toEqual({ lanes: 2, writer: false });
    expect(threadPlan(1010, 2, undefined, true)).toEqual({ lanes: 2, writer: false });
  });

  it('writes the same files, index and messages as a build writing its own', async () => {
    expect(availableParallelism()).toBeGreaterThan(1);
    site = makeSmallSite(25);
    const withWriter = await build(site, join(site.root, 'w'));
    const alone = await build(site, join(site.root, 'one'), 1);
    expect(withWriter.stats).toMatchObject({ total: 28, compiled: 28, failed: 0, threads: 1, writerThread: true });
    expect(alone.stats.writerThread).toBeUndefined();

    const a = files(join(site.root, 'one'));
    const b = files(join(site.root, 'w'));
    expect(a.size).toBe(28 * 3 + 2); // and the index, as JSON and as XML
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, text] of a) if (!name.startsWith('profiles-')) expect(b.get(name), name).toBe(text);
    expect(indexOf(join(site.root, 'w'))).toEqual(indexOf(join(site.root, 'one')));
    expect(withWriter.messages).toEqual(alone.messages);
  }, 120_000);

  it('fails a profile whose file it cannot write as a build writing its own does', async () => {
    site = makeSmallSite(25);
    const results: BuildResult[] = [];
    for (const [out, nthread] of [['w', undefined], ['one', 1]] as const) {
      // A directory where n07's JSON file goes.
      mkdirSync(join(site.root, out, 'n07.example.org.json'), { recursive: true });
      results.push(await build(site, join(site.root, out), nthread));
    }
    const [withWriter, alone] = results as [BuildResult, BuildResult];
    expect(withWriter.stats).toMatchObject({ compiled: 27, failed: 1, writerThread: true });
    expect(alone.stats).toMatchObject({ compiled: 27, failed: 1 });
    const errors = (r: BuildResult): string[] => r.messages.filter((m) => m.stream === 'error').map((m) => m.text.replace(join(site!.root, 'w'), 'OUT').replace(join(site!.root, 'one'), 'OUT'));
    expect(errors(withWriter)).toEqual(errors(alone));
    expect(errors(withWriter)[0]).toMatch(/n07\.example\.org\.pan\]\ncannot read OUT\/n07\.example\.org\.json: is a directory$/);
  }, 120_000);
});

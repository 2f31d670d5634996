/**
 * Cost of provenance (`explain`): compile time of the acceptance site (the
 * ten Quattor example profiles, ../shared/acceptance) with provenance off,
 * as every ordinary compile runs, and on, as `panfab explain` runs. With
 * `--baseline DIST`, also with the compiler of another build (the dist/ of a
 * checkout from before the provenance hook): then the hook, off, must cost
 * at most 5% (exit 1 otherwise). Runs are interleaved, and the fastest
 * process CPU time of each mode is compared: on a shared machine other
 * work only ever adds time, so the minimum is the steadiest estimate of the
 * cost itself (medians are printed too). Each measurement runs in a fresh process (one warm-up compile,
 * then timed ones), so that modes do not share a heap or JIT state.
 *
 *   npm run build && node dist/bench/provenance.js [--runs N] [--baseline DIST]
 *
 * A baseline from before the hook (commit 619e547 added it):
 *   mkdir /tmp/before && git archive 619e547~1 | tar -x -C /tmp/before
 *   ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npx tsc -p tsconfig.build.json)
 *   node dist/bench/provenance.js --baseline /tmp/before/dist
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CompileOptions, CompileResult } from '../compiler/build/api.js';
import { compile } from '../compiler/build/compile.js';
import { panFilesIn } from '../compiler/loader/pan-files.js';

/** Allowed cost of the hook when provenance is off, against the baseline. */
const TARGET_RATIO = 1.05;

type CompileFn = (files: readonly string[], options: CompileOptions) => Promise<CompileResult>;

/** What one child process measures. */
interface ModeSpec {
  readonly name: string;
  /** dist/ directory of the compiler to load (the baseline); this build when undefined. */
  readonly dist?: string;
  readonly provenance: boolean;
  readonly memo?: boolean;
}

interface Timing {
  readonly cpu: number;
  readonly wall: number;
}

const CHILD_FLAG = '--child';
/** Timed compiles per child, after one warm-up compile. */
const PER_CHILD = 2;

function minimum(values: readonly number[]): number {
  return Math.min(...values);
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cfg = resolve(repoRoot, '..', 'shared', 'acceptance', 'quattor-examples', 'cfg');
const includePath = ['clusters/grid/umd4', 'clusters/grid/umd4/profiles', 'clusters/grid/umd4/site', 'sites/example', 'grid/umd-4', 'os', 'quattor/dev', 'standard'].map((d) => join(cfg, d));

function objectFiles(): string[] {
  const dir = join(cfg, 'clusters/grid/umd4/profiles');
  return panFilesIn(dir);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timeOnce(mode: ModeSpec, run: CompileFn, files: readonly string[]): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await run(files, { includePath, formats: [], warnings: 'off', provenance: mode.provenance, ...(mode.memo === false ? { memo: false } : {}) });
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  const failed = result.objects.filter((o) => !o.ok).length;
  if (failed > 0 || result.errors.length > 0) throw new Error(`${mode.name}: ${failed} objects failed: ${result.errors[0]?.message ?? ''}`);
  return { cpu: (used.user + used.system) / 1000, wall };
}

/** In a child process: warm up, then time PER_CHILD compiles; print the median as JSON. */
async function child(mode: ModeSpec): Promise<void> {
  const run = mode.dist === undefined
    ? compile
    : ((await import(pathToFileURL(resolve(mode.dist, 'compiler/build/compile.js')).href)) as { compile: CompileFn }).compile;
  const files = objectFiles();
  await timeOnce(mode, run, files);
  const timings: Timing[] = [];
  for (let i = 0; i < PER_CHILD; i++) timings.push(await timeOnce(mode, run, files));
  process.stdout.write(JSON.stringify({ cpu: minimum(timings.map((t) => t.cpu)), wall: minimum(timings.map((t) => t.wall)) }));
}

/** Run one mode in a fresh process (its own heap and JIT state, so modes cannot disturb each other). */
function inChild(mode: ModeSpec): Timing {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), CHILD_FLAG, JSON.stringify(mode)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out) as Timing;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function main(): number {
  const rounds = Number(arg('--runs') ?? 7);
  const baseline = arg('--baseline');
  const modes: ModeSpec[] = [{ name: 'provenance off', provenance: false }];
  if (baseline !== undefined) modes.push({ name: `baseline (${baseline})`, dist: baseline, provenance: false });
  // Provenance turns memoisation off: this mode separates that from the cost of logging.
  modes.push({ name: 'provenance off, memoisation off', provenance: false, memo: false });
  modes.push({ name: 'provenance on (memoisation off)', provenance: true });
  const results = modes.map(() => [] as Timing[]);
  for (let r = 0; r < rounds; r++) modes.forEach((m, i) => results[i]?.push(inChild(m)));
  const best = results.map((ts) => minimum(ts.map((t) => t.cpu)));
  const cpu = results.map((ts) => median(ts.map((t) => t.cpu)));
  const wall = results.map((ts) => median(ts.map((t) => t.wall)));
  console.log(`compile of the acceptance site (${objectFiles().length} profiles), ${rounds} processes per mode, each the best of ${PER_CHILD} compiles:`);
  console.log(`  ${'mode'.padEnd(44)} ${'best CPU'.padStart(9)} ${'median CPU'.padStart(11)} ${'median wall'.padStart(12)}`);
  modes.forEach((m, i) => console.log(`  ${m.name.padEnd(44)} ${best[i]!.toFixed(0).padStart(6)} ms ${cpu[i]!.toFixed(0).padStart(8)} ms ${wall[i]!.toFixed(0).padStart(9)} ms`));
  console.log(`  provenance on / off (best CPU): ${(best[modes.length - 1]! / best[0]!).toFixed(2)}x`);
  if (baseline === undefined) return 0;
  const ratio = best[0]! / best[1]!;
  const ok = ratio <= TARGET_RATIO;
  console.log(`  provenance off / baseline (best CPU): ${ratio.toFixed(3)} (target <= ${TARGET_RATIO}) ${ok ? 'ok' : 'FAIL'}`);
  return ok ? 0 : 1;
}

if (process.argv[2] === CHILD_FLAG) {
  child(JSON.parse(process.argv[3] ?? '{}') as ModeSpec).catch((e: unknown) => {
    console.error(`bench/provenance: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
} else {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(`bench/provenance: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}

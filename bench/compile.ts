/**
 * Benchmark of the compiler driver at scale (issue 4): generates a site of N
 * nodes with ../shared/bench/make-scaled-site from the acceptance site, then
 * runs `panc` (bin/panc.js, a fresh process each time: start-up included):
 *
 * - cold: empty build cache and output directory, started at least 2 s after
 *   the site was generated (stamps of files written less than 2 s before a
 *   build sees them are not trusted: it would check them again next time);
 * - no-op: the same command again, also at least 2 s after the cold build;
 * - one-host edit, in-process (--no-server, what CI runs): `"/system/rootmail"
 *   = ...` added to one generated worker node (as ../shared/bench/README.md
 *   describes), same command;
 * - one-host edit through the compile server (--server, the default at a
 *   terminal): the server started and warmed by a first edit, then another
 *   edit of that host, measured;
 * - library template edit, comments only (--no-server): a comment line
 *   inserted at the top of a library template every profile loads: its
 *   syntax tree is the same but for positions, so nothing is compiled
 *   (compiler/build/syntax-cutoff.ts), where every profile was before;
 * - one host alone: that template only, no cache (what panc is timed on).
 *
 * For each: wall time, object templates per second, CPU time and peak RSS of
 * the process (worker threads included), from the kernel's rusage; for the
 * server row, CPU of client and server and the server's peak RSS. With
 * `repeat` K > 1 each row is run K times (a new edit each time) and shows the
 * run of median wall time, with the range of all K: a shared machine's speed
 * varies from minute to minute, and one run can be far off. Checks that
 * every profile compiled, that the no-op compiled nothing, and that the edit
 * recompiled that host only and changed its output. Exit status 1 when a
 * check fails. Run by `npm run bench` (bench/run.ts).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RACY_MS, contentHash } from '../compiler/loader/file-state.js';
import { panFilesIn } from '../compiler/loader/pan-files.js';

const REPO = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const SHARED = join(REPO, '..', 'shared');
const INCLUDE_PATH = 'clusters/grid/umd4:clusters/grid/umd4/profiles:clusters/grid/umd4/site:sites/example:grid/umd-4:os:quattor/dev:standard';
const PROFILES = 'clusters/grid/umd4/profiles';
/** A library template every profile of the site loads (18 KiB). */
const LIBRARY_TEMPLATE = 'quattor/dev/components/spma/functions.pan';

/** Runs a command and reports its wall time and its rusage (peak RSS covers all threads of the process). */
const MEASURE = `
import json, resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
err = r.stderr.decode('utf-8', 'replace')
print(json.dumps({"code": r.returncode, "wall": wall, "rss_kb": ru.ru_maxrss, "cpu": ru.ru_utime + ru.ru_stime, "stderr": err[-20000:]}))
`;

export interface Measurement {
  readonly label: string;
  readonly code: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly rssMb: number;
  readonly total: number;
  readonly compiled: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly summary: string;
  /** Fastest and slowest of the runs this row stands for (one run: its own time). */
  readonly wallMinS?: number;
  readonly wallMaxS?: number;
  readonly runs?: number;
}

export interface CompileBenchOptions {
  readonly nodes: number;
  readonly nthread?: number;
  readonly keep?: boolean;
  /** Also compile with one thread and no cache, and compare outputs with the cold build. */
  readonly plain?: boolean;
  /** Runs per row (default 1): the table shows the median run and the range. */
  readonly repeat?: number;
  readonly log?: (line: string) => void;
}

/**
 * A copy of the built compiler to run: the working tree's dist/ may be rebuilt
 * during a long benchmark (a changed compiler rightly invalidates the cache).
 */
function snapshotBuild(tmp: string): string {
  const root = join(tmp, 'panfab');
  for (const part of ['dist', 'bin', 'package.json']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  return join(root, 'bin', 'panc.js');
}

let panc = join(REPO, 'bin', 'panc.js');

/** CPU seconds used so far and peak RSS (MB) of the compile server of a cache (Linux /proc). */
function serverUsage(cacheDir: string): { cpuS: number; rssMb: number } {
  const pid = readFileSync(join(cacheDir, 'server.pid'), 'utf8').trim();
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat(5))
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuS: ticks / 100, rssMb: Number(hwm?.[1] ?? 0) / 1024 };
}

function measure(label: string, cwd: string, args: string[]): Measurement {
  const out = execFileSync('python3', ['-c', MEASURE, cwd, process.execPath, panc, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const r = JSON.parse(out) as { code: number; wall: number; rss_kb: number; cpu: number; stderr: string };
  const lines = r.stderr.trimEnd().split('\n');
  const summary = [...lines].reverse().find((l) => l.startsWith('panc: ')) ?? lines[lines.length - 1] ?? '';
  const m = /(\d+) object templates?.*?: (\d+) compiled, (\d+) unchanged, (\d+) failed/.exec(summary);
  const n = (i: number): number => (m ? Number(m[i]) : NaN);
  return { label, code: r.code, wallS: r.wall, cpuS: r.cpu, rssMb: r.rss_kb / 1024, total: n(1), compiled: n(2), unchanged: n(3), failed: n(4), summary };
}

function fileHash(path: string): string {
  return contentHash(readFileSync(path));
}

/** The generated worker node in the middle of the list (`wn00501` for N = 1000). */
function editedHost(nodes: number): string {
  const width = Math.max(5, String(nodes).length);
  let k = Math.max(1, Math.round(nodes / 2));
  if (k % 10 === 0) k++;
  return `wn${String(k).padStart(width, '0')}.example.org`;
}

/** The run of median wall time (the lower one of an even count), with the range of all. */
export function medianRun(label: string, runs: readonly Measurement[]): Measurement {
  if (runs.length === 0) throw new Error(`${label}: no runs`);
  const sorted = [...runs].sort((a, b) => a.wallS - b.wallS);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as Measurement;
  return {
    ...median, label, runs: runs.length,
    wallMinS: (sorted[0] as Measurement).wallS, wallMaxS: (sorted[sorted.length - 1] as Measurement).wallS,
  };
}

export function table(rows: readonly Measurement[]): string {
  const ranges = rows.some((r) => (r.runs ?? 1) > 1);
  const head = ['run', 'wall s', ...(ranges ? ['wall range s'] : []), 'templates/s', 'CPU s', 'peak RSS MB', 'compiled', 'unchanged', 'failed'];
  const range = (r: Measurement): string => `${(r.wallMinS ?? r.wallS).toFixed(2)}-${(r.wallMaxS ?? r.wallS).toFixed(2)} (${r.runs ?? 1})`;
  const body = rows.map((r) => [
    r.label, r.wallS.toFixed(2), ...(ranges ? [range(r)] : []), (r.total / r.wallS).toFixed(0), r.cpuS.toFixed(2), r.rssMb.toFixed(0),
    String(r.compiled), String(r.unchanged), String(r.failed),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export async function runCompileBench(o: CompileBenchOptions): Promise<{ rows: Measurement[]; failures: string[] }> {
  const log = o.log ?? ((l: string) => console.log(l));
  const tmp = mkdtempSync(join(tmpdir(), `panfab-bench-compile-${o.nodes}-`));
  const failures: string[] = [];
  const rows: Measurement[] = [];
  try {
    panc = snapshotBuild(tmp);
    const site = join(tmp, 'site');
    log(`generating a site of ${o.nodes} nodes in ${site}`);
    execFileSync('python3', [join(SHARED, 'bench', 'make-scaled-site'), join(SHARED, 'acceptance', 'quattor-examples', 'cfg'), site, String(o.nodes)], { stdio: 'ignore' });
    // A stamp taken within RACY_MS of its file's modification proves nothing
    // (loader/file-state.ts): a build checks such files again, the slow way,
    // next time. CI checks a commit out before it builds, and builds minutes
    // apart: the cold build starts after that window, and so does the no-op.
    const waitOutRacyStamps = (): Promise<void> => new Promise((r) => setTimeout(r, RACY_MS + 100));
    await waitOutRacyStamps();
    const templates = panFilesIn(join(site, PROFILES)).map((p) => relative(site, p));
    const expected = templates.length;
    const out = join(tmp, 'out');
    const threads = o.nthread === undefined ? [] : ['--nthread', String(o.nthread)];
    const base = ['--formats', 'json', '--output-dir', out, '--include-path', INCLUDE_PATH, '--cache-dir', join(tmp, 'cache'), ...threads];
    const build = [...base, '--no-server'];
    const list = join(tmp, 'templates.txt');
    writeFileSync(list, templates.join('\n') + '\n');
    const check = (ok: boolean, what: string): void => { if (!ok) failures.push(what); };
    const repeat = Math.max(1, o.repeat ?? 1);
    /** `run(i)` for i < repeat, logged; its row is the median run. */
    const series = (label: string, run: (i: number) => Measurement): void => {
      const runs: Measurement[] = [];
      for (let i = 0; i < repeat; i++) {
        const m = run(i);
        log(m.summary);
        runs.push(m);
      }
      rows.push(medianRun(label, runs));
    };

    series('cold', (i) => {
      // The last run's outputs are moved aside, not deleted: on ext4 without a journal,
      // creating files just after deleting thousands makes each create skip the
      // recently deleted inodes (5% of the CPU at N=5000), which a fresh checkout never meets.
      if (i > 0) for (const d of [out, join(tmp, 'cache')]) renameSync(d, `${d}.run${i}`);
      const cold = measure('cold', site, [...build, `@${list}`]);
      check(cold.code === 0 && cold.compiled === expected && cold.failed === 0, `cold: expected ${expected} compiled, got: ${cold.summary}`);
      return cold;
    });
    const jsons = readdirSync(out).filter((f) => f.endsWith('.json') && !f.startsWith('profiles-'));
    check(jsons.length === expected, `cold: ${jsons.length} JSON profiles written, expected ${expected}`);

    await waitOutRacyStamps();
    series('no-op', () => {
      const noop = measure('no-op', site, [...build, `@${list}`]);
      check(noop.code === 0 && noop.compiled === 0 && noop.unchanged === expected, `no-op: expected nothing compiled, got: ${noop.summary}`);
      return noop;
    });

    const host = editedHost(o.nodes);
    const file = join(site, PROFILES, `${host}.pan`);
    const text = readFileSync(file, 'utf8');
    const at = text.lastIndexOf('include PKG_REPOSITORY_CONFIG;');
    const setRootmail = (value: string): void => writeFileSync(file, `${text.slice(0, at)}"/system/rootmail" = "${value}";\n${text.slice(at)}`);
    /** A build that recompiled the edited host only, and gave it the new value. */
    const checkEdit = (what: string, m: Measurement, value: string): void => {
      check(m.code === 0 && m.compiled === 1 && m.unchanged === expected - 1, `${what}: expected 1 compiled, got: ${m.summary}`);
      check(readFileSync(join(out, `${host}.json`), 'utf8').includes(`"rootmail": "${value}"`), `${what}: ${host}.json did not get /system/rootmail = ${value}`);
    };
    const before = fileHash(join(out, `${host}.json`));
    const editValue = (i: number): string => `ops${i}@example.org`;
    series(`one-host edit, in-process (${host})`, (i) => {
      setRootmail(editValue(i));
      const edit = measure('in-process edit', site, [...build, `@${list}`]);
      checkEdit('edit', edit, editValue(i));
      return edit;
    });
    const profile = readFileSync(join(out, `${host}.json`), 'utf8');
    check(contentHash(profile) !== before, `edit: ${host}.json did not change`);

    // The compile server: a first build starts it and warms its session, the next ones are measured.
    const serverBuild = [...base, '--server', `@${list}`];
    setRootmail('warm-up@example.org');
    const warmUp = measure('server start + edit', site, serverBuild);
    log(warmUp.summary);
    check(warmUp.code === 0, `server start: ${warmUp.summary}`);
    series(`one-host edit, compile server (${host})`, (i) => {
      const value = `server${i}@example.org`;
      setRootmail(value);
      const serverBefore = serverUsage(join(tmp, 'cache'));
      const client = measure('server edit', site, serverBuild);
      const serverAfter = serverUsage(join(tmp, 'cache'));
      // CPU: client and server; memory: the server's peak (the client is small).
      const served = { ...client, cpuS: client.cpuS + serverAfter.cpuS - serverBefore.cpuS, rssMb: serverAfter.rssMb };
      checkEdit('server edit', served, value);
      return served;
    });
    measure('server stop', site, [...base, '--server-stop']);

    const library = join(site, LIBRARY_TEMPLATE);
    const libraryText = readFileSync(library, 'utf8');
    chmodSync(library, 0o644); // the generated site may keep the source's read-only modes
    series('library template edit, comments only', (i) => {
      writeFileSync(library, `${'# a comment\n'.repeat(i + 1)}${libraryText}`);
      const comment = measure('comment edit', site, [...build, `@${list}`]);
      check(comment.code === 0 && comment.compiled === 0 && comment.unchanged === expected, `comment edit: expected nothing compiled, got: ${comment.summary}`);
      return comment;
    });
    writeFileSync(library, libraryText);
    // The source of the last in-process edit, whose profile the lone host is compared with.
    setRootmail(editValue(repeat - 1));

    series('one host alone, no cache', () => {
      const alone = measure('one host alone', site, ['--formats', 'json', '--output-dir', join(tmp, 'alone'), '--include-path', INCLUDE_PATH, `${PROFILES}/${host}.pan`]);
      check(alone.code === 0 && alone.compiled === 1, `alone: ${alone.summary}`);
      check(readFileSync(join(tmp, 'alone', `${host}.json`), 'utf8') === profile, 'alone: output differs from the cached build');
      return alone;
    });

    if (o.plain) {
      writeFileSync(file, text); // back to the state of the cold build
      const plainOut = join(tmp, 'plain');
      const plain = measure('cold, 1 thread, no cache', site, ['--formats', 'json', '--output-dir', plainOut, '--include-path', INCLUDE_PATH, '--nthread', '1', `@${list}`]);
      rows.push(plain);
      log(plain.summary);
      const differing = jsons.filter((f) => f !== `${host}.json` && fileHash(join(out, f)) !== fileHash(join(plainOut, f)));
      check(differing.length === 0, `plain: ${differing.length} profiles differ from the parallel build (${differing.slice(0, 3).join(', ')})`);
    }
  } finally {
    // Never leave a compile server behind, whatever failed.
    try {
      execFileSync(process.execPath, [panc, '--server-stop', '--cache-dir', join(tmp, 'cache')], { stdio: 'ignore' });
    } catch { /* none was running */ }
    if (o.keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  return { rows, failures };
}

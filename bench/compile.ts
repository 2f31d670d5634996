/**
 * Benchmark of the compiler driver at scale (issue 4): generates a site of N
 * nodes with ../shared/bench/make-scaled-site from the acceptance site, then
 * runs `panc` (bin/panc.js, a fresh process each time: start-up included):
 *
 * - cold: empty build cache and output directory;
 * - no-op: the same command again;
 * - one-host edit, in-process (--no-server, what CI runs): `"/system/rootmail"
 *   = ...` added to one generated worker node (as ../shared/bench/README.md
 *   describes), same command;
 * - one-host edit through the compile server (--server, the default at a
 *   terminal): the server started and warmed by a first edit, then another
 *   edit of that host, measured;
 * - one host alone: that template only, no cache (what panc is timed on).
 *
 * For each: wall time, object templates per second, CPU time and peak RSS of
 * the process (worker threads included), from the kernel's rusage; for the
 * server row, CPU of client and server and the server's peak RSS. Checks that
 * every profile compiled, that the no-op compiled nothing, and that the edit
 * recompiled that host only and changed its output. Exit status 1 when a
 * check fails. Run by `npm run bench` (bench/run.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash } from '../compiler/loader/file-state.js';
import { panFilesIn } from '../compiler/loader/pan-files.js';

const REPO = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const SHARED = join(REPO, '..', 'shared');
const INCLUDE_PATH = 'clusters/grid/umd4:clusters/grid/umd4/profiles:clusters/grid/umd4/site:sites/example:grid/umd-4:os:quattor/dev:standard';
const PROFILES = 'clusters/grid/umd4/profiles';

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
}

export interface CompileBenchOptions {
  readonly nodes: number;
  readonly nthread?: number;
  readonly keep?: boolean;
  /** Also compile with one thread and no cache, and compare outputs with the cold build. */
  readonly plain?: boolean;
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

export function table(rows: readonly Measurement[]): string {
  const head = ['run', 'wall s', 'templates/s', 'CPU s', 'peak RSS MB', 'compiled', 'unchanged', 'failed'];
  const body = rows.map((r) => [
    r.label, r.wallS.toFixed(2), (r.total / r.wallS).toFixed(0), r.cpuS.toFixed(2), r.rssMb.toFixed(0),
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
    const templates = panFilesIn(join(site, PROFILES)).map((p) => relative(site, p));
    const expected = templates.length;
    const out = join(tmp, 'out');
    const threads = o.nthread === undefined ? [] : ['--nthread', String(o.nthread)];
    const base = ['--formats', 'json', '--output-dir', out, '--include-path', INCLUDE_PATH, '--cache-dir', join(tmp, 'cache'), ...threads];
    const build = [...base, '--no-server'];
    const list = join(tmp, 'templates.txt');
    writeFileSync(list, templates.join('\n') + '\n');
    const check = (ok: boolean, what: string): void => { if (!ok) failures.push(what); };

    const cold = measure('cold', site, [...build, `@${list}`]);
    rows.push(cold);
    log(cold.summary);
    const jsons = readdirSync(out).filter((f) => f.endsWith('.json') && !f.startsWith('profiles-'));
    check(cold.code === 0 && cold.compiled === expected && cold.failed === 0, `cold: expected ${expected} compiled, got: ${cold.summary}`);
    check(jsons.length === expected, `cold: ${jsons.length} JSON profiles written, expected ${expected}`);

    const noop = measure('no-op', site, [...build, `@${list}`]);
    rows.push(noop);
    log(noop.summary);
    check(noop.code === 0 && noop.compiled === 0 && noop.unchanged === expected, `no-op: expected nothing compiled, got: ${noop.summary}`);

    const host = editedHost(o.nodes);
    const file = join(site, PROFILES, `${host}.pan`);
    const text = readFileSync(file, 'utf8');
    const at = text.lastIndexOf('include PKG_REPOSITORY_CONFIG;');
    writeFileSync(file, `${text.slice(0, at)}"/system/rootmail" = "ops@example.org";\n${text.slice(at)}`);
    const before = fileHash(join(out, `${host}.json`));
    const edit = measure(`one-host edit, in-process (${host})`, site, [...build, `@${list}`]);
    rows.push(edit);
    log(edit.summary);
    check(edit.code === 0 && edit.compiled === 1 && edit.unchanged === expected - 1, `edit: expected 1 compiled, got: ${edit.summary}`);
    const profile = readFileSync(join(out, `${host}.json`), 'utf8');
    check(contentHash(profile) !== before && profile.includes('"rootmail": "ops@example.org"'), `edit: ${host}.json did not get /system/rootmail`);

    // The compile server: a first build starts it and warms its session, the second is measured.
    const serverBuild = [...base, '--server', `@${list}`];
    const setRootmail = (value: string): void => writeFileSync(file, `${text.slice(0, at)}"/system/rootmail" = "${value}";\n${text.slice(at)}`);
    setRootmail('warm-up@example.org');
    const warmUp = measure('server start + edit', site, serverBuild);
    log(warmUp.summary);
    setRootmail('ops2@example.org');
    const serverBefore = serverUsage(join(tmp, 'cache'));
    const client = measure(`one-host edit, compile server (${host})`, site, serverBuild);
    const serverAfter = serverUsage(join(tmp, 'cache'));
    // CPU: client and server; memory: the server's peak (the client is small).
    const served = { ...client, cpuS: client.cpuS + serverAfter.cpuS - serverBefore.cpuS, rssMb: serverAfter.rssMb };
    rows.push(served);
    log(served.summary);
    check(warmUp.code === 0 && served.code === 0 && served.compiled === 1 && served.unchanged === expected - 1, `server edit: expected 1 compiled, got: ${served.summary}`);
    check(readFileSync(join(out, `${host}.json`), 'utf8').includes('"rootmail": "ops2@example.org"'), `server edit: ${host}.json did not change`);
    measure('server stop', site, [...base, '--server-stop']);
    setRootmail('ops@example.org');
    measure('back to the first edit', site, [...build, `@${list}`]);

    const alone = measure('one host alone, no cache', site, ['--formats', 'json', '--output-dir', join(tmp, 'alone'), '--include-path', INCLUDE_PATH, `${PROFILES}/${host}.pan`]);
    rows.push(alone);
    log(alone.summary);
    check(alone.code === 0 && alone.compiled === 1, `alone: ${alone.summary}`);
    check(readFileSync(join(tmp, 'alone', `${host}.json`), 'utf8') === profile, 'alone: output differs from the cached build');

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

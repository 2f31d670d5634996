/**
 * `npm run bench -- [--nodes N] [--nthread T] [--repeat K] [--keep] [--plain] [--all]`
 *
 * Runs the compiler driver's scale benchmark (bench/compile.ts: cold,
 * no-op and one-host-edit builds of a generated site of N nodes, default
 * 1000) and prints its table; --repeat K runs each row K times and shows the
 * median run with the range (default 1). With --all, then runs every other benchmark
 * script of bench/ (one process each, with their default arguments) and
 * prints their figures and exit status. Exit status 1 when any check fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCompileBench, table } from './compile.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const OWN = new Set(['run.js', 'compile.js']);
const OTHER_TIMEOUT_MS = 15 * 60_000;

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Runs the other benchmark scripts one after the other (never in parallel: the machine is shared). */
function runOthers(): { name: string; status: string; seconds: number }[] {
  const results = [];
  for (const f of readdirSync(HERE).filter((n) => n.endsWith('.js') && !OWN.has(n)).sort()) {
    console.log(`\n=== bench/${f.replace(/\.js$/, '.ts')} ===`);
    const start = Date.now();
    const r = spawnSync(process.execPath, [join(HERE, f)], { stdio: 'inherit', timeout: OTHER_TIMEOUT_MS });
    const status = r.error !== undefined ? `error: ${r.error.message}` : r.signal !== null ? `killed (${r.signal})` : r.status === 0 ? 'ok' : `exit ${r.status}`;
    results.push({ name: f.replace(/\.js$/, ''), status, seconds: (Date.now() - start) / 1000 });
  }
  return results;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const nodes = Number(argValue(args, '--nodes') ?? 1000);
  if (!Number.isInteger(nodes) || nodes < 0) throw new Error(`--nodes: expected a number of nodes, not ${argValue(args, '--nodes')}`);
  const nthread = argValue(args, '--nthread');
  const repeat = Number(argValue(args, '--repeat') ?? 1);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat: expected a number of runs (1 or more), not ${argValue(args, '--repeat')}`);
  console.log(`=== compiler driver: site of ${nodes} nodes (${nodes + 10} profiles) ===`);
  const { rows, failures } = await runCompileBench({
    nodes, repeat, keep: args.includes('--keep'), plain: args.includes('--plain'),
    ...(nthread !== undefined ? { nthread: Number(nthread) } : {}),
  });
  console.log(`\n${table(rows)}`);
  for (const f of failures) console.log(`FAILED: ${f}`);
  let failed = failures.length > 0;
  if (args.includes('--all')) {
    const others = runOthers();
    console.log('\n=== other benchmarks ===');
    for (const o of others) console.log(`${o.name.padEnd(12)} ${o.status.padEnd(16)} ${o.seconds.toFixed(1)} s`);
    failed ||= others.some((o) => o.status !== 'ok');
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});

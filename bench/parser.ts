/**
 * Parser benchmark: parses every .pan file of the acceptance corpus
 * (../shared/acceptance/quattor-examples/cfg) in one process and reports the
 * cold time (first pass: module load, grammar analysis, JIT warm-up included)
 * and warm passes.
 *
 *   npm run build && node dist/bench/parser.js [directory] [passes]
 */
import { readFileSync } from 'node:fs';
import { panFilesIn } from '../compiler/loader/pan-files.js';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** CPU time (user + system) since `start`: less disturbed than wall time on a shared machine. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function main(): Promise<void> {
  const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
  const directory = process.argv[2] ?? join(repoRoot, '..', 'shared', 'acceptance', 'quattor-examples', 'cfg');
  const passes = Number(process.argv[3] ?? 5);
  const files = panFilesIn(directory, { recursive: true });
  const sources = files.map((file) => readFileSync(file, 'utf8'));
  const bytes = sources.reduce((sum, source) => sum + Buffer.byteLength(source), 0);

  const loadStart = performance.now();
  const loadCpu = process.cpuUsage();
  const { parseTemplate, tokenize } = await import('../compiler/parser/index.js');
  const loadMs = performance.now() - loadStart;
  const loadCpuMs = cpuMs(loadCpu);

  for (let pass = 1; pass <= passes; pass++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let failures = 0;
    for (let i = 0; i < files.length; i++) {
      try {
        parseTemplate(sources[i]!, files[i]!);
      } catch {
        failures++;
      }
    }
    const ms = performance.now() - start;
    const cpu = cpuMs(cpuStart);
    const label = pass === 1 ? `cold (+${loadMs.toFixed(0)} ms, ${loadCpuMs.toFixed(0)} ms CPU to load the parser)` : 'warm';
    const rate = (bytes / 1e6 / (ms / 1000)).toFixed(1);
    console.log(
      `parser pass ${pass} ${label}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms ` +
        `(${cpu.toFixed(0)} ms CPU, ${rate} MB/s), ${failures} failures`,
    );
  }
  const lexStart = process.cpuUsage();
  for (const source of sources) tokenize(source);
  console.log(`lexer alone (warm): ${cpuMs(lexStart).toFixed(0)} ms CPU`);
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  console.log(`heap used after the passes: ${heapMb.toFixed(0)} MB`);
}

await main();

/**
 * Benchmark of the output formatters (compiler/output/) on panc's golden
 * profiles: median and 90th percentile time to write each profile as pan
 * XML, JSON and gzip, and to read pan XML back. Fails (exit 1) when writing
 * the 230 KB pan XML or the 150 KB JSON of wn.example.org takes more than
 * the target (2 ms of CPU per call, median of batches).
 *
 *   npm run build && node dist/bench/output.js [golden dir]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { javaGzip } from '../compiler/output/gzip.js';
import { formatJson } from '../compiler/output/json.js';
import { formatPanXml } from '../compiler/output/pan-xml.js';
import { readPanXml } from '../compiler/output/read-pan-xml.js';

const TARGET_MS = 2;
const TARGET_HOST = 'wn.example.org';

interface Timing {
  /** Median over batches of the wall-clock time per call, ms. */
  wall: number;
  /** Median over batches of the process CPU time per call, ms (steadier on a shared machine). */
  cpu: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Times `run` in `batches` batches of `perBatch` calls after a warm-up; ms per call. */
function time(run: () => unknown, perBatch: number, batches = 15): Timing {
  for (let i = 0; i < perBatch * 2; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < batches; b++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) run();
    wall.push(Number(process.hrtime.bigint() - start) / 1e6 / perBatch);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1e3 / perBatch);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function show(t: Timing): string {
  return `${t.wall.toFixed(2)} ms (cpu ${t.cpu.toFixed(2)})`;
}

export function runOutputBenchmark(goldenDir: string): boolean {
  let ok = true;
  const hosts = readdirSync(goldenDir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => f.slice(0, -4))
    .sort();
  for (const host of hosts) {
    const xml = readFileSync(path.join(goldenDir, host + '.xml'), 'utf8');
    const root = readPanXml(xml);
    const json = formatJson(root);
    const writeXml = time(() => formatPanXml(root), 20);
    const writeJson = time(() => formatJson(root), 20);
    const gzip = time(() => javaGzip(xml), 2, 7);
    const read = time(() => readPanXml(xml), 5, 7);
    console.log(
      `${host}: pan XML ${(xml.length / 1024).toFixed(0)} KB ${show(writeXml)}; JSON ${(json.length / 1024).toFixed(0)} KB ${show(writeJson)}; ` +
        `xml.gz ${show(gzip)}; read pan XML ${show(read)}`,
    );
    if (host === TARGET_HOST && (writeXml.cpu > TARGET_MS || writeJson.cpu > TARGET_MS)) {
      console.log(`FAIL: ${host} must be written in ${TARGET_MS} ms of CPU or less (median) as pan XML and as JSON`);
      ok = false;
    }
  }
  return ok;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const defaultDir = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..', 'shared/acceptance/quattor-examples/golden');
  process.exitCode = runOutputBenchmark(process.argv[2] ?? defaultDir) ? 0 : 1;
}

/**
 * Benchmarks of compiler/java (Java-compatible regex, format, Double.toString).
 * Run: npm run build && node dist/bench/java.js
 * Targets: a cached regex lookup and javaFind, and a simple %s/%d javaFormat,
 * stay around a microsecond; the first compile of a pattern well under a millisecond.
 */
import { compileJavaRegex, javaFind, javaReplaceAll } from '../compiler/java/regex.js';
import { javaFormat, type JavaArg } from '../compiler/java/format.js';
import { javaDoubleToString } from '../compiler/java/double.js';

function bench(name: string, n: number, f: (i: number) => unknown): void {
  f(0);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(i);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  process.stdout.write(`${name.padEnd(50)} ${(ns / 1000).toFixed(3)} µs/op\n`);
}

const PATTERN = '^(eth|bond)\\d+(\\.\\d+)?$';
bench('compileJavaRegex, first compile (distinct patterns)', 5000, (i) => compileJavaRegex(`^(eth|bond)\\d+(\\.\\d+)?$|x${i}`));
bench('compileJavaRegex, cached', 1e6, () => compileJavaRegex(PATTERN));
bench('javaFind, cached pattern', 1e6, () => javaFind(PATTERN, 'eth0.12'));
bench('javaReplaceAll', 2e5, () => javaReplaceAll('\\.', 'a.b.c.example.org', '_'));
const args: JavaArg[] = [
  { kind: 'string', value: 'node' },
  { kind: 'long', value: 42n },
];
bench('javaFormat("%s-%d")', 1e6, () => javaFormat('%s-%d', args));
bench('javaFormat("%.2f")', 2e5, () => javaFormat('%.2f', [{ kind: 'double', value: 3.14159 }]));
bench('javaDoubleToString', 2e5, (i) => javaDoubleToString(i * 1.2345e-3 + 0.1));
const t0 = performance.now();
compileJavaRegex('(?iu)stra\u00dfe');
process.stdout.write(`first (?iu) pattern (builds the Unicode case table): ${(performance.now() - t0).toFixed(0)} ms\n`);

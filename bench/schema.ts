/**
 * Benchmark of profile validation: the one-off cost of compiling the schemas
 * (lazily, on the first call) and then validations per second over the
 * fixtures (target: thousands per second, so that checking every profile
 * before acting never shows in `panfab aii` or the agent), plus the time to
 * regenerate the Pan and TypeScript types.
 *
 *   npm run build && node dist/bench/schema.js [rounds]
 */
import { performance } from 'node:perf_hooks';
import { generatedFiles } from '../schema/generate.js';
import { FIXTURES, loadFixture } from '../schema/fixtures.js';
import { validateProfile } from '../schema/index.js';

function main(): void {
  const rounds = Number(process.argv[2] ?? 5000);
  const profiles = Object.values(FIXTURES).map((name) => loadFixture(name));

  let start = performance.now();
  const firstIssues = validateProfile(profiles[0]);
  const firstCallMs = performance.now() - start;
  if (firstIssues.length > 0) throw new Error(`fixture invalid: ${JSON.stringify(firstIssues)}`);

  start = performance.now();
  for (let i = 0; i < rounds; i++) {
    for (const p of profiles) if (validateProfile(p).length > 0) throw new Error('fixture became invalid');
  }
  const wholeMs = performance.now() - start;

  validateProfile(profiles[0], ['aii', 'network', 'hardware']);
  start = performance.now();
  for (let i = 0; i < rounds; i++) for (const p of profiles) validateProfile(p, ['aii', 'network', 'hardware']);
  const partsMs = performance.now() - start;

  start = performance.now();
  const files = generatedFiles();
  const generateMs = performance.now() - start;

  const validations = rounds * profiles.length;
  const report = {
    first_call_ms_including_schema_compilation: Math.round(firstCallMs),
    whole_profile_validations: validations,
    whole_profile_per_second: Math.round(validations / (wholeMs / 1000)),
    aii_parts_per_second: Math.round(validations / (partsMs / 1000)),
    generate_all_types_ms: Math.round(generateMs),
    generated_files: files.length,
    rss_mib: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`bench/schema: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}

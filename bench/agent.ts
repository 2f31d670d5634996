/**
 * Benchmark of a no-op agent run: a --root tree already configured by 20
 * components managing 100 files, and a profile that has not changed. Times
 * `runAgent` in-process (--changed: nothing selected; --all: every component
 * plans and finds nothing to do) and the whole `panfab agent` command as a
 * process (node start-up included). Checks that nothing changed, and fails
 * (exit 1) when the median no-op command takes more than the target.
 *
 *   npm run build && node dist/bench/agent.js
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAgent } from '../components/agent/agent.js';
import { loadConfig, type AgentConfig } from '../components/agent/config.js';
import { ProfileCache } from '../components/agent/profile-cache.js';
import { createRegistry } from '../components/agent/registry.js';
import type { JsonObject } from '../components/sdk/json.js';
import { memoryLogger } from '../components/sdk/logger.js';
import { PlanBuilder } from '../components/sdk/plan-builder.js';
import type { Component } from '../components/sdk/types.js';

const COMPONENTS = 20;
const FILES_EACH = 5;
/** Target for a whole no-op `panfab agent --changed` process. */
const TARGET_MS = 1000;

function benchComponent(i: number): Component {
  return {
    name: `bench${i}`,
    async plan(ctx) {
      const b = new PlanBuilder();
      for (let f = 0; f < FILES_EACH; f++) b.file(`/etc/bench/${i}/file${f}.conf`, `${String(ctx.config.value)} ${f}\n`.repeat(50), { mode: 0o644 });
      return b.build();
    },
  };
}

/** The same component as an ES module, for the command-line runs. */
function benchModule(i: number): string {
  return `export const component = { name: 'bench${i}', async plan(ctx) {
  const actions = [];
  for (let f = 0; f < ${FILES_EACH}; f++) actions.push({ kind: 'file', path: '/etc/bench/${i}/file' + f + '.conf', content: (String(ctx.config.value) + ' ' + f + '\\n').repeat(50), mode: 0o644 });
  return { actions, notes: [] };
} };\n`;
}

function benchProfile(): JsonObject {
  const components: JsonObject = {};
  for (let i = 0; i < COMPONENTS; i++) components[`bench${i}`] = { active: true, value: `value-${i}`, ...(i > 0 ? { dependencies: { pre: [`bench${i - 1}`] } } : {}) };
  return {
    hardware: { cpu: [{ arch: 'x86_64', cores: 2 }], ram: [{ size: 2048 }], cards: { nic: { eth0: { hwaddr: '52:54:00:00:00:01' } } } },
    system: { network: { hostname: 'bench', domainname: 'example.org', interfaces: { eth0: { bootproto: 'dhcp' } } } },
    software: { components },
  };
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeAsync(run: () => Promise<unknown>, n: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** mtime and size of every managed file: a no-op run must leave them as they are. */
function managed(root: string): string {
  const dir = join(root, 'etc/bench');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => {
      const st = statSync(join(dir, f));
      return `${f} ${st.mtimeMs} ${st.size}`;
    })
    .join('\n');
}

async function setUp(root: string): Promise<AgentConfig> {
  const modules: string[] = [];
  mkdirSync(join(root, 'opt/bench'), { recursive: true });
  for (let i = 0; i < COMPONENTS; i++) {
    writeFileSync(join(root, `opt/bench/bench${i}.mjs`), benchModule(i));
    modules.push(`  bench${i}: /opt/bench/bench${i}.mjs`);
  }
  mkdirSync(join(root, 'etc/panfab'), { recursive: true });
  writeFileSync(join(root, 'etc/panfab/agent.yaml'), `components:\n${modules.join('\n')}\n`);
  const config = await loadConfig({ root });
  const cache = new ProfileCache(config.cacheDir);
  await cache.init();
  await cache.makeCurrent(await cache.store(Buffer.from(JSON.stringify(benchProfile(), null, 2))));
  return config;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'panfab-bench-agent-'));
  try {
    const config = await setUp(root);
    const registry = createRegistry({}, Array.from({ length: COMPONENTS }, (_, i) => benchComponent(i)));
    const first = await runAgent(config, { all: true, log: memoryLogger(), registry });
    if (!first.ok) throw new Error('the first run failed');
    const settled = managed(root);

    const changed = await timeAsync(() => runAgent(config, { changed: true, log: memoryLogger(), registry }), 20);
    const all = await timeAsync(() => runAgent(config, { all: true, log: memoryLogger(), registry }), 20);
    const panfab = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'panfab.js');
    const cli = (args: string[]) => () => Promise.resolve(execFileSync('node', [panfab, 'agent', ...args, '--root', root], { stdio: 'pipe' }));
    const nodeAlone = await timeAsync(() => Promise.resolve(execFileSync('node', ['-e', '0'])), 7);
    const cliChanged = await timeAsync(cli(['--changed']), 7);
    const cliAll = await timeAsync(cli(['--all']), 7);
    const report = JSON.parse(readFileSync(join(root, 'var/lib/panfab/agent/last-report.json'), 'utf8')) as { ok: boolean; components: { changes: number }[] };

    const unchanged = managed(root) === settled && report.ok && report.components.every((c) => c.changes === 0);
    console.log(`agent no-op, ${COMPONENTS} components, ${COMPONENTS * FILES_EACH} files, median:`);
    console.log(`  runAgent --changed (in-process)   ${changed.toFixed(1)} ms`);
    console.log(`  runAgent --all (in-process)       ${all.toFixed(1)} ms`);
    console.log(`  panfab agent --changed (process)  ${cliChanged.toFixed(1)} ms`);
    console.log(`  panfab agent --all (process)      ${cliAll.toFixed(1)} ms`);
    console.log(`  (node -e 0, for scale)            ${nodeAlone.toFixed(1)} ms`);
    console.log(`  managed files untouched: ${unchanged ? 'yes' : 'NO'}`);
    if (!unchanged || cliChanged > TARGET_MS) {
      console.log(`FAILED: ${unchanged ? `no-op command over ${TARGET_MS} ms` : 'a no-op run changed something'}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();

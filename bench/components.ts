/**
 * Benchmark of the xen component on a large Dom0: N guests (default 200),
 * each with an image-file disk, a boot and an install variant, an auto link.
 * The first run makes the images and writes the configs in a temporary
 * --root tree; then no-op runs (everything in place) are timed in-process.
 * Checks that the no-op runs change nothing, and fails (exit 1) when their
 * median exceeds the target.
 *
 *   npm run build && node dist/bench/components.js [--guests N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isChange, memoryLogger, runComponent, type JsonObject, type JsonValue } from '../components/sdk/index.js';
import { component } from '../components/xen/index.js';

/** Target for one no-op plan of 200 guests (400 config compares, 200 image checks). */
const TARGET_MS = 1500;
const RUNS = 5;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function guest(i: number): JsonObject {
  const name = `vm${i}.example.org`;
  return {
    options: { name, type: 'pv', memory: 1024, vcpus: 1, on_reboot: 'restart', on_crash: 'destroy' },
    install_options: { kernel: '/var/lib/xen/boot/vmlinuz', ramdisk: '/var/lib/xen/boot/initrd.img', extra: `inst.ks=http://192.0.2.2/ks/${name}.ks` },
    disks: [{ type: 'file', size: 64, path: `/srv/xen/images/${name}.img`, guest_device: 'xvda', access: 'rw' }],
    vif: [{ mac: `00:16:3e:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`, bridge: 'xenbr0' }],
    bootloader: '/usr/bin/pygrub',
    auto: i % 2 === 0,
  };
}

function profile(guests: number): JsonObject {
  const domains: JsonObject = {};
  for (let i = 0; i < guests; i++) domains[`vm${i}.example.org`] = guest(i);
  return { software: { components: { xen: { active: true, create_filesystems: true, create_domains: false, domains } } } };
}

async function main(): Promise<void> {
  const guests = Number(argValue('--guests') ?? 200);
  const root = mkdtempSync(join(tmpdir(), 'panfab-bench-xen-'));
  try {
    const p = profile(guests);
    let state: JsonValue | undefined;
    let links: Record<string, string> = {};
    const t0 = performance.now();
    const first = await runComponent(component, { profile: p, root, log: memoryLogger(), runCommands: true });
    const firstMs = performance.now() - t0;
    if (!first.ok) throw new Error(`first run failed: ${first.error ?? ''}`);
    state = first.state;
    links = first.ownedLinks;
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      const again = await runComponent(component, { profile: p, root, log: memoryLogger(), runCommands: true, state, ownedLinks: links });
      times.push(performance.now() - t);
      const changed = again.records.filter(isChange);
      if (!again.ok || changed.length > 0) throw new Error(`no-op run ${r} changed ${changed.length} things: ${again.error ?? changed.map((c) => c.target).join(', ')}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`xen component, ${guests} guests: first run ${firstMs.toFixed(0)} ms (${first.records.filter(isChange).length} changes); no-op run median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)}; target ${TARGET_MS} ms for 200 guests)`);
    const target = (TARGET_MS * guests) / 200;
    if (median > target) {
      console.log(`FAIL: median no-op run ${median.toFixed(0)} ms > ${target.toFixed(0)} ms`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});

/**
 * Benchmark of `panfab aii --configure` on 1,000 generated nodes: how long
 * one run takes and how many times dhcpd.conf is rewritten (target: once,
 * in a few seconds), then a second run with nothing to change.
 *
 *   npm run build && node dist/bench/aii.js [nodes]
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backupPath } from '../aii/apply.js';
import { runAii } from '../aii/run.js';
import { fixtureProfile, makeSite } from '../aii/testing.js';

function generatedProfiles(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const p = fixtureProfile('pxe1.example.org');
    const hi = Math.floor(i / 250) + 1;
    const lo = (i % 250) + 1;
    p.system.network.hostname = `node${String(i).padStart(4, '0')}`;
    p.system.network.domainname = 'bench.example.org';
    p.system.network.interfaces.eth0!.ip = `10.1.${hi}.${lo}`;
    p.system.network.interfaces.eth0!.netmask = '255.255.0.0';
    p.hardware.cards!.nic!.eth0!.hwaddr = `52:54:00:01:${hi.toString(16).padStart(2, '0')}:${lo.toString(16).padStart(2, '0')}`;
    p.system.aii!.nbp.kslocation = `http://10.1.0.1/ks/${p.system.network.hostname}.bench.example.org.ks`;
    return p;
  });
}

async function timedConfigure(config: ReturnType<typeof makeSite>['config']): Promise<{ ms: number; code: number; errors: string[] }> {
  const errors: string[] = [];
  const start = performance.now();
  const code = await runAii({ action: 'configure', patterns: ['.*'], config, out: () => {}, err: (l) => errors.push(l) });
  return { ms: performance.now() - start, code, errors: errors.filter((e) => e.startsWith('error')) };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const site = makeSite(generatedProfiles(count));
  try {
    const first = await timedConfigure(site.config);
    if (first.code !== 0) throw new Error(`configure failed:\n${first.errors.join('\n')}`);
    const dhcpdWrites = site.reloads();
    const files = readdirSync(join(site.config.tftp.root, 'pxelinux.cfg')).length + readdirSync(site.config.kickstart.dir).length;
    const second = await timedConfigure(site.config);
    const report = {
      nodes: count,
      first_run_ms: Math.round(first.ms),
      dhcpd_rewrites_first_run: dhcpdWrites,
      dhcpd_conf_bytes: statSync(site.config.dhcpd.conf).size,
      backup_kept: statSync(backupPath(site.config.dhcpd.conf)).isFile(),
      files_in_tftp_and_ks: files,
      unchanged_rerun_ms: Math.round(second.ms),
      dhcpd_rewrites_rerun: site.reloads() - dhcpdWrites,
      rss_mib: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    site.cleanup();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/aii: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

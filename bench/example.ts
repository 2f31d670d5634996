/**
 * Benchmark of compiling a site built like examples/site, scaled up: D Dom0s
 * with G guests each (every Dom0 reads its guests' profiles, the install
 * server reads every host for the MAC check), plus the install server.
 * Reports compile time, profiles per second and peak memory, then the
 * schema check of every profile.
 *
 *   npm run build && node dist/bench/example.js [dom0s=50] [guests=10]
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compile } from '../compiler/build/compile.js';
import { validateProfile } from '../schema/index.js';
import { repositoryRoot } from '../schema/repo-root.js';

interface Host {
  fqdn: string;
  ip: string;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const hex = (n: number) => (n & 0xff).toString(16).padStart(2, '0');

function dom0Template(h: Host): string {
  return `object template ${h.fqdn};\ninclude 'node/dom0';\n`;
}

function guestTemplate(h: Host, index: number): string {
  return `object template ${h.fqdn};
'/hardware/ram' = list(dict('size', 4096));
'/hardware/cpu' = list(dict('arch', 'x86_64', 'cores', 2));
'/hardware/harddisks/xvda/capacity' = 20480;
'/hardware/cards/nic/eth0/hwaddr' = '00:16:3e:${hex(index >> 16)}:${hex(index >> 8)}:${hex(index)}';
include 'node/guest';
`;
}

/** A site directory: the example's cfg/, generated databases and object templates. */
function generateSite(dom0s: number, guests: number): { dir: string; objects: string[] } {
  const example = join(repositoryRoot(), 'examples', 'site');
  const dir = mkdtempSync(join(tmpdir(), 'panfab-bench-example-'));
  cpSync(join(example, 'cfg'), join(dir, 'cfg'), { recursive: true });
  mkdirSync(join(dir, 'profiles'));
  cpSync(join(example, 'profiles', 'aii.example.org.pan'), join(dir, 'profiles', 'aii.example.org.pan'));
  const ips: string[] = [`'aii.example.org', '192.0.2.2'`];
  const machines: string[] = [readFileSync(join(example, 'cfg', 'site', 'databases.pan'), 'utf8').match(/'aii\.example\.org', dict\([^;]*?\)\),/s)![0]];
  const xenDb: string[] = [];
  const objects = [join(dir, 'profiles', 'aii.example.org.pan')];
  let guestIndex = 0;
  for (let d = 0; d < dom0s; d++) {
    const dom0: Host = { fqdn: `dom0${pad(d, 3)}.example.org`, ip: `10.${Math.floor(d / 250)}.${d % 250}.1` };
    ips.push(`'${dom0.fqdn}', '${dom0.ip}'`);
    machines.push(`'${dom0.fqdn}', dict('model', 'hardware/model/dell_r650', 'serial', 'B${pad(d, 6)}', 'location', 'bench', 'nics', dict('eth0', 'f8:bc:12:${hex(d >> 8)}:${hex(d)}:20', 'eth1', 'f8:bc:12:${hex(d >> 8)}:${hex(d)}:21')),`);
    writeFileSync(join(dir, 'profiles', `${dom0.fqdn}.pan`), dom0Template(dom0));
    objects.push(join(dir, 'profiles', `${dom0.fqdn}.pan`));
    const names: string[] = [];
    for (let g = 0; g < guests; g++) {
      guestIndex++;
      const guest: Host = { fqdn: `vm${pad(d, 3)}x${pad(g, 2)}.example.org`, ip: `10.${Math.floor(d / 250)}.${d % 250}.${g + 10}` };
      ips.push(`'${guest.fqdn}', '${guest.ip}'`);
      names.push(`'${guest.fqdn}'`);
      writeFileSync(join(dir, 'profiles', `${guest.fqdn}.pan`), guestTemplate(guest, guestIndex));
      objects.push(join(dir, 'profiles', `${guest.fqdn}.pan`));
    }
    xenDb.push(`'${dom0.fqdn}', list(${names.join(', ')})`);
  }
  writeFileSync(join(dir, 'cfg', 'site', 'databases.pan'), `unique template site/databases;
final variable DB_IP = dict(${ips.join(',\n')});
final variable DB_MACHINE = dict(${machines.join('\n')});
final variable SITE_HOSTS = { hosts = list(); foreach (fqdn; ip; DB_IP) hosts[length(hosts)] = fqdn; hosts; };
`);
  writeFileSync(join(dir, 'cfg', 'site', 'xen_db.pan'), `unique template site/xen_db;\nfinal variable XEN_DB = dict(${xenDb.join(',\n')});\n`);
  return { dir, objects };
}

async function main(): Promise<void> {
  const dom0s = Number(process.argv[2] ?? 50);
  const guests = Number(process.argv[3] ?? 10);
  const { dir, objects } = generateSite(dom0s, guests);
  try {
    const out = join(dir, 'out');
    const includePath = [join(dir, 'profiles'), join(dir, 'cfg'), join(repositoryRoot(), 'templates')];
    const start = performance.now();
    const result = await compile(objects, { includePath, outputDir: out, formats: ['json', 'pan'] });
    const compileMs = performance.now() - start;
    if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.format()).join('\n'));
    const checkStart = performance.now();
    let issues = 0;
    for (const o of result.objects) issues += validateProfile(JSON.parse(readFileSync(join(out, `${o.name}.json`), 'utf8'))).length;
    const checkMs = performance.now() - checkStart;
    if (issues > 0) throw new Error(`${issues} schema issues`);
    process.stdout.write(JSON.stringify({
      dom0s,
      guests_per_dom0: guests,
      profiles: result.objects.length,
      compile_ms: Math.round(compileMs),
      profiles_per_s: Math.round((result.objects.length / compileMs) * 1000),
      schema_check_ms: Math.round(checkMs),
      peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
    }, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/example: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

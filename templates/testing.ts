/**
 * For the library's tests: small sites of object templates written to a
 * temporary directory and compiled with the real compiler against templates/.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../compiler/build/compile.js';
import type { PanError } from '../compiler/errors.js';

export const LIBRARY = dirname(fileURLToPath(import.meta.url));

export interface MiniSiteResult {
  /** Compiled profiles by object name. */
  readonly profiles: Record<string, Record<string, unknown>>;
  /** Errors by object name. */
  readonly errors: Record<string, PanError>;
}

const live = new Set<MiniSite>();

/** Remove every MiniSite's directory (afterEach). */
export function removeMiniSites(): void {
  for (const site of live) site.remove();
}

export class MiniSite {
  readonly dir = mkdtempSync(join(tmpdir(), 'panfab-templates-'));

  constructor() {
    live.add(this);
  }

  /** Write `<dir>/<name>.pan`; `name` may contain '/' (a template namespace). */
  write(name: string, text: string): this {
    const file = join(this.dir, `${name}.pan`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return this;
  }

  /** Compile the named object templates (their files are <dir>/<name>.pan). */
  async compile(...objects: string[]): Promise<MiniSiteResult> {
    const out = join(this.dir, '.out');
    const r = await compile(objects.map((o) => join(this.dir, `${o}.pan`)), { includePath: [this.dir, LIBRARY], outputDir: out, formats: ['json'] });
    const profiles: Record<string, Record<string, unknown>> = {};
    const errors: Record<string, PanError> = {};
    const pending = [...r.errors];
    for (const o of r.objects) {
      if (o.ok) profiles[o.name] = JSON.parse(readFileSync(join(out, `${o.name}.json`), 'utf8')) as Record<string, unknown>;
      else errors[o.name] = pending.shift() as PanError;
    }
    return { profiles, errors };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }
}

/** Value at a slash-separated path of a profile (undefined when absent). */
export function at(profile: unknown, path: string): unknown {
  let v: unknown = profile;
  for (const key of path.split('/').filter((k) => k !== '')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A guest's object template: the data a Dom0 reads from it, then `extra`, then xen/guest/config. */
export function guestTemplate(fqdn: string, o: { ram?: number; cores?: number; mac?: string; ip?: string; disks?: Record<string, number>; extra?: string } = {}): string {
  const [host] = fqdn.split('.');
  const disks = Object.entries(o.disks ?? { xvda: 10240 })
    .map(([dev, mib]) => `'/hardware/harddisks/${dev}/capacity' = ${mib};`)
    .join('\n');
  return `object template ${fqdn};
'/hardware/cpu' = list(dict('arch', 'x86_64', 'cores', ${o.cores ?? 1}));
'/hardware/ram' = list(dict('size', ${o.ram ?? 1024}));
${disks}
'/hardware/cards/nic/eth0' = dict('hwaddr', '${o.mac ?? '00:16:3e:00:00:01'}', 'boot', true);
'/system/network' = dict('hostname', '${host}', 'domainname', 'example.org',
    'interfaces', dict('eth0', dict('ip', '${o.ip ?? '192.0.2.101'}', 'netmask', '255.255.255.0', 'bootproto', 'static')));
${o.extra ?? ''}
include 'xen/guest/config';
`;
}

/** A Dom0's object template: 8 cores, `ram` MiB, sdb wholly in vg_xen, then `extra`, then xen/host/config. */
export function hostTemplate(fqdn: string, o: { ram?: number; sdb?: number; mac?: string; extra?: string } = {}): string {
  const [host] = fqdn.split('.');
  return `object template ${fqdn};
'/hardware/cpu' = list(dict('arch', 'x86_64', 'cores', 8));
'/hardware/ram' = list(dict('size', ${o.ram ?? 16384}));
'/hardware/harddisks/sda/capacity' = 100000;
'/hardware/harddisks/sdb/capacity' = ${o.sdb ?? 100001};
'/hardware/cards/nic/eth0' = dict('hwaddr', '${o.mac ?? 'f8:bc:12:00:00:01'}', 'boot', true);
'/system/network' = dict('hostname', '${host}', 'domainname', 'example.org',
    'interfaces', dict('eth0', dict('ip', '192.0.2.10', 'netmask', '255.255.255.0', 'bootproto', 'static')));
'/system/blockdevices/physical_devs/sdb/label' = 'none';
'/system/blockdevices/volume_groups/vg_xen/device_list' = list('physical_devs/sdb');
${o.extra ?? ''}
include 'xen/host/config';
`;
}

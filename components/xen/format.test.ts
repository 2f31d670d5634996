/**
 * Domain configs as Xen reads them: every generated xl config goes through
 * Xen's own parser (xlcheck, built here against libxlutil), which must
 * accept it and read back exactly the values of the profile; legacy xm
 * configs are executed by python3, as xm did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject, JsonValue } from '../sdk/index.js';
import { buildXlcheck, entriesOf, runXlcheck } from './checker/xlcheck.js';
import { readXenSettings, type DomainSpec } from './model.js';
import { bootConfig, installConfig } from './variants.js';
import { renderXl } from './xl-format.js';
import { renderXm } from './xm-format.js';
import { dom0Profile, xenConfig } from '../../test/components/profiles.js';

let dir: string;
let xlcheck: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-xenfmt-'));
  xlcheck = await buildXlcheck(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function domains(config: JsonObject): DomainSpec[] {
  return readXenSettings(config).domains;
}

let n = 0;
function write(text: string): string {
  const f = join(dir, `cfg${++n}.cfg`);
  writeFileSync(f, text);
  return f;
}

/** KEY:TYPE for every option of the profile, typed from the profile's JSON values (not from the component). */
function typedArgs(options: Record<string, JsonValue>): string[] {
  return Object.entries(options).map(([k, v]) => `${k}:${typeof v === 'number' ? 'long' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'list' : 'string'}`);
}

/** What Xen read for the typed options, as profile values. */
function readBack(entries: { key: string; type?: string; value?: unknown }[], keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of entries) if (keys.includes(e.key) && e.type) out[e.key] = e.type === 'bool' ? e.value === 1 : e.value;
  return out;
}

describe('xl configs, read by Xen (libxlutil)', () => {
  const profile = dom0Profile();
  const config = xenConfig(profile);
  const profileDomains = config.domains as Record<string, { options: Record<string, JsonValue>; install_options: Record<string, JsonValue> }>;

  it('boot variants: accepted, every option read back with its type and value, disks and vifs as in the profile', async () => {
    for (const d of domains(config)) {
      const text = renderXl(d, bootConfig(d));
      const options = profileDomains[d.key]!.options;
      const r = await runXlcheck(xlcheck, write(text), typedArgs(options));
      expect(r.stderr, text).toBe('');
      expect(r.ok).toBe(true);
      expect(readBack(r.entries, Object.keys(options))).toEqual(options);
      expect(entriesOf(r, 'disk').map((e) => [e.vdev, e.target, e.format, e.readwrite])).toEqual(d.disks.map((k) => [k.vdev, k.target, k.format, k.access === 'rw' ? 1 : 0]));
      expect(entriesOf(r, 'vif').map((e) => [e.mac, e.bridge, e.ip])).toEqual(d.vifs.map((v) => [v.mac, v.bridge ?? null, v.ip ?? null]));
    }
  });

  it('writes disk specs in xl form, LV targets under /dev/<vg>/<lv>', () => {
    const [vm1, vm2] = domains(config);
    const text = renderXl(vm1!, bootConfig(vm1!));
    expect(text).toContain('disk = [ "format=raw, vdev=xvda, access=rw, target=/dev/vg_xen/vm1.example.org_xvda", "format=raw, vdev=xvdb, access=rw, target=/dev/vg_xen/vm1.example.org_xvdb" ]');
    expect(text).toContain('vif = [ "mac=00:16:3e:0a:01:0b,bridge=xenbr0,ip=192.0.2.11" ]');
    expect(text).toContain('memory = 4096\n');
    expect(text).toContain('localtime = 0\n');
    expect(text).toContain('bootloader = "/usr/bin/pygrub"\n');
    expect(text.split('\n')[2]).toBe('name = "vm1.example.org"');
    expect(renderXl(vm2!, bootConfig(vm2!))).toContain('bootloader_args = [ "--entry=0" ]');
  });

  it('install variants: install kernel, ramdisk, arguments, on_reboot = destroy, no bootloader', async () => {
    for (const d of domains(config)) {
      const c = installConfig(d)!;
      const text = renderXl(d, c);
      const r = await runXlcheck(xlcheck, write(text), ['kernel:string', 'ramdisk:string', 'extra:string', 'on_reboot:string']);
      expect(r.stderr, text).toBe('');
      const install = profileDomains[d.key]!.install_options;
      expect(readBack(r.entries, ['kernel', 'ramdisk', 'extra', 'on_reboot'])).toEqual({ kernel: install.kernel, ramdisk: install.ramdisk, extra: install.extra, on_reboot: 'destroy' });
      expect(text).not.toContain('bootloader');
      expect(entriesOf(r, 'disk')).toHaveLength(d.disks.length);
    }
  });

  it('on_reboot defaults to destroy in the install variant', () => {
    const p = dom0Profile();
    const c = xenConfig(p);
    delete (c.domains as Record<string, { install_options: Record<string, unknown> }>)['vm1.example.org']!.install_options.on_reboot;
    const vm1 = domains(c)[0]!;
    expect(renderXl(vm1, installConfig(vm1)!)).toContain('on_reboot = "destroy"');
    expect(renderXl(vm1, bootConfig(vm1))).toContain('on_reboot = "restart"');
  });

  it('the network bootloader: one config, bootloader_args with the vif MAC and bridge, no install variant', async () => {
    const p = dom0Profile();
    const c = xenConfig(p);
    const vm1 = (c.domains as Record<string, Record<string, unknown>>)['vm1.example.org']!;
    vm1.bootloader = '/usr/bin/panfab-pxeboot';
    const d = domains(c)[0]!;
    expect(installConfig(d)).toBeUndefined();
    const text = renderXl(d, bootConfig(d));
    expect(text).toContain('bootloader = "/usr/bin/panfab-pxeboot"\nbootloader_args = [ "--mac=00:16:3e:0a:01:0b", "--interface=xenbr0" ]\n');
    const r = await runXlcheck(xlcheck, write(text));
    expect(r.ok, r.stderr).toBe(true);
    expect(r.entries.find((e) => e.key === 'bootloader_args')).toMatchObject({ value: ['--mac=00:16:3e:0a:01:0b', '--interface=xenbr0'] });
  });

  it('escapes quotes and backslashes the way libxlutil reads them back', async () => {
    const p = dom0Profile();
    const c = xenConfig(p);
    const vm1 = (c.domains as Record<string, { options: Record<string, unknown> }>)['vm1.example.org']!;
    vm1.options.description = 'say "hi" \\ bye';
    vm1.options.cpus = ['0-3', '5'];
    const d = domains(c)[0]!;
    const r = await runXlcheck(xlcheck, write(renderXl(d, bootConfig(d))), ['description:string', 'cpus:list']);
    expect(r.ok, r.stderr).toBe(true);
    expect(readBack(r.entries, ['description', 'cpus'])).toEqual({ description: 'say "hi" \\ bye', cpus: ['0-3', '5'] });
  });
});

describe('xm configs (legacy), executed by python3', () => {
  it('are Python that defines the same values', async () => {
    const config = xenConfig(dom0Profile());
    for (const d of domains(config)) {
      for (const c of [bootConfig(d), installConfig(d)!]) {
        const file = write(renderXm(d, c));
        const script = 'import json,sys\nns={}\nexec(open(sys.argv[1]).read(), ns)\nprint(json.dumps({k: v for k, v in ns.items() if not k.startswith("__")}))';
        const r = await execa('python3', ['-c', script, file]);
        const ns = JSON.parse(r.stdout) as Record<string, unknown>;
        expect(ns.name).toBe(d.name);
        expect(ns.memory).toBe(d.options.find((s) => s.key === 'memory')!.value.value);
        expect(ns.disk).toEqual(d.disks.map((k) => `${k.backing.kind === 'file' ? 'file:' : 'phy:'}${k.target},${k.vdev},w`));
        expect(ns.vif).toEqual(d.vifs.map((v) => `mac=${v.mac},bridge=${v.bridge}${v.ip ? `,ip=${v.ip}` : ''}`));
        if (c.variant === 'install') expect(ns).toMatchObject({ on_reboot: 'destroy', kernel: '/var/lib/xen/boot/panfab/el9/vmlinuz' });
        else expect(ns.bootloader).toBe('/usr/bin/pygrub');
      }
    }
  });
});

describe('profile values that cannot be written', () => {
  const bad = (change: (vm1: Record<string, unknown>) => void) => {
    const c = xenConfig(dom0Profile());
    change((c.domains as Record<string, Record<string, unknown>>)['vm1.example.org']!);
    return () => readXenSettings(c);
  };

  it('name their profile path', () => {
    expect(bad((d) => ((d.options as Record<string, unknown>).shadow_memory = -1))).toThrow('/software/components/xen/domains/vm1.example.org/options/shadow_memory: -1: xl takes whole numbers from 0 up');
    expect(bad((d) => ((d.options as Record<string, unknown>).extra = 'a\nb'))).toThrow('/software/components/xen/domains/vm1.example.org/options/extra: "a\\nb" holds control characters');
    expect(bad((d) => ((d.options as Record<string, unknown>).disk = ['x']))).toThrow('/software/components/xen/domains/vm1.example.org/options/disk: is written from the domain');
    expect(bad((d) => ((d.options as Record<string, unknown>).on_crash = 'explode'))).toThrow('/software/components/xen/domains/vm1.example.org/options/on_crash: must be one of destroy');
    expect(bad((d) => ((d.disks as Record<string, unknown>[])[0]!.volume_group = 'vg xen'))).toThrow('/software/components/xen/domains/vm1.example.org/disks/0/volume_group: "vg xen" is not a volume group name');
    expect(bad((d) => ((d.disks as Record<string, unknown>[])[1]!.guest_device = 'xvda'))).toThrow('/software/components/xen/domains/vm1.example.org/disks/1/guest_device: xvda is used twice');
    expect(bad((d) => ((d.vif as Record<string, unknown>[])[0]!.mac = '00:16:3e:0a:01'))).toThrow('/software/components/xen/domains/vm1.example.org/vif/0/mac: "00:16:3e:0a:01" is not a MAC address');
    expect(bad((d) => (d.bootargs = '--entry="0"'))).toThrow('/software/components/xen/domains/vm1.example.org/bootargs');
  });
});

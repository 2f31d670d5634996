/**
 * End to end: the example site (examples/site) compiled by `panfab example`,
 * dom0a's profile served by nginx, `panfab fetch` and `panfab agent xen`
 * run as separate processes against a --root tree with --run-commands.
 *
 * The Dom0's Xen disk (sdb) is a loop device on a sparse file of the same
 * order of size, and vg_xen gets a name of its own so that it cannot meet
 * another volume group on this machine; the agent makes the volume group on
 * it with the real pvcreate/vgcreate. Logical volumes (no device-mapper
 * here) and xl (no hypervisor) are simulated behind the same commands; the
 * simulated `xl create` reads each config with Xen's own parser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentReport } from '../../components/agent/report.js';
import type { JsonObject } from '../../components/sdk/index.js';
import { isChange } from '../../components/sdk/index.js';
import { entriesOf, runXlcheck } from '../../components/xen/checker/xlcheck.js';
import { startNginx, type Nginx } from '../agent/nginx.js';
import { LoopLab, type LoopDevice } from './loop-lab.js';
import { startSimulators, type StartedSimulators } from './simulators.js';

const REPO = process.cwd();
const PANFAB = join(REPO, 'bin', 'panfab.js');
const DOM0 = 'dom0a.example.org';
const GiB = 1024;

let work: string;
let lab: LoopLab;
let sims: StartedSimulators;
let nginx: Nginx;
let port: number;
let xlcheck: string;
let xenDisk: LoopDevice;
let vg: string;
let profile: JsonObject;

interface Disk {
  type: string;
  size?: number;
  volume_group?: string;
  guest_device: string;
  path?: string;
}
interface Domain {
  options: Record<string, unknown>;
  disks: Disk[];
  vif: { mac: string; bridge?: string }[];
  bootloader?: string;
  install_options?: Record<string, unknown>;
  auto: boolean;
}

const xen = (p: JsonObject) => ((p.software as JsonObject).components as JsonObject).xen as unknown as { domains: Record<string, Domain> };
const blockdevices = (p: JsonObject) => (p.system as JsonObject).blockdevices as unknown as { physical_devs: Record<string, unknown>; volume_groups: Record<string, { device_list: string[] }>; logical_volumes: Record<string, { volume_group: string }> };

/** The Dom0's Xen disk becomes the loop device, vg_xen a name no one else uses. */
function remap(p: JsonObject, disk: LoopDevice, name: string): JsonObject {
  const bd = blockdevices(p);
  const oldDevice = bd.volume_groups.vg_xen!.device_list[0]!.replace('physical_devs/', '');
  bd.physical_devs[disk.name] = bd.physical_devs[oldDevice];
  delete bd.physical_devs[oldDevice];
  bd.volume_groups[name] = { device_list: [`physical_devs/${disk.name}`] };
  delete bd.volume_groups.vg_xen;
  for (const lv of Object.values(bd.logical_volumes)) if (lv.volume_group === 'vg_xen') lv.volume_group = name;
  for (const d of Object.values(xen(p).domains)) for (const k of d.disks) if (k.volume_group === 'vg_xen') k.volume_group = name;
  return p;
}

async function panfab(root: string, ...args: string[]) {
  const r = await execa('node', [PANFAB, ...args, '--root', root], { reject: false, env: sims.env, timeout: 120_000 });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function report(root: string): AgentReport {
  return JSON.parse(readFileSync(join(root, 'var/lib/panfab/agent/last-report.json'), 'utf8')) as AgentReport;
}

beforeAll(async () => {
  if (!existsSync(join(REPO, 'dist', 'cli', 'panfab.js'))) throw new Error('run `npm run build` first: the end-to-end test runs the built panfab');
  work = mkdtempSync(join(tmpdir(), 'panfab-dom0-e2e-'));
  lab = new LoopLab();
  sims = await startSimulators({ activate: false });
  xlcheck = sims.xlcheck;
  const out = join(work, 'out');
  const compiled = await execa('node', [PANFAB, 'example', '--compile-only', '--out', out], { reject: false, timeout: 120_000 });
  if (compiled.exitCode !== 0) throw new Error(`panfab example --compile-only failed:\n${compiled.stdout}\n${compiled.stderr}`);
  xenDisk = await lab.disk(400 * GiB); // sparse: only LVM metadata is ever written
  vg = lab.uniqueName('pfe2e');
  lab.adoptVolumeGroup(vg);
  profile = remap(JSON.parse(readFileSync(join(out, 'profiles', `${DOM0}.json`), 'utf8')) as JsonObject, xenDisk, vg);
  nginx = await startNginx({ listen: ['http'] }, (www, { http }) => [`listen 127.0.0.1:${http};\n    root ${www};`]);
  port = nginx.port.http;
  mkdirSync(join(nginx.www, 'profiles'), { recursive: true });
  writeFileSync(join(nginx.www, 'profiles', `${DOM0}.json`), JSON.stringify(profile, null, 2) + '\n');
}, 300_000);

afterAll(async () => {
  await nginx?.stop();
  await lab?.cleanup();
  sims?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe(`panfab agent xen for ${DOM0} of the example site (simulated LVM volumes and xl)`, () => {
  it('fetches the served profile, plans under --noaction, makes exactly the guests volumes, writes configs Xen accepts, starts the guests; a second run changes nothing', async () => {
    const root = join(work, 'root');
    mkdirSync(join(root, 'etc/panfab'), { recursive: true });
    writeFileSync(join(root, 'etc/panfab/agent.yaml'), `url: http://127.0.0.1:${port}/profiles/${DOM0}.json\nretries: 0\nrun-commands: true\n`);
    const fetched = await panfab(root, 'fetch');
    expect(fetched.exitCode, fetched.stderr).toBe(0);

    const domains = xen(profile).domains;
    const guestVolumes = Object.entries(domains).flatMap(([name, d]) => d.disks.filter((k) => k.type === 'lvm').map((k) => ({ vg, name: k.path ?? `${name}_${k.guest_device}`, size: k.size! })));
    expect(guestVolumes.length).toBeGreaterThan(0);

    const dry = await panfab(root, 'agent', 'xen', '--noaction');
    expect(dry.exitCode, dry.stdout + dry.stderr).toBe(0);
    for (const v of guestVolumes) expect(dry.stdout).toContain(`run lvcreate --yes --wipesignatures y --zero y -L ${v.size}m -n ${v.name} ${vg}`);
    expect(dry.stdout).toContain(`+name = "db1.example.org"`);
    expect(sims.lvs()).toEqual([]);
    expect(existsSync(join(root, 'etc/xen'))).toBe(false);

    const first = await panfab(root, 'agent', 'xen');
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    const r1 = report(root).components.find((c) => c.name === 'xen')!;
    expect(r1.status).toBe('ok');
    // The plan made the volume group on the named device, then exactly the guests' volumes.
    const made = r1.actions.filter((a) => a.kind === 'command' && a.status === 'done').map((a) => a.target);
    expect(made.slice(0, 2)).toEqual([`pvcreate ${xenDisk.path}`, `vgcreate ${vg} ${xenDisk.path}`]);
    expect(made.filter((c) => c.startsWith('lvcreate'))).toHaveLength(guestVolumes.length);
    expect(sims.lvs().sort((a, b) => a.name.localeCompare(b.name))).toEqual([...guestVolumes].sort((a, b) => a.name.localeCompare(b.name)));

    // Every config passes Xen's parser with the profile's values and disks.
    const files = readdirSync(join(root, 'etc/xen')).filter((f) => f.endsWith('.cfg')).sort();
    const expected = Object.entries(domains).flatMap(([name, d]) => [`${name}.cfg`, ...(d.install_options && !d.bootloader?.endsWith('panfab-pxeboot') ? [`${name}.install.cfg`] : [])]);
    expect(files).toEqual(expected.sort());
    for (const f of files) {
      const name = f.replace(/(\.install)?\.cfg$/, '');
      const r = await runXlcheck(xlcheck, join(root, 'etc/xen', f), ['memory:long', 'vcpus:long']);
      expect(r.ok, `${f}: ${r.stderr}`).toBe(true);
      expect(entriesOf(r, 'disk').map((e) => e.target)).toEqual(domains[name]!.disks.map((k) => (k.type === 'lvm' ? `/dev/${vg}/${k.path ?? `${name}_${k.guest_device}`}` : k.path)));
      const d = domains[name]!;
      if (d.bootloader?.endsWith('panfab-pxeboot')) {
        expect(r.entries.find((e) => e.key === 'bootloader_args')).toMatchObject({ value: [`--mac=${d.vif[0]!.mac}`, `--interface=${d.vif[0]!.bridge}`] });
      }
    }
    for (const [name, d] of Object.entries(domains)) {
      const link = join(root, 'etc/xen/auto', `${name}.cfg`);
      if (d.auto) expect(readlinkSync(link)).toBe(`../${name}.cfg`);
      else expect(existsSync(link)).toBe(false);
    }
    // Guests on fresh disks start to install (pygrub guests from their install variant; network-booted ones from their only config).
    expect(sims.xl().created.map((c) => c.config.replace(`${root}/etc/xen/`, '')).sort()).toEqual(
      Object.entries(domains).map(([name, d]) => (d.install_options && !d.bootloader?.endsWith('panfab-pxeboot') ? `${name}.install.cfg` : `${name}.cfg`)).sort(),
    );

    const second = await panfab(root, 'agent', 'xen');
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    const r2 = report(root).components.find((c) => c.name === 'xen')!;
    expect(r2.status).toBe('ok');
    expect(r2.actions.filter(isChange)).toEqual([]);
    expect(r2.changes).toBe(0);
    expect(sims.lvs()).toHaveLength(guestVolumes.length);
  });
});

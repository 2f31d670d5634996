/**
 * The xen component against a temporary root, with a real volume group on
 * a loop device (pvcreate/vgcreate/vgs are real) and, since this kernel has
 * no device-mapper and there is no hypervisor, simulated logical volumes
 * (lvcreate/lvs...) and a simulated xl whose `xl create` parses the config
 * with Xen's own parser. Tests using them say so in their names.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isChange, memoryLogger, runComponent, type ComponentOutcome, type JsonObject, type JsonValue } from '../sdk/index.js';
import { runXlcheck } from './checker/xlcheck.js';
import { component } from './index.js';
import { runAgent } from '../agent/agent.js';
import { loadConfig } from '../agent/config.js';
import type { AgentReport } from '../agent/report.js';
import type { ComponentState } from '../agent/state.js';
import { LoopLab, type LoopDevice } from '../../test/components/loop-lab.js';
import { domainOf, smallDom0, systemOf, xenConfig } from '../../test/components/profiles.js';
import { startSimulators, type StartedSimulators } from '../../test/components/simulators.js';

let lab: LoopLab;
let sims: StartedSimulators;
let xlcheck: string;
/** A real volume group of 252 MiB (63 extents of 4 MiB) on a loop device. */
let vg: string;

beforeAll(async () => {
  lab = new LoopLab();
  sims = await startSimulators();
  xlcheck = sims.xlcheck;
  vg = lab.uniqueName('pfxen');
  await lab.volumeGroup(vg, [await lab.disk(256)]);
});

afterAll(async () => {
  sims?.restore();
  await lab?.cleanup();
  sims?.cleanup();
});

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
  sims.reset();
});

/** A managed tree whose component state and links carry over between runs, as the agent keeps them. */
class Host {
  readonly root = mkdtempSync(join(tmpdir(), 'panfab-xen-'));
  state: JsonValue | undefined;
  links: Record<string, string> = {};
  constructor() {
    roots.push(this.root);
  }

  async run(profile: JsonObject, o: { noaction?: boolean } = {}): Promise<ComponentOutcome> {
    const out = await runComponent(component, { profile, root: this.root, log: memoryLogger(), runCommands: true, state: this.state, ownedLinks: this.links, ...(o.noaction ? { noaction: true } : {}) });
    if (out.ok && !o.noaction) {
      if (out.state !== undefined) this.state = out.state;
      this.links = out.ownedLinks;
    }
    return out;
  }

  at(path: string): string {
    return join(this.root, path);
  }

  read(path: string): string {
    return readFileSync(this.at(path), 'utf8');
  }
}

const VM1 = 'vm1.example.org';
const VM2 = 'vm2.example.org';
const IMAGE = '/srv/xen/images/vm2.example.org_xvdb.img';

function changes(o: ComponentOutcome) {
  return o.records.filter(isChange).map((r) => `${r.kind} ${r.target}`);
}

function commands(o: ComponentOutcome): string[] {
  return o.records.filter((r) => r.kind === 'command' && isChange(r)).map((r) => r.target);
}

describe('xen component (simulated LVM and xl)', () => {
  it('makes the guests volumes and image, writes configs Xen accepts, links auto guests, starts them to install; a second run does nothing', async () => {
    const h = new Host();
    const first = await h.run(smallDom0(vg));
    expect(first.error).toBeUndefined();
    expect(first.ok).toBe(true);
    expect(sims.lvs()).toEqual([
      { vg, name: `${VM1}_xvda`, size: 64 },
      { vg, name: `${VM1}_xvdb`, size: 32 },
      { vg, name: `${VM2}_xvda`, size: 48 },
    ]);
    const image = statSync(h.at(IMAGE));
    expect(image.size).toBe(16 * 1048576);
    expect(image.blocks).toBe(0); // sparse
    for (const f of [`${VM1}.cfg`, `${VM1}.install.cfg`, `${VM2}.cfg`, `${VM2}.install.cfg`]) {
      const r = await runXlcheck(xlcheck, h.at(`etc/xen/${f}`), ['memory:long']);
      expect(r.ok, `${f}: ${r.stderr}`).toBe(true);
      expect(statSync(h.at(`etc/xen/${f}`)).mode & 0o777).toBe(0o600);
    }
    expect(readlinkSync(h.at(`etc/xen/auto/${VM1}.cfg`))).toBe(`../${VM1}.cfg`);
    expect(existsSync(h.at(`etc/xen/auto/${VM2}.cfg`))).toBe(false);
    // Fresh disks: both start from their install variant.
    expect(sims.xl().created).toEqual([
      { name: VM1, config: h.at(`etc/xen/${VM1}.install.cfg`) },
      { name: VM2, config: h.at(`etc/xen/${VM2}.install.cfg`) },
    ]);
    const second = await h.run(smallDom0(vg));
    expect(second.ok).toBe(true);
    expect(changes(second)).toEqual([]);
    expect(second.notes).toEqual([]);
    expect(sims.xl().created).toHaveLength(2);
  });

  it('comes back from install in boot mode: a guest the installer rebooted (destroyed) is started from its boot variant', async () => {
    const h = new Host();
    await h.run(smallDom0(vg));
    sims.setXl({ running: [] }); // both installers rebooted: on_reboot = destroy
    const after = await h.run(smallDom0(vg));
    expect(after.ok).toBe(true);
    expect(commands(after)).toEqual([`xl create ${h.at(`etc/xen/${VM1}.cfg`)}`, `xl create ${h.at(`etc/xen/${VM2}.cfg`)}`]);
    expect(changes(after).filter((c) => !c.startsWith('command'))).toEqual([]);
  });

  it('starts a guest whose first disk is all zeros in install mode, one whose disk holds data in boot mode', async () => {
    const p = smallDom0(vg);
    const vm2 = domainOf(p, VM2);
    vm2.disks = [(vm2.disks as JsonObject[])[1]!]; // only the image file
    (vm2.disks as JsonObject[])[0]!.guest_device = 'xvda';
    const h = new Host();
    mkdirSync(h.at('srv/xen/images'), { recursive: true });
    writeFileSync(h.at(IMAGE), Buffer.alloc(16 * 1048576));
    xenConfig(p).domains = { [VM2]: vm2 };
    const empty = await h.run(p, { noaction: true });
    expect(empty.records.find((r) => r.target.startsWith('xl create'))?.target).toBe(`xl create ${h.at(`etc/xen/${VM2}.install.cfg`)}`);
    writeFileSync(h.at(IMAGE), Buffer.concat([Buffer.from([0xeb, 0x63, 0x90]), Buffer.alloc(16 * 1048576 - 3)]));
    const installed = await h.run(p, { noaction: true });
    expect(installed.records.find((r) => r.target.startsWith('xl create'))?.target).toBe(`xl create ${h.at(`etc/xen/${VM2}.cfg`)}`);
  });

  it('--noaction shows each config as a diff and each command, and changes nothing', async () => {
    const h = new Host();
    const plan = await h.run(smallDom0(vg), { noaction: true });
    expect(plan.ok).toBe(true);
    expect(plan.records.every((r) => r.status === 'planned' || r.status === 'unchanged' || r.readOnly)).toBe(true);
    const cfg = plan.records.find((r) => r.target === `/etc/xen/${VM1}.cfg`)!;
    expect(cfg.diff).toContain(`+name = "${VM1}"`);
    expect(commands(plan)).toEqual([
      `lvcreate --yes --wipesignatures y --zero y -L 64m -n ${VM1}_xvda ${vg}`,
      `lvcreate --yes --wipesignatures y --zero y -L 32m -n ${VM1}_xvdb ${vg}`,
      `lvcreate --yes --wipesignatures y --zero y -L 48m -n ${VM2}_xvda ${vg}`,
      `truncate --size '>16M' ${h.at(IMAGE)}`,
      `xl create ${h.at(`etc/xen/${VM1}.install.cfg`)}`,
      `xl create ${h.at(`etc/xen/${VM2}.install.cfg`)}`,
    ]);
    expect(sims.lvs()).toEqual([]);
    expect(existsSync(h.at('etc'))).toBe(false);
    expect(existsSync(h.at('srv'))).toBe(false);
  });

  it('refuses a disk that would shrink a volume, and changes nothing (simulated LVM)', async () => {
    sims.addLvs([{ vg, name: `${VM1}_xvda`, size: 128 }]);
    const h = new Host();
    const r = await h.run(smallDom0(vg));
    expect(r.ok).toBe(false);
    expect(r.error).toContain(`/software/components/xen/domains/${VM1}/disks/0/size: logical volume ${vg}/${VM1}_xvda is 128 MiB, the profile asks 64 MiB: volumes are never shrunk`);
    expect(r.records).toEqual([]);
    expect(sims.lvs()).toEqual([{ vg, name: `${VM1}_xvda`, size: 128 }]);
    expect(existsSync(h.at('etc'))).toBe(false);
  });

  it('grows a volume smaller than the disk, never touching a larger one (simulated LVM)', async () => {
    sims.addLvs([{ vg, name: `${VM1}_xvda`, size: 32 }]);
    const h = new Host();
    const r = await h.run(smallDom0(vg));
    expect(r.ok).toBe(true);
    expect(commands(r)[0]).toBe(`lvextend -L 64m ${vg}/${VM1}_xvda`);
    expect(sims.lvs()[0]).toEqual({ vg, name: `${VM1}_xvda`, size: 64 });
    expect(r.notes.join('\n')).toContain(`logical volume ${vg}/${VM1}_xvda grows`);
  });

  it('refuses a volume group without room for the new volumes (simulated LVM)', async () => {
    const p = smallDom0(vg);
    ((domainOf(p, VM2).disks as JsonObject[])[0]!).size = 200; // 64 + 32 + 200 > 252
    const h = new Host();
    const r = await h.run(p);
    expect(r.ok).toBe(false);
    expect(r.error).toContain(`/software/components/xen/domains/${VM2}/disks/0/size: no room for logical volume ${vg}/${VM2}_xvda (200 MiB): volume group ${vg} has 156 MiB free, 200 MiB needed`);
    expect(sims.lvs()).toEqual([]);
  });

  it('refuses what is in the way: a directory where the image goes, a config it did not write', async () => {
    const h = new Host();
    mkdirSync(h.at(IMAGE), { recursive: true });
    mkdirSync(h.at('etc/xen'), { recursive: true });
    writeFileSync(h.at(`etc/xen/${VM1}.cfg`), 'name = "vm1.example.org"\nmemory = 512\n# hand-written\n');
    const r = await h.run(smallDom0(vg));
    expect(r.ok).toBe(false);
    expect(r.error).toContain(`/software/components/xen/domains/${VM2}/disks/1/path: ${IMAGE} is in the way: it is a directory, not an image file`);
    expect(r.error).toContain(`/software/components/xen/domains/${VM1}: /etc/xen/${VM1}.cfg exists and was not written by panfab`);
    expect(h.read(`etc/xen/${VM1}.cfg`)).toContain('# hand-written');
    expect(lstatSync(h.at(IMAGE)).isDirectory()).toBe(true);
    expect(sims.lvs()).toEqual([]);
  });

  it('keeps an existing image as it is, grows a smaller one without touching its data', async () => {
    const h = new Host();
    mkdirSync(h.at('srv/xen/images'), { recursive: true });
    writeFileSync(h.at(IMAGE), Buffer.concat([Buffer.from('GUEST DATA'), Buffer.alloc(8 * 1048576 - 10)]));
    const r = await h.run(smallDom0(vg));
    expect(r.ok).toBe(true);
    expect(commands(r)).toContain(`truncate --size '>16M' ${h.at(IMAGE)}`);
    const data = readFileSync(h.at(IMAGE));
    expect(data.length).toBe(16 * 1048576);
    expect(data.subarray(0, 10).toString()).toBe('GUEST DATA');
    const p = smallDom0(vg);
    ((domainOf(p, VM2).disks as JsonObject[])[1]!).size = 8;
    const shrink = await h.run(p);
    expect(shrink.error).toContain(`images are never shrunk`);
    expect(statSync(h.at(IMAGE)).size).toBe(16 * 1048576);
  });

  it('makes qcow2 images with qemu-img and reads their virtual size back', async () => {
    const p = smallDom0(vg);
    const disk = (domainOf(p, VM2).disks as JsonObject[])[1]!;
    disk.format = 'qcow2';
    disk.path = '/srv/xen/images/vm2.qcow2';
    const h = new Host();
    expect((await h.run(p)).ok).toBe(true);
    const info = JSON.parse((await execa('qemu-img', ['info', '--output=json', h.at('srv/xen/images/vm2.qcow2')])).stdout) as { format: string; 'virtual-size': number };
    expect(info).toMatchObject({ format: 'qcow2', 'virtual-size': 16 * 1048576 });
    expect(h.read(`etc/xen/${VM2}.cfg`)).toContain('"format=qcow2, vdev=xvdb, access=rw, target=/srv/xen/images/vm2.qcow2"');
    expect(changes(await h.run(p))).toEqual([]);
  });

  it('removes the auto link when the flag goes; keeps a guest that left the profile, with a note (simulated LVM and xl)', async () => {
    const h = new Host();
    await h.run(smallDom0(vg));
    const p = smallDom0(vg);
    domainOf(p, VM1).auto = false;
    const noAuto = await h.run(p);
    expect(changes(noAuto)).toEqual([`remove-symlink /etc/xen/auto/${VM1}.cfg`]);
    expect(existsSync(h.at(`etc/xen/auto/${VM1}.cfg`))).toBe(false);

    domainOf(p, VM1).auto = true;
    await h.run(p);
    delete (xenConfig(p).domains as JsonObject)[VM1];
    const gone = await h.run(p);
    expect(gone.ok).toBe(true);
    expect(changes(gone)).toEqual([`remove-symlink /etc/xen/auto/${VM1}.cfg`]);
    expect(gone.notes).toEqual([
      `domain ${VM1} left the profile: its config /etc/xen/${VM1}.cfg, /etc/xen/${VM1}.install.cfg; storage it made: logical volume ${vg}/${VM1}_xvda, logical volume ${vg}/${VM1}_xvdb -- all kept (remove_absent_domains removes them)`,
    ]);
    expect(existsSync(h.at(`etc/xen/${VM1}.cfg`))).toBe(true);
    expect(sims.lvs().map((l) => l.name)).toEqual([`${VM1}_xvda`, `${VM1}_xvdb`, `${VM2}_xvda`]);
    // Reported again on the next run, and still nothing changes.
    const again = await h.run(p);
    expect(changes(again)).toEqual([]);
    expect(again.notes).toHaveLength(1);
  });

  it('with remove_absent_domains, removes what it made for a stopped guest that left the profile, and only that (simulated LVM and xl)', async () => {
    const h = new Host();
    await h.run(smallDom0(vg));
    const p = smallDom0(vg);
    delete (xenConfig(p).domains as JsonObject)[VM2];
    xenConfig(p).remove_absent_domains = true;
    const running = await h.run(p);
    expect(running.notes).toEqual([`domain ${VM2} left the profile but still runs: nothing of it is removed (stop it first)`]);
    expect(existsSync(h.at(IMAGE))).toBe(true);
    sims.setXl({ running: sims.xl().running.filter((d) => d.name !== VM2) });
    const removed = await h.run(p);
    expect(removed.ok).toBe(true);
    expect(commands(removed)).toEqual([`rm -f -- ${h.at(`etc/xen/${VM2}.cfg`)}`, `rm -f -- ${h.at(`etc/xen/${VM2}.install.cfg`)}`, `lvremove --yes ${vg}/${VM2}_xvda`, `rm -f -- ${h.at(IMAGE)}`]);
    expect(sims.lvs().map((l) => l.name)).toEqual([`${VM1}_xvda`, `${VM1}_xvdb`]);
    expect(existsSync(h.at(IMAGE))).toBe(false);
    expect(existsSync(h.at(`etc/xen/${VM2}.cfg`))).toBe(false);
    expect(changes(await h.run(p))).toEqual([]);
  });

  it('fails the component when a domain does not start (simulated xl)', async () => {
    sims.setXl({ failCreate: [VM2] });
    const h = new Host();
    const r = await h.run(smallDom0(vg));
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(new RegExp(`^command xl create .*${VM2}.install.cfg: exit status 3: .*cannot \\(re-\\)build domain`, 's'));
    expect(r.records.at(-1)).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(sims.xl().running.map((d) => d.name)).toEqual([VM1]);
  });

  it('with create_filesystems false, makes no storage and says so', async () => {
    const p = smallDom0(vg);
    xenConfig(p).create_filesystems = false;
    xenConfig(p).create_domains = false;
    const h = new Host();
    const r = await h.run(p);
    expect(r.ok).toBe(true);
    expect(commands(r)).toEqual([]);
    expect(r.notes).toContain(`domain ${VM1}: logical volume ${vg}/${VM1}_xvda (disk xvda) does not exist and create_filesystems is false: not made`);
    expect(sims.lvs()).toEqual([]);
  });

  it('writes xm configs and uses xm on old hosts (simulated xm)', async () => {
    const p = smallDom0(vg);
    xenConfig(p).config_format = 'xm';
    const h = new Host();
    const r = await h.run(p);
    expect(r.ok, r.error).toBe(true);
    expect(h.read(`etc/xen/${VM1}.cfg`)).toContain(`disk = [ "phy:/dev/${vg}/${VM1}_xvda,xvda,w", "phy:/dev/${vg}/${VM1}_xvdb,xvdb,w" ]`);
    expect(commands(r).filter((c) => c.startsWith('xm create'))).toHaveLength(2);
    expect(sims.xl().running.map((d) => d.name)).toEqual([VM1, VM2]);
  });
});

describe('xen component under the agent: --changed comes back while guests install (simulated LVM and xl)', () => {
  /** The Dom0 with xen as its only component, as a profile file the agent reads with --profile. */
  function xenOnlyProfile(root: string): string {
    const p = smallDom0(vg);
    const components = (p.software as JsonObject).components as JsonObject;
    for (const other of Object.keys(components).filter((n) => n !== 'xen')) delete components[other];
    xenConfig(p).dependencies = { pre: [], post: [] };
    const file = join(root, 'profile.json');
    writeFileSync(file, JSON.stringify(p));
    return file;
  }

  it('run 1 starts the install variants and asks to run again; --changed reruns xen until the installers ended the domains, then starts the boot variants and stops asking', async () => {
    const root = mkdtempSync(join(tmpdir(), 'panfab-xen-agent-'));
    roots.push(root);
    const profileFile = xenOnlyProfile(root);
    const config = { ...(await loadConfig({ root })), runCommands: true };
    const changed = () => runAgent(config, { changed: true, profileFile, log: memoryLogger() });
    const state = () => JSON.parse(readFileSync(join(config.stateDir, 'components', 'xen.json'), 'utf8')) as ComponentState;
    const xlCreates = (r: AgentReport) => r.components.flatMap((c) => c.actions).filter((a) => a.target.startsWith('xl create') && isChange(a)).map((a) => a.target);

    const first = await changed();
    expect(first.ok).toBe(true);
    expect(xlCreates(first)).toEqual([`xl create ${join(root, `etc/xen/${VM1}.install.cfg`)}`, `xl create ${join(root, `etc/xen/${VM2}.install.cfg`)}`]);
    expect(first.components[0]!.revisit).toContain(`domain ${VM1} is installing`);
    expect(first.components[0]!.revisit).toContain(`domain ${VM2} is installing`);
    expect(state().lastSuccess?.revisit).toBe(first.components[0]!.revisit);

    // Same profile, installers still running: xen runs again, starts nothing, and still asks.
    const installing = await changed();
    expect(installing.components.map((c) => c.name)).toEqual(['xen']);
    expect(xlCreates(installing)).toEqual([]);
    expect(installing.components[0]!.revisit).toBe(first.components[0]!.revisit);

    sims.setXl({ running: sims.xl().running.filter((d) => d.name !== VM1) }); // vm1's installer rebooted: on_reboot = destroy
    const vm1Done = await changed();
    expect(xlCreates(vm1Done)).toEqual([`xl create ${join(root, `etc/xen/${VM1}.cfg`)}`]);
    expect(vm1Done.components[0]!.revisit).toBe(`domain ${VM2} is installing: once its installer has ended it, the next run starts it from its boot variant`);

    sims.setXl({ running: sims.xl().running.filter((d) => d.name !== VM2) });
    const vm2Done = await changed();
    expect(xlCreates(vm2Done)).toEqual([`xl create ${join(root, `etc/xen/${VM2}.cfg`)}`]);
    expect(vm2Done.components[0]!.revisit).toBeUndefined();
    expect(state().lastSuccess?.revisit).toBeUndefined();

    // Nothing changed and nothing pending: --changed leaves xen alone.
    expect((await changed()).components).toEqual([]);
    expect(sims.xl().running.map((d) => d.config)).toEqual([join(root, `etc/xen/${VM1}.cfg`), join(root, `etc/xen/${VM2}.cfg`)]);
  });
});

describe('xen component: volume groups from named devices (real pvcreate/vgcreate, simulated LVs)', () => {
  let spare: LoopDevice;
  beforeAll(async () => {
    spare = await lab.disk(128);
  });

  function withNewGroup(newVg: string, device: LoopDevice): JsonObject {
    const p = smallDom0(newVg);
    systemOf(p).blockdevices = { physical_devs: { [device.name]: { label: 'none' } }, volume_groups: { [newVg]: { device_list: [`physical_devs/${device.name}`] } } };
    ((domainOf(p, VM1).disks as JsonObject[])[0]!).size = 8;
    ((domainOf(p, VM1).disks as JsonObject[])[1]!).size = 8;
    ((domainOf(p, VM2).disks as JsonObject[])[0]!).size = 8;
    return p;
  }

  it('makes a missing volume group on the device /system/blockdevices names, then its volumes', async () => {
    const newVg = lab.uniqueName('pfnew');
    lab.adoptVolumeGroup(newVg);
    const h = new Host();
    const r = await h.run(withNewGroup(newVg, spare));
    expect(r.error).toBeUndefined();
    expect(commands(r).slice(0, 3)).toEqual([`pvcreate ${spare.path}`, `vgcreate ${newVg} ${spare.path}`, `lvcreate --yes --wipesignatures y --zero y -L 8m -n ${VM1}_xvda ${newVg}`]);
    const vgs = await execa('vgs', ['--noheadings', '-o', 'vg_name,pv_count', newVg], { env: { PATH: `/usr/sbin:/sbin:${process.env.PATH}` } });
    expect(vgs.stdout.trim().split(/\s+/)).toEqual([newVg, '1']);
    expect(changes(await h.run(withNewGroup(newVg, spare)))).toEqual([]);
  });

  it('refuses to make a physical volume of a device that holds a filesystem', async () => {
    const full = await lab.disk(32);
    await execa('mkfs.ext4', ['-q', full.path]);
    const newVg = lab.uniqueName('pfno');
    const h = new Host();
    const r = await h.run(withNewGroup(newVg, full));
    expect(r.ok).toBe(false);
    expect(r.error).toContain(`/system/blockdevices/volume_groups/${newVg}/device_list/0: ${full.path} holds a ext4 signature: not made a physical volume (its data is kept)`);
    expect((await execa('blkid', ['-p', '-o', 'value', '-s', 'TYPE', full.path])).stdout.trim()).toBe('ext4');
  });
});

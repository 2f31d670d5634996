/**
 * Backing storage of guest disks: logical volumes of the given size in the
 * given volume group (the group itself made from the devices that
 * /system/blockdevices/volume_groups names, when it is missing), image files
 * made sparse (raw) or with qemu-img (qcow2), device disks only checked.
 *
 * Made only when missing and create_filesystems is true. An existing volume
 * or image is never shrunk, overwritten or removed: one smaller than asked
 * is grown (lvextend, truncate to at least the size, qemu-img resize, which
 * cannot shrink), one larger is refused, as are a volume group without
 * room and anything else in the way of an image file.
 */
import { dirname } from 'node:path';
import { at, listAt, objectAt, type ComponentContext, type JsonObject, type PlanBuilder, type Refusals } from '../sdk/index.js';
import { deviceBytes, MiB_BYTES } from '../storage/block-probe.js';
import { BLOCKDEVICES_PATH, parseRef } from '../storage/devices.js';
import { LVM_ENV, lvcreateArgv, lvGrow, lvResize, type LvmView, type VgSpace } from '../storage/lvm.js';
import { planVolumeGroup, type PvDevice } from '../storage/volume-groups.js';
import type { DiskSpec, DomainSpec } from './model.js';
import type { CreatedStorage } from './state.js';

export interface StoragePlanning {
  ctx: ComponentContext;
  builder: PlanBuilder;
  refusals: Refusals;
  view: LvmView;
  space: VgSpace;
  /** /system/blockdevices ({} when absent). */
  blockdevices: JsonObject;
  create: boolean;
}

export interface StorageOutcome {
  /** Storage this plan makes, per domain key. */
  created: Map<string, CreatedStorage[]>;
  /** Disks (by `domain key/vdev`) whose storage this plan makes: they hold nothing yet. */
  fresh: Set<string>;
}

function diskId(d: DomainSpec, disk: DiskSpec): string {
  return `${d.key}/${disk.vdev}`;
}

class StoragePlanner {
  private readonly out: StorageOutcome = { created: new Map(), fresh: new Set() };
  private readonly vgsTried = new Set<string>();
  private readonly dirs = new Set<string>();
  /** Backing path -> who uses it first (to refuse two writers on one volume). */
  private readonly users = new Map<string, { who: string; access: string }>();

  constructor(private readonly p: StoragePlanning) {}

  async run(domains: DomainSpec[]): Promise<StorageOutcome> {
    for (const d of domains) {
      for (const disk of d.disks) {
        if (!this.shared(d, disk)) continue;
        if (disk.backing.kind === 'lv') await this.lv(d, disk, disk.backing);
        else if (disk.backing.kind === 'file') await this.file(d, disk, disk.backing);
        else await this.phy(disk);
      }
    }
    return this.out;
  }

  private shared(d: DomainSpec, disk: DiskSpec): boolean {
    const who = `${d.key} ${disk.vdev}`;
    const first = this.users.get(disk.target);
    if (first === undefined) {
      this.users.set(disk.target, { who, access: disk.access });
      return true;
    }
    if (first.access === 'rw' || disk.access === 'rw') {
      this.p.refusals.add(disk.where, `${disk.target} is also ${first.who}'s disk; a disk written by one guest is not shared`);
      return false;
    }
    return false; // read-only by both: made (or checked) once
  }

  private made(d: DomainSpec, disk: DiskSpec, what: CreatedStorage): void {
    const list = this.out.created.get(d.key) ?? [];
    list.push(what);
    this.out.created.set(d.key, list);
    this.out.fresh.add(diskId(d, disk));
  }

  /** Make sure volume group `vg` exists or is planned; false when it cannot be. */
  private async volumeGroup(vg: string, disk: DiskSpec): Promise<boolean> {
    if (this.p.space.has(vg)) return true;
    if (!this.vgsTried.has(vg)) {
      this.vgsTried.add(vg);
      const devices = this.vgDevices(vg);
      if (devices === undefined) {
        this.p.refusals.add(at(disk.where, 'volume_group'), `volume group ${vg} does not exist, and ${BLOCKDEVICES_PATH}/volume_groups/${vg} does not name devices to make it from`);
        return false;
      }
      await planVolumeGroup({ probe: this.p.ctx.probe, view: this.p.view, space: this.p.space, builder: this.p.builder, refusals: this.p.refusals }, vg, devices, 'guest disks');
    }
    return this.p.space.has(vg);
  }

  private vgDevices(vg: string): PvDevice[] | undefined {
    const groups = objectAt(this.p.blockdevices.volume_groups ?? {}, at(BLOCKDEVICES_PATH, 'volume_groups'));
    if (groups[vg] === undefined) return undefined;
    const where = at(BLOCKDEVICES_PATH, 'volume_groups', vg, 'device_list');
    const list = listAt(objectAt(groups[vg], at(BLOCKDEVICES_PATH, 'volume_groups', vg)).device_list, where);
    const out: PvDevice[] = [];
    list.forEach((r, i) => {
      const ref = parseRef(r, at(where, i));
      if (ref.kind === 'physical_devs' || ref.kind === 'partitions') out.push({ path: `/dev/${ref.name}`, where: at(where, i) });
      else this.p.refusals.add(at(where, i), `${ref.text}: the xen component makes volume groups on disks and partitions only`);
    });
    return out;
  }

  private async lv(d: DomainSpec, disk: DiskSpec, b: { vg: string; lv: string; sizeMiB?: number }): Promise<void> {
    const name = `${b.vg}/${b.lv}`;
    const existing = this.p.view.lvs.get(name);
    if (existing) {
      if (b.sizeMiB === undefined) return;
      const resize = lvResize(existing.sizeMiB, b.sizeMiB, this.p.space.extent(b.vg));
      if (resize.kind === 'shrink') {
        this.p.refusals.add(at(disk.where, 'size'), `logical volume ${name} is ${existing.sizeMiB} MiB, the profile asks ${b.sizeMiB} MiB: volumes are never shrunk`);
      } else if (resize.kind === 'grow') {
        this.grow(disk, `logical volume ${name}`, () => {
          const grow = lvGrow(this.p.space, b.vg, b.lv, b.sizeMiB!, resize.byMiB);
          if ('why' in grow) return `cannot grow ${name} to ${b.sizeMiB} MiB: ${grow.why}`;
          this.p.builder.command(grow.argv, `grows logical volume ${name} from ${existing.sizeMiB} to ${b.sizeMiB} MiB (domain ${d.name} disk ${disk.vdev})`, { env: LVM_ENV });
          return undefined;
        });
      }
      return;
    }
    if (!this.p.create) {
      this.p.builder.note(`domain ${d.name}: logical volume ${name} (disk ${disk.vdev}) does not exist and create_filesystems is false: not made`);
      return;
    }
    if (b.sizeMiB === undefined) {
      this.p.refusals.add(disk.where, `logical volume ${name} does not exist and the disk has no size to make it with`);
      return;
    }
    if (!this.p.view.available) {
      this.p.refusals.add(disk.where, `logical volume ${name} is needed but the LVM tools (lvs, lvcreate) are not installed`);
      return;
    }
    if (!(await this.volumeGroup(b.vg, disk))) return;
    const why = this.p.space.take(b.vg, b.sizeMiB);
    if (why) {
      this.p.refusals.add(at(disk.where, 'size'), `no room for logical volume ${name} (${b.sizeMiB} MiB): ${why}`);
      return;
    }
    this.p.builder.command(lvcreateArgv(b.vg, b.lv, b.sizeMiB), `creates logical volume ${name} of ${b.sizeMiB} MiB (domain ${d.name} disk ${disk.vdev})`, { env: LVM_ENV });
    this.made(d, disk, { kind: 'lv', vg: b.vg, lv: b.lv });
  }

  /** Growing is planned only with create_filesystems; `plan` returns a refusal or undefined. */
  private grow(disk: DiskSpec, what: string, plan: () => string | undefined): void {
    if (!this.p.create) {
      this.p.builder.note(`${what} is smaller than ${disk.where} asks; create_filesystems is false: not grown`);
      return;
    }
    const refused = plan();
    if (refused) this.p.refusals.add(at(disk.where, 'size'), refused);
    else this.p.builder.note(`${what} grows: the guest sees the new size after xl block-detach/attach or a restart`);
  }

  private async file(d: DomainSpec, disk: DiskSpec, b: { path: string; sizeMiB?: number }): Promise<void> {
    const st = await this.p.ctx.probe.stat(b.path);
    const onDisk = this.p.ctx.hostPath(b.path);
    if (st === undefined) {
      if (!this.p.create) {
        this.p.builder.note(`domain ${d.name}: image ${b.path} (disk ${disk.vdev}) does not exist and create_filesystems is false: not made`);
        return;
      }
      if (b.sizeMiB === undefined) {
        this.p.refusals.add(disk.where, `image ${b.path} does not exist and the disk has no size to make it with`);
        return;
      }
      const dir = dirname(b.path);
      if (!this.dirs.has(dir)) {
        this.dirs.add(dir);
        this.p.builder.directory(dir);
      }
      if (disk.format === 'qcow2') {
        this.p.builder.command(['qemu-img', 'create', '-q', '-f', 'qcow2', onDisk, `${b.sizeMiB}M`], `creates qcow2 image ${b.path} of ${b.sizeMiB} MiB (domain ${d.name} disk ${disk.vdev})`);
      } else {
        // '>': at least this size, so a file appearing meanwhile is never cut.
        this.p.builder.command(['truncate', '--size', `>${b.sizeMiB}M`, onDisk], `creates sparse image ${b.path} of ${b.sizeMiB} MiB (domain ${d.name} disk ${disk.vdev})`);
      }
      this.made(d, disk, { kind: 'file', path: b.path });
      return;
    }
    if (st.kind !== 'file') {
      this.p.refusals.add(at(disk.where, 'path'), `${b.path} is in the way: it is a ${st.kind}, not an image file; it is left as it is`);
      return;
    }
    if (b.sizeMiB === undefined) return;
    const bytes = disk.format === 'qcow2' ? await this.qcow2Size(disk, b.path, onDisk) : st.size;
    if (bytes === undefined) return;
    const wanted = b.sizeMiB * MiB_BYTES;
    if (bytes > wanted) {
      this.p.refusals.add(at(disk.where, 'size'), `image ${b.path} is ${bytes} bytes, the profile asks ${b.sizeMiB} MiB (${wanted} bytes): images are never shrunk`);
    } else if (bytes < wanted) {
      this.grow(disk, `image ${b.path}`, () => {
        const argv = disk.format === 'qcow2' ? ['qemu-img', 'resize', '-q', onDisk, `${b.sizeMiB}M`] : ['truncate', '--size', `>${b.sizeMiB}M`, onDisk];
        this.p.builder.command(argv, `grows image ${b.path} from ${bytes} bytes to ${b.sizeMiB} MiB (domain ${d.name} disk ${disk.vdev})`);
        return undefined;
      });
    }
  }

  private async qcow2Size(disk: DiskSpec, path: string, onDisk: string): Promise<number | undefined> {
    const r = await this.p.ctx.probe.run(['qemu-img', 'info', '--output=json', '-f', 'qcow2', onDisk]);
    const size = r.exitCode === 0 ? (JSON.parse(r.stdout) as { 'virtual-size'?: unknown })['virtual-size'] : undefined;
    if (typeof size === 'number') return size;
    this.p.refusals.add(at(disk.where, 'path'), `${path} exists but is not a qcow2 image qemu-img can read (${r.error ?? r.stderr.trim()}); it is left as it is`);
    return undefined;
  }

  private async phy(disk: DiskSpec): Promise<void> {
    if ((await deviceBytes(this.p.ctx.probe, disk.target)) === undefined) {
      this.p.builder.note(`${disk.where}: device ${disk.target} does not exist; the domain cannot start without it`);
    }
  }
}

export function planStorage(p: StoragePlanning, domains: DomainSpec[]): Promise<StorageOutcome> {
  return new StoragePlanner(p).run(domains);
}

/**
 * Partition tables and partitions, with sfdisk (scripted, never wiping):
 * a table is written only on a disk that holds nothing at all (no
 * signature), a partition only where it is missing, in the disk's first
 * free space. Existing partitions are never changed, moved or resized; a
 * size that differs from the profile is reported.
 */
import type { Probes } from '../sdk/index.js';
import { deviceBytes, describeSignature, MiB_BYTES, signature } from '../storage/block-probe.js';
import type { DiskSpec, PartitionSpec } from './model.js';
import type { FsPlanning } from './planning.js';

interface Table {
  label: string;
  partitions: { node: string; start: number; size: number }[];
  sectorSize: number;
}

const BIOS_BOOT_GUID = '21686148-6449-6E6F-744E-656564454649';
const SFDISK = ['sfdisk', '--quiet', '--wipe', 'never', '--wipe-partitions', 'never'];

/** The partition table of a disk (sfdisk -J), or undefined when it has none. */
async function readTable(probe: Probes, disk: string): Promise<Table | undefined> {
  const r = await probe.run(['sfdisk', '--json', disk]);
  if (r.exitCode !== 0) {
    if (/does not contain a recognized partition table/.test(r.stderr)) return undefined;
    throw new Error(`sfdisk --json ${disk} failed (${r.error ?? `exit status ${r.exitCode}`}): ${r.stderr.trim()}`);
  }
  const t = (JSON.parse(r.stdout) as { partitiontable: { label: string; partitions?: Table['partitions']; sectorsize?: number } }).partitiontable;
  return { label: t.label, partitions: t.partitions ?? [], sectorSize: t.sectorsize ?? 512 };
}

function sfdiskLabel(label: DiskSpec['label']): string {
  return label === 'msdos' ? 'dos' : label;
}

/** The sfdisk script line of a new partition: size, type from its flags (and swap), bootable. */
function scriptLine(p: FsPlanning, part: PartitionSpec, label: string): string | undefined {
  const gpt = label === 'gpt';
  const f = part.flags;
  const swap = p.spec.filesystems.some((fs) => fs.type === 'swap' && fs.ref.kind === 'partitions' && fs.ref.name === part.name);
  let type = 'L';
  if (f.esp || (gpt && f.boot)) type = 'U';
  else if (f.bios_grub) {
    if (!gpt) {
      p.refusals.add(`${part.where}/flags/bios_grub`, 'a BIOS boot partition needs a gpt disk');
      return undefined;
    }
    type = BIOS_BOOT_GUID;
  } else if (f.lvm) type = 'V';
  else if (f.raid) type = 'R';
  else if (part.type === 'extended') type = 'E';
  else if (swap) type = 'S';
  const fields = [...(part.sizeMiB !== undefined ? [`size=${part.sizeMiB}MiB`] : []), `type=${type}`, ...(!gpt && f.boot ? ['bootable'] : [])];
  return fields.join(', ');
}

async function planDisk(p: FsPlanning, diskName: string, parts: PartitionSpec[]): Promise<void> {
  const disk = p.spec.disks.get(diskName);
  const path = `/dev/${diskName}`;
  const where = parts[0]!.where;
  if ((await deviceBytes(p.ctx.probe, path)) === undefined) {
    p.refusals.add(`${where}/holding_dev`, `disk ${path} does not exist`);
    return;
  }
  let table = await readTable(p.ctx.probe, path);
  const missing = parts.filter((part) => !table?.partitions.some((x) => x.node === part.path));
  if (missing.length === 0) {
    checkSizes(p, parts, table!);
    return;
  }
  if (!p.spec.manageBlockdevs) {
    for (const part of missing) p.b.note(`partition ${part.path} does not exist and manage_blockdevs is false: not made`);
    return;
  }
  if (!table) {
    if (!disk || disk.label === 'none') {
      p.refusals.add(disk?.where ?? `${where}/holding_dev`, `${path} has no partition table and the profile gives no label (msdos or gpt) for one`);
      return;
    }
    const sig = await signature(p.ctx.probe, path);
    if (sig) {
      p.refusals.add(disk.where, `${path} holds ${describeSignature(sig)}: no partition table is written on it (its data is kept)`);
      return;
    }
    const label = sfdiskLabel(disk.label);
    p.b.command(['sfdisk', '--quiet', '--wipe', 'never', path], `writes an empty ${label} partition table on ${path}`, { input: `label: ${label}\n` });
    table = { label, partitions: [], sectorSize: 512 };
  } else if (disk && disk.label !== 'none' && sfdiskLabel(disk.label) !== table.label) {
    p.refusals.add(`${disk.where}/label`, `${path} has a ${table.label} partition table, the profile says ${disk.label}: partitions are not added to it`);
    return;
  }
  checkSizes(p, parts.filter((x) => !missing.includes(x)), table);
  for (const part of missing) {
    const line = scriptLine(p, part, table.label);
    if (line === undefined) continue;
    p.b.command([...SFDISK, '-N', String(part.number), path], `adds partition ${part.path} (${part.sizeMiB !== undefined ? `${part.sizeMiB} MiB` : 'the rest of the disk'})`, { input: `${line}\n` });
    p.fresh.set(part.path, part.sizeMiB !== undefined ? part.sizeMiB * MiB_BYTES : undefined);
  }
}

/** Existing partitions whose size differs from the profile: reported, never changed. */
function checkSizes(p: FsPlanning, parts: PartitionSpec[], table: Table): void {
  for (const part of parts) {
    const x = table.partitions.find((e) => e.node === part.path);
    if (!x || part.sizeMiB === undefined) continue;
    const mib = (x.size * table.sectorSize) / MiB_BYTES;
    if (Math.abs(mib - part.sizeMiB) >= 1) p.b.note(`partition ${part.path} is ${Math.round(mib)} MiB, the profile says ${part.sizeMiB} MiB: partitions are never resized`);
  }
}

export async function planPartitions(p: FsPlanning): Promise<void> {
  const byDisk = new Map<string, PartitionSpec[]>();
  for (const part of p.spec.partitions) byDisk.set(part.disk, [...(byDisk.get(part.disk) ?? []), part]);
  for (const [disk, parts] of byDisk) await planDisk(p, disk, parts);
}

/**
 * Profiles for the component tests: the shared schema fixtures (a Dom0 with
 * two guests, a physical node), copied so that each test may change them.
 */
import type { JsonObject } from '../../components/sdk/index.js';
import { loadFixture, type FixtureName } from '../../schema/fixtures.js';

export function fixture(fqdn: FixtureName): JsonObject {
  return loadFixture(fqdn) as JsonObject;
}

/** A fresh copy of the Dom0 fixture (dom0a.example.org: vm1 on LVM, vm2 on LVM and an image file). */
export function dom0Profile(): JsonObject {
  return fixture('dom0a.example.org');
}

/** /software/components/xen of a profile (the object itself: changes go into the profile). */
export function xenConfig(p: JsonObject): JsonObject {
  return ((p.software as JsonObject).components as JsonObject).xen as JsonObject;
}

/** /system of a profile. */
export function systemOf(p: JsonObject): JsonObject {
  return p.system as JsonObject;
}

/**
 * The Dom0 fixture scaled down to a test volume group: vm1 with two volumes
 * (64 and 32 MiB), vm2 with a volume (48 MiB) and a 16 MiB image file; all
 * in volume group `vg`, no /system/blockdevices (unless a test adds it).
 */
export function smallDom0(vg: string): JsonObject {
  const p = dom0Profile();
  delete systemOf(p).blockdevices;
  delete systemOf(p).filesystems;
  const domains = xenConfig(p).domains as Record<string, { disks: JsonObject[] }>;
  const sizes: Record<string, number[]> = { 'vm1.example.org': [64, 32], 'vm2.example.org': [48, 16] };
  for (const [name, d] of Object.entries(domains)) {
    d.disks.forEach((disk, i) => {
      disk.size = sizes[name]![i]!;
      if (disk.type === 'lvm') disk.volume_group = vg;
    });
  }
  return p;
}

export function domainOf(p: JsonObject, name: string): JsonObject {
  return (xenConfig(p).domains as Record<string, JsonObject>)[name]!;
}

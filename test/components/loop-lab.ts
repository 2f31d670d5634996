/**
 * Real block devices for the component tests: loop devices on sparse files
 * in a temporary directory, and real LVM physical volumes and volume groups
 * on them. Only devices made here are ever touched; cleanup() undoes
 * everything (unmount, swapoff, vgremove, pvremove, losetup -d, files) and
 * is safe to call after a failure part way.
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LVM_ENV = { LVM_SUPPRESS_FD_WARNINGS: '1' };
let serial = 0;

export interface LoopDevice {
  /** /dev/loopN */
  path: string;
  /** loopN, as physical_devs/<name> names it. */
  name: string;
  file: string;
}

async function run(argv: string[], input?: string): Promise<string> {
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, env: LVM_ENV, ...(input !== undefined ? { input } : {}) });
  if (r.exitCode !== 0) throw new Error(`${argv.join(' ')} failed (${r.exitCode}): ${r.stderr}`);
  return r.stdout;
}

export class LoopLab {
  readonly dir = mkdtempSync(join(tmpdir(), 'panfab-loops-'));
  private readonly loops: LoopDevice[] = [];
  private readonly vgNames: string[] = [];
  private readonly mounts: string[] = [];
  private readonly swaps: string[] = [];

  /** A volume group name no one else uses. */
  uniqueName(prefix: string): string {
    return `${prefix}${process.pid}x${++serial}`;
  }

  /** A loop device on a sparse file of `sizeMiB`. */
  async disk(sizeMiB: number): Promise<LoopDevice> {
    const file = join(this.dir, `disk${this.loops.length}.img`);
    await run(['truncate', '--size', `${sizeMiB}M`, file]);
    const path = (await run(['losetup', '--find', '--show', file])).trim();
    const dev = { path, name: path.replace('/dev/', ''), file };
    this.loops.push(dev);
    return dev;
  }

  /** A real volume group on these devices (pvcreate + vgcreate). */
  async volumeGroup(name: string, devices: LoopDevice[]): Promise<void> {
    for (const d of devices) await run(['pvcreate', '-q', d.path]);
    this.vgNames.push(name);
    await run(['vgcreate', '-q', name, ...devices.map((d) => d.path)]);
  }

  /** Remember a volume group made by the code under test, for cleanup. */
  adoptVolumeGroup(name: string): void {
    this.vgNames.push(name);
  }

  /** Remember a mount or a swap made by the code under test, for cleanup. */
  adoptMount(target: string): void {
    this.mounts.push(target);
  }

  adoptSwap(device: string): void {
    this.swaps.push(device);
  }

  /** Unmount and swapoff what the tests adopted (before their trees are removed). */
  async release(): Promise<void> {
    const quiet = (argv: string[]) => execa(argv[0]!, argv.slice(1), { reject: false });
    for (const m of this.mounts.splice(0).reverse()) await quiet(['umount', m]);
    for (const s of this.swaps.splice(0)) await quiet(['swapoff', s]);
  }

  async cleanup(): Promise<void> {
    const quiet = (argv: string[]) => execa(argv[0]!, argv.slice(1), { reject: false, env: LVM_ENV });
    await this.release();
    for (const vg of this.vgNames.splice(0)) await quiet(['vgremove', '-f', '-y', vg]);
    for (const d of this.loops.splice(0)) {
      await quiet(['pvremove', '-y', '-q', d.path]);
      await quiet(['losetup', '-d', d.path]);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Where downloaded kernels and ramdisks live until Xen has read them. With
 * `--output-directory` (libxl's private per-domain directory, which libxl
 * removes after the build) files go straight into it, as pygrub puts its
 * boot_kernel.XXXXXX there; otherwise into a fresh private directory (0700)
 * under the system temp dir. `discard` removes everything created, on every
 * failure path.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PxebootError } from './errors.js';

export class Scratch {
  private readonly files: string[] = [];

  private constructor(
    readonly dir: string,
    private readonly ownsDir: boolean,
  ) {}

  static async create(outputDirectory?: string): Promise<Scratch> {
    if (outputDirectory !== undefined) {
      const st = await stat(outputDirectory).catch(() => undefined);
      if (!st?.isDirectory()) throw new PxebootError(`--output-directory ${outputDirectory} is not an existing directory`);
      return new Scratch(outputDirectory, false);
    }
    return new Scratch(await mkdtemp(join(tmpdir(), 'panfab-pxeboot.')), true);
  }

  /** A new file, created exclusively with mode 0600. */
  async newFile(prefix: string): Promise<{ path: string; handle: FileHandle }> {
    const path = join(this.dir, `${prefix}.${randomBytes(6).toString('hex')}`);
    const handle = await open(path, 'wx', 0o600);
    this.files.push(path);
    return { path, handle };
  }

  async discard(): Promise<void> {
    for (const f of this.files) await rm(f, { force: true });
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }
}

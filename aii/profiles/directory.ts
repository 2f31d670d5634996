/** Profiles from a local directory of `<fqdn>.json` files. */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { AiiError } from '../errors.js';
import { PROFILE_NAME_RE, type ProfileSource, type ProfileText } from './source.js';

export class DirectoryProfileSource implements ProfileSource {
  constructor(readonly dir: string) {}

  get description(): string {
    return this.dir;
  }

  async names(): Promise<string[]> {
    let files: string[];
    try {
      files = await fsp.readdir(this.dir);
    } catch (e) {
      throw new AiiError(`${this.dir}: cannot list profiles (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    return files.flatMap((f) => {
      const m = PROFILE_NAME_RE.exec(f);
      return m === null ? [] : [m[1]!];
    }).sort();
  }

  async fetch(fqdn: string): Promise<ProfileText | undefined> {
    const path = join(this.dir, `${fqdn}.json`);
    try {
      return { text: await fsp.readFile(path, 'utf8'), source: path };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new AiiError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
}

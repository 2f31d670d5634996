/**
 * Per-component state, one JSON file each under <stateDir>/components/:
 * the last run and the last success (with the configuration fingerprint that
 * --changed compares, and the reason the component gave for being run again
 * whatever changes, Plan.revisit), the symlinks the component made, and what
 * the component asked to keep (Plan.state).
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../../common/fs.js';
import type { JsonValue } from '../sdk/json.js';
import type { OwnedLinks } from '../sdk/symlinks.js';

export type RunStatus = 'ok' | 'failed' | 'skipped';

export interface ComponentState {
  lastRun?: { time: string; profileVersion: string; status: RunStatus; error?: string };
  lastSuccess?: { time: string; profileVersion: string; fingerprint: string; revisit?: string };
  links: OwnedLinks;
  data?: JsonValue;
}

export class StateStore {
  readonly componentsDir: string;
  constructor(readonly dir: string) {
    this.componentsDir = join(dir, 'components');
  }

  private file(name: string): string {
    return join(this.componentsDir, `${name}.json`);
  }

  async read(name: string): Promise<ComponentState> {
    let text: string;
    try {
      text = await fsp.readFile(this.file(name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { links: {} };
      throw e;
    }
    try {
      const s = JSON.parse(text) as ComponentState;
      return { ...s, links: s.links ?? {} };
    } catch {
      throw new Error(`${this.file(name)}: damaged state file (not JSON); move it away to start afresh`);
    }
  }

  /**
   * Atomic, not synced: after a crash the previous state is found, which errs
   * on the safe side (the component runs again under --changed; a link it
   * made in the lost run is foreign to it, so never removed).
   */
  async write(name: string, state: ComponentState): Promise<void> {
    await atomicWriteFile(this.file(name), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  }
}

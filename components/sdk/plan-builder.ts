/** A small helper for components: collect actions and notes, then build() the Plan. */
import type { JsonValue } from './json.js';
import type { Action, CommandAction, DirectoryAction, Plan, ServiceAction, WriteFileAction } from './types.js';

type Without<T, K extends keyof T> = Omit<T, K | 'kind'>;

export class PlanBuilder {
  private readonly actions: Action[] = [];
  private readonly notes: string[] = [];
  private state: JsonValue | undefined;
  private revisitReasons: string[] = [];

  file(path: string, content: string | Uint8Array, opts: Without<WriteFileAction, 'path' | 'content'> = {}): this {
    this.actions.push({ kind: 'file', path, content, ...opts });
    return this;
  }

  directory(path: string, opts: Without<DirectoryAction, 'path'> = {}): this {
    this.actions.push({ kind: 'directory', path, ...opts });
    return this;
  }

  symlink(path: string, target: string): this {
    this.actions.push({ kind: 'symlink', path, target });
    return this;
  }

  removeSymlink(path: string): this {
    this.actions.push({ kind: 'remove-symlink', path });
    return this;
  }

  command(argv: string[], changes: string, opts: Without<CommandAction, 'argv' | 'changes'> = {}): this {
    this.actions.push({ kind: 'command', argv, changes, ...opts });
    return this;
  }

  service(unit: string, action: ServiceAction['action'], opts: Without<ServiceAction, 'unit' | 'action'> = {}): this {
    this.actions.push({ kind: 'service', unit, action, ...opts });
    return this;
  }

  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  /** State handed back as ctx.state on the next run. */
  saveState(state: JsonValue): this {
    this.state = state;
    return this;
  }

  /** Ask to be run again by the next `--changed` run, whatever changes; reasons add up. */
  revisit(reason: string): this {
    this.revisitReasons.push(reason);
    return this;
  }

  build(): Plan {
    return {
      actions: [...this.actions],
      notes: [...this.notes],
      ...(this.state !== undefined ? { state: this.state } : {}),
      ...(this.revisitReasons.length > 0 ? { revisit: this.revisitReasons.join('; ') } : {}),
    };
  }
}

/**
 * The shared executor: applies a component's plan in order, or under
 * --noaction works out and records what it would do (each file with its
 * diff, each command) while changing nothing. The first failed action stops
 * the plan; the rest are recorded as skipped.
 */
import { checkArgv, formatArgv, type CommandRunner } from './command-runner.js';
import { applyDirectory, applyFile, inspectDirectory, inspectFile } from './file-writer.js';
import type { OwnerResolver } from './owner.js';
import { checkHostPath } from './paths.js';
import type { ActionRecord } from './records.js';
import { serviceArgv, checkUnit } from './service.js';
import { applyRemoveSymlink, applySymlink, inspectRemoveSymlink, inspectSymlink, type OwnedLinks } from './symlinks.js';
import type { Action, CommandAction, DirectoryAction, Logger, Plan, RemoveSymlinkAction, ServiceAction, SymlinkAction, WriteFileAction } from './types.js';

const COMMAND_TIMEOUT_MS = 5 * 60_000;
const SERVICE_TIMEOUT_MS = 2 * 60_000;
const OUTPUT_KEPT = 4000;

export interface ExecutorOptions {
  root: string;
  noaction: boolean;
  runner: CommandRunner;
  owners: OwnerResolver;
  log: Logger;
  /** The component's links (from its state); updated as links are made and removed. */
  ownedLinks: OwnedLinks;
  /** argv that performs a service action (default: systemctl ACTION UNIT). */
  serviceCommand?: (unit: string, action: ServiceAction['action']) => string[];
}

export interface ExecutionResult {
  ok: boolean;
  records: ActionRecord[];
  notes: string[];
  /** The first failure, in words. */
  error?: string;
}

function targetOf(a: Action): string {
  switch (a.kind) {
    case 'command':
      return formatArgv(a.argv);
    case 'service':
      return a.unit;
    default:
      return a.path;
  }
}

/** Reject a malformed plan before any of it is applied. */
export function checkPlan(plan: Plan): void {
  if (!plan || !Array.isArray(plan.actions) || !Array.isArray(plan.notes)) throw new Error('plan must have actions and notes arrays');
  if (plan.revisit !== undefined && (typeof plan.revisit !== 'string' || plan.revisit.trim() === '')) throw new Error('revisit must say why the component should run again');
  for (const a of plan.actions) {
    switch (a.kind) {
      case 'file':
        checkHostPath(a.path);
        if (typeof a.content !== 'string' && !(a.content instanceof Uint8Array)) throw new Error(`file ${a.path}: content must be a string or bytes`);
        break;
      case 'directory':
      case 'symlink':
      case 'remove-symlink':
        checkHostPath(a.path);
        break;
      case 'command':
        checkArgv(a.argv);
        if (typeof a.changes !== 'string' || a.changes === '') throw new Error(`command ${formatArgv(a.argv)}: say what it changes`);
        break;
      case 'service':
        checkUnit(a.unit);
        serviceArgv(a.unit, a.action);
        break;
      default:
        throw new Error(`unknown action kind ${JSON.stringify((a as { kind: unknown }).kind)}`);
    }
  }
}

function tail(text: string): string {
  return text.length > OUTPUT_KEPT ? '...' + text.slice(-OUTPUT_KEPT) : text;
}

export class Executor {
  /** Host paths changed (or to be changed, under --noaction) so far: drives ifChanged. */
  private readonly changedPaths = new Set<string>();

  constructor(private readonly opts: ExecutorOptions) {}

  async execute(plan: Plan): Promise<ExecutionResult> {
    checkPlan(plan);
    const records: ActionRecord[] = [];
    let error: string | undefined;
    for (const action of plan.actions) {
      if (error !== undefined) {
        records.push({ kind: action.kind, target: targetOf(action), status: 'skipped', summary: 'not run', reason: 'an earlier action failed' });
        continue;
      }
      const record = await this.step(action);
      records.push(record);
      if (record.status === 'failed') error = `${record.kind} ${record.target}: ${record.reason ?? 'failed'}`;
    }
    return { ok: error === undefined, records, notes: [...plan.notes], ...(error !== undefined ? { error } : {}) };
  }

  private async step(action: Action): Promise<ActionRecord> {
    try {
      switch (action.kind) {
        case 'file':
          return await this.file(action);
        case 'directory':
          return await this.directory(action);
        case 'symlink':
          return await this.symlink(action);
        case 'remove-symlink':
          return await this.removeSymlink(action);
        case 'command':
          return await this.command(action);
        case 'service':
          return await this.service(action);
      }
    } catch (e) {
      return { kind: action.kind, target: targetOf(action), status: 'failed', summary: 'failed', reason: e instanceof Error ? e.message : String(e) };
    }
  }

  private changed(path: string, summary: string, kind: Action['kind']): ActionRecord {
    this.changedPaths.add(path);
    return { kind, target: path, status: this.opts.noaction ? 'planned' : 'done', summary };
  }

  private async file(a: WriteFileAction): Promise<ActionRecord> {
    const c = await inspectFile(a, this.opts.root, this.opts.owners);
    if (c.changes.length === 0) return { kind: 'file', target: a.path, status: 'unchanged', summary: 'unchanged' };
    if (!this.opts.noaction) await applyFile(a, c);
    const summary = c.changes.join(', ') + (a.backup && c.existing && c.contentChanged ? `, backup ${a.path}${a.backup}` : '');
    const record = this.changed(a.path, summary, 'file');
    if (c.diff) record.diff = c.diff;
    return record;
  }

  private async directory(a: DirectoryAction): Promise<ActionRecord> {
    const c = await inspectDirectory(a, this.opts.root, this.opts.owners);
    if (c.changes.length === 0) return { kind: 'directory', target: a.path, status: 'unchanged', summary: 'unchanged' };
    if (!this.opts.noaction) await applyDirectory(c);
    return this.changed(a.path, c.changes.join(', '), 'directory');
  }

  private async symlink(a: SymlinkAction): Promise<ActionRecord> {
    const c = await inspectSymlink(a, this.opts.root, this.opts.ownedLinks);
    if (!this.opts.noaction) await applySymlink(a, c, this.opts.ownedLinks);
    if (c.verdict === 'none') return { kind: 'symlink', target: a.path, status: 'unchanged', summary: `-> ${a.target}` };
    return this.changed(a.path, c.verdict === 'create' ? `new link -> ${a.target}` : `-> ${c.current} becomes -> ${a.target}`, 'symlink');
  }

  private async removeSymlink(a: RemoveSymlinkAction): Promise<ActionRecord> {
    const c = await inspectRemoveSymlink(a, this.opts.root, this.opts.ownedLinks);
    if (!this.opts.noaction) await applyRemoveSymlink(a, c, this.opts.ownedLinks);
    if (c.verdict === 'refuse') {
      const reason = `kept: ${c.reason}`;
      this.opts.log.warn(`${a.path}: ${reason}`);
      return { kind: 'remove-symlink', target: a.path, status: 'skipped', summary: 'not removed', reason };
    }
    if (c.verdict === 'none') return { kind: 'remove-symlink', target: a.path, status: 'unchanged', summary: 'absent' };
    return this.changed(a.path, `remove link -> ${c.current}`, 'remove-symlink');
  }

  /** Whether an ifChanged condition holds; undefined condition always holds. */
  private triggered(ifChanged: string[] | undefined): boolean {
    return ifChanged === undefined || ifChanged.some((p) => this.changedPaths.has(checkHostPath(p)));
  }

  private async command(a: CommandAction): Promise<ActionRecord> {
    const target = formatArgv(a.argv);
    if (!this.triggered(a.ifChanged)) return { kind: 'command', target, status: 'skipped', summary: a.changes, reason: 'nothing it depends on changed' };
    return this.run('command', a.argv, target, a.changes, {
      timeout: a.timeout ?? COMMAND_TIMEOUT_MS,
      readOnly: a.readOnly === true,
      okExitCodes: a.okExitCodes ?? [0],
      ...(a.input !== undefined ? { input: a.input } : {}),
      ...(a.env ? { env: a.env } : {}),
    });
  }

  private async service(a: ServiceAction): Promise<ActionRecord> {
    const summary = a.action;
    if (!this.triggered(a.ifChanged)) return { kind: 'service', target: a.unit, status: 'skipped', summary, reason: 'nothing it depends on changed' };
    const argv = (this.opts.serviceCommand ?? serviceArgv)(a.unit, a.action);
    return this.run('service', argv, a.unit, summary, { timeout: SERVICE_TIMEOUT_MS, readOnly: false, okExitCodes: [0] });
  }

  private async run(
    kind: 'command' | 'service',
    argv: string[],
    target: string,
    summary: string,
    o: { timeout: number; readOnly: boolean; okExitCodes: number[]; input?: string; env?: Record<string, string> },
  ): Promise<ActionRecord> {
    const outcome = await this.opts.runner.run(argv, o);
    if (!outcome.ran) return { kind, target, status: 'planned', summary, ...(outcome.reason === 'commands disabled' ? { reason: 'commands disabled' } : {}) };
    const r = outcome.result;
    const output = tail(r.stdout + r.stderr);
    const record: ActionRecord = { kind, target, status: 'done', summary, exitCode: r.exitCode, ...(output ? { output } : {}), ...(o.readOnly ? { readOnly: true } : {}) };
    if (r.error !== undefined || !o.okExitCodes.includes(r.exitCode)) {
      record.status = 'failed';
      record.reason = r.error ?? `exit status ${r.exitCode}${r.stderr.trim() ? `: ${tail(r.stderr.trim())}` : ''}`;
    }
    return record;
  }
}

/**
 * `panfab agent`: run components against one pinned profile version, the
 * way ncm-ncd does: only active ones, in dependency order, a component whose
 * pre-dependency failed is not run, --noaction prints the plan and changes
 * nothing, a lock keeps two runs apart, per-component state feeds
 * `--changed`, and the report says exactly what changed and what failed.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../sdk/json.js';
import { runComponent } from '../sdk/run-component.js';
import type { Component, Logger } from '../sdk/types.js';
import { atomicWriteFile } from '../../common/fs.js';
import { AgentError } from './agent-error.js';
import type { AgentConfig } from './config.js';
import { fingerprint } from './fingerprint.js';
import { runHook } from './hooks.js';
import { acquireLock } from '../../common/lock.js';
import { DependencyError, readComponents, runOrder, type ComponentEntry } from './order.js';
import { ProfileCache } from './profile-cache.js';
import { checkProfile, parseProfile } from './profile-check.js';
import { createRegistry, type ComponentRegistry } from './registry.js';
import { countChanges, type AgentReport, type ComponentReport } from './report.js';
import { StateStore, type ComponentState } from './state.js';

export interface AgentOptions {
  /** Run these components (by name)... */
  components?: string[];
  /** ...or every active component... */
  all?: boolean;
  /** ...or the active, dispatchable ones whose configuration changed or that failed last time. */
  changed?: boolean;
  noaction?: boolean;
  /** A profile file to use instead of the cache's current version (it is schema-checked). */
  profileFile?: string;
  log: Logger;
  /** Per-component loggers (default: `log`). */
  componentLog?: (name: string) => Logger;
  registry?: ComponentRegistry;
}


interface Pinned {
  profile: JsonObject;
  version: string;
  path: string;
}

async function pinProfile(config: AgentConfig, file: string | undefined): Promise<Pinned> {
  if (file !== undefined) {
    const body = await fsp.readFile(file).catch((e: Error) => {
      throw new AgentError(`cannot read profile ${file}: ${e.message}`);
    });
    const profile = parseProfile(body, file);
    await checkProfile(profile, file);
    return { profile, version: file, path: file };
  }
  const pinned = await new ProfileCache(config.cacheDir).pinCurrent();
  if (!pinned) throw new AgentError(`no current profile in ${config.cacheDir}: run panfab fetch first`);
  return { profile: parseProfile(pinned.body, pinned.path), version: pinned.version, path: pinned.path };
}

function selectionKind(o: AgentOptions): AgentReport['selection'] {
  const named = (o.components ?? []).length > 0;
  const kinds = [named, o.all === true, o.changed === true].filter(Boolean).length;
  if (kinds !== 1) throw new AgentError('name the components to run, or give --all or --changed (one of them)');
  return named ? 'named' : o.all ? 'all' : 'changed';
}

class AgentRun {
  private readonly store: StateStore;
  private readonly registry: ComponentRegistry;
  private readonly noaction: boolean;
  private readonly report: AgentReport;
  private readonly loaded = new Map<string, Component | Error>();
  /** Each component's state, read once per run (--changed, skip and run all look at it). */
  private readonly states = new Map<string, Promise<ComponentState>>();
  /** Each component's configuration fingerprint against the pinned profile, computed once per run. */
  private readonly prints = new Map<string, string>();

  constructor(private readonly config: AgentConfig, private readonly o: AgentOptions, private readonly pinned: Pinned, selection: AgentReport['selection']) {
    this.store = new StateStore(config.stateDir);
    this.registry = o.registry ?? createRegistry(config.components);
    this.noaction = o.noaction === true;
    this.report = {
      format: 1,
      profile: { version: pinned.version, path: pinned.path },
      root: config.root,
      noaction: this.noaction,
      selection,
      started: new Date().toISOString(),
      durationMs: 0,
      components: [],
      hooks: {},
      ok: true,
    };
  }

  async run(): Promise<AgentReport> {
    const t0 = performance.now();
    try {
      await this.runAll();
    } catch (e) {
      if (!(e instanceof DependencyError)) throw e;
      this.report.error = e.message;
    }
    this.report.durationMs = Math.round(performance.now() - t0);
    this.report.ok = this.report.error === undefined && this.report.components.every((c) => c.status !== 'failed') && this.report.hooks.post?.ok !== false;
    if (!this.noaction) await atomicWriteFile(join(this.config.stateDir, 'last-report.json'), JSON.stringify(this.report, null, 2) + '\n', { mode: 0o600 });
    return this.report;
  }

  private async runAll(): Promise<void> {
    const entries = readComponents(this.pinned.profile);
    const order = runOrder(entries);
    const selected = await this.select(entries, order);
    if (!(await this.hook('pre', { profile: this.report.profile, noaction: this.noaction, components: selected }))) {
      this.report.error = `pre hook failed: ${this.report.hooks.pre?.error ?? ''}`;
      return;
    }
    const notRun = new Map<string, string>();
    for (const name of selected) {
      const entry = entries.get(name)!;
      const blocker = entry.pre.find((p) => notRun.has(p));
      const c = blocker !== undefined ? await this.skip(name, `pre-dependency ${blocker} ${notRun.get(blocker)}`) : await this.runOne(entry);
      this.report.components.push(c);
      if (c.status !== 'ok') notRun.set(name, c.status === 'failed' ? 'failed' : 'did not run');
    }
    await this.hook('post', this.report);
  }

  private async select(entries: Map<string, ComponentEntry>, order: string[]): Promise<string[]> {
    if (this.report.selection === 'all') return order;
    if (this.report.selection === 'named') {
      const wanted = new Set(this.o.components);
      for (const n of wanted) {
        if (!entries.has(n)) throw new AgentError(`component ${n} is not in the profile (/software/components/${n})`);
        if (!entries.get(n)!.active) this.o.log.warn(`component ${n} is not active; not run`);
      }
      return order.filter((n) => wanted.has(n));
    }
    const out: string[] = [];
    for (const name of order) {
      if (entries.get(name)!.dispatch && (await this.isChanged(name))) out.push(name);
    }
    return out;
  }

  /** Changed since its last success, or failed/skipped last time, or never succeeded, or asked to be run again. */
  private async isChanged(name: string): Promise<boolean> {
    const state = await this.readState(name).catch(() => undefined);
    if (!state) return true; // damaged: run it, so that the failure is reported
    if (!state.lastSuccess || state.lastRun?.status !== 'ok') return true;
    if (state.lastSuccess.revisit !== undefined) {
      this.o.log.info(`component ${name} runs again, as its last run asked: ${state.lastSuccess.revisit}`);
      return true;
    }
    const component = await this.load(name);
    if (component instanceof Error) return true;
    return state.lastSuccess.fingerprint !== this.fingerprint(name, component);
  }

  private readState(name: string): Promise<ComponentState> {
    let state = this.states.get(name);
    if (!state) {
      state = this.store.read(name);
      this.states.set(name, state);
    }
    return state;
  }

  private fingerprint(name: string, component: Component): string {
    let print = this.prints.get(name);
    if (print === undefined) {
      print = fingerprint(this.pinned.profile, name, component.watches, component.version);
      this.prints.set(name, print);
    }
    return print;
  }

  private async load(name: string): Promise<Component | Error> {
    if (!this.loaded.has(name)) {
      this.loaded.set(name, await this.registry.load(name).catch((e: Error) => e));
    }
    return this.loaded.get(name)!;
  }

  private async hook(which: 'pre' | 'post', input: unknown): Promise<boolean> {
    const argv = which === 'pre' ? this.config.preHook : this.config.postHook;
    if (!argv) return true;
    if (this.noaction || !this.config.runCommands) {
      this.o.log.info(`${which} hook not run (${this.noaction ? '--noaction' : 'commands disabled'}): ${argv.join(' ')}`);
      return true;
    }
    const r = await runHook(argv, input, { PANFAB_ROOT: this.config.root, PANFAB_PROFILE: this.pinned.path });
    this.report.hooks[which] = r;
    if (!r.ok) this.o.log.error(`${which} hook: ${r.error ?? ''}`);
    return r.ok;
  }

  private async skip(name: string, reason: string): Promise<ComponentReport> {
    this.o.log.warn(`component ${name} not run: ${reason}`);
    const state = await this.readState(name).catch(() => undefined); // a damaged state file is left as it is
    if (!this.noaction && state) {
      await this.store.write(name, { ...state, lastRun: { time: new Date().toISOString(), profileVersion: this.pinned.version, status: 'skipped', error: reason } });
    }
    return { name, status: 'skipped', reason, changes: 0, actions: [], notes: [], durationMs: 0 };
  }

  private async runOne(entry: ComponentEntry): Promise<ComponentReport> {
    const t0 = performance.now();
    const name = entry.name;
    const log = this.o.componentLog?.(name) ?? this.o.log;
    log.info(`running component ${name}${this.noaction ? ' (--noaction)' : ''}`);
    const component = await this.load(name);
    let state: ComponentState;
    try {
      state = await this.readState(name);
    } catch (e) {
      // Not overwritten: it records the links the component owns.
      return { name, status: 'failed', reason: (e as Error).message, changes: 0, actions: [], notes: [], durationMs: 0 };
    }
    if (component instanceof Error) return this.finish(name, state, { status: 'failed', reason: component.message, changes: 0, actions: [], notes: [] }, undefined, t0);
    const outcome = await runComponent(component, {
      profile: this.pinned.profile,
      profileVersion: this.pinned.version,
      root: this.config.root,
      noaction: this.noaction,
      runCommands: this.config.runCommands,
      log,
      state: state.data,
      ownedLinks: state.links,
    });
    const report = {
      status: outcome.ok ? ('ok' as const) : ('failed' as const),
      ...(outcome.error !== undefined ? { reason: outcome.error } : {}),
      changes: countChanges(outcome.records),
      actions: outcome.records,
      notes: outcome.notes,
      ...(outcome.ok && outcome.revisit !== undefined ? { revisit: outcome.revisit } : {}),
    };
    const next: ComponentState = { ...state, links: outcome.ownedLinks };
    if (outcome.ok && outcome.state !== undefined) next.data = outcome.state;
    return this.finish(name, next, report, outcome.ok ? this.fingerprint(name, component) : undefined, t0);
  }

  private async finish(name: string, state: ComponentState, r: Omit<ComponentReport, 'name' | 'durationMs'>, print: string | undefined, t0: number): Promise<ComponentReport> {
    if (r.status === 'failed') (this.o.componentLog?.(name) ?? this.o.log).error(r.reason ?? 'failed');
    if (!this.noaction) {
      const time = new Date().toISOString();
      const next: ComponentState = { ...state, lastRun: { time, profileVersion: this.pinned.version, status: r.status, ...(r.reason ? { error: r.reason } : {}) } };
      if (print !== undefined) next.lastSuccess = { time, profileVersion: this.pinned.version, fingerprint: print, ...(r.revisit !== undefined ? { revisit: r.revisit } : {}) };
      await this.store.write(name, next);
    }
    return { name, ...r, durationMs: Math.round(performance.now() - t0) };
  }
}

/** Run the agent; the report's `ok` is false when anything failed. Throws AgentError when it could not start. */
export async function runAgent(config: AgentConfig, o: AgentOptions): Promise<AgentReport> {
  const selection = selectionKind(o);
  // --noaction leaves no trace: with no state directory yet there is no run to keep apart from.
  const stateExists = await fsp.stat(config.stateDir).then(() => true, () => false);
  if (!o.noaction) await fsp.mkdir(config.stateDir, { recursive: true, mode: 0o755 });
  const lock = o.noaction && !stateExists ? undefined : await acquireLock(join(config.stateDir, 'agent.lock'), 'an agent run', config.lockWait);
  try {
    const pinned = await pinProfile(config, o.profileFile);
    return await new AgentRun(config, o, pinned, selection).run();
  } finally {
    lock?.release();
  }
}

export { AgentError };

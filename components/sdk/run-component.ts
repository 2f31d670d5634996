/**
 * One component, start to end: build its context, ask for its plan, hand the
 * plan to the executor. The agent calls this for each component it runs;
 * component tests call it directly against a temporary root.
 */
import { CommandRunner } from './command-runner.js';
import { Executor, type ExecutionResult } from './executor.js';
import { getPath, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { OwnerResolver } from './owner.js';
import { hostPath } from './paths.js';
import { makeProbes } from './probes.js';
import type { OwnedLinks } from './symlinks.js';
import type { Component, ComponentContext, Logger, ServiceAction } from './types.js';

export interface RunComponentOptions {
  profile: JsonObject;
  profileVersion?: string;
  /** Directory standing for `/` (default '/'). */
  root?: string;
  noaction?: boolean;
  /** State-changing commands and service actions run (default: only when root is '/'). */
  runCommands?: boolean;
  log: Logger;
  /** What the component saved last time (ctx.state). */
  state?: JsonValue;
  /** Links the component made earlier (from its state); not modified, a copy is returned. */
  ownedLinks?: OwnedLinks;
  serviceCommand?: (unit: string, action: ServiceAction['action']) => string[];
}

export interface ComponentOutcome extends ExecutionResult {
  /** Plan.state, when the component returned one. */
  state?: JsonValue;
  /** Links owned after the run. */
  ownedLinks: OwnedLinks;
  /** Plan.revisit: why the component wants to run again next time, when it does. */
  revisit?: string;
}

export function componentConfig(profile: JsonObject, name: string): JsonObject {
  const config = getPath(profile, `/software/components/${name}`);
  return isJsonObject(config) ? config : {};
}

export async function runComponent(component: Component, o: RunComponentOptions): Promise<ComponentOutcome> {
  const root = o.root ?? '/';
  const noaction = o.noaction === true;
  const runner = new CommandRunner({ noaction, root, runCommands: o.runCommands ?? root === '/' });
  const ctx: ComponentContext = {
    name: component.name,
    profile: o.profile,
    profileVersion: o.profileVersion ?? 'unknown',
    config: componentConfig(o.profile, component.name),
    root,
    noaction,
    probe: makeProbes(root, runner),
    log: o.log,
    state: o.state,
    hostPath: (p) => hostPath(root, p),
  };
  const ownedLinks: OwnedLinks = { ...o.ownedLinks };
  let plan;
  try {
    plan = await component.plan(ctx);
  } catch (e) {
    const error = `planning failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, records: [], notes: [], error, ownedLinks };
  }
  const executor = new Executor({ root, noaction, runner, owners: new OwnerResolver(root), log: o.log, ownedLinks, ...(o.serviceCommand ? { serviceCommand: o.serviceCommand } : {}) });
  let result: ExecutionResult;
  try {
    result = await executor.execute(plan);
  } catch (e) {
    return { ok: false, records: [], notes: [], error: `invalid plan: ${e instanceof Error ? e.message : String(e)}`, ownedLinks };
  }
  return { ...result, ownedLinks, ...(plan.state !== undefined ? { state: plan.state } : {}), ...(plan.revisit !== undefined ? { revisit: plan.revisit } : {}) };
}

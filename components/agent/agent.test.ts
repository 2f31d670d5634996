/**
 * runAgent in-process, with inline components against a temporary root:
 * `--changed` reruns a component whose last successful run asked to be run
 * again (Plan.revisit), until a run no longer asks.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profile, profileJson } from '../../test/agent/profiles.js';
import { memoryLogger } from '../sdk/logger.js';
import { PlanBuilder } from '../sdk/plan-builder.js';
import type { Component } from '../sdk/types.js';
import { runAgent, type AgentOptions } from './agent.js';
import { loadConfig, type AgentConfig } from './config.js';
import { createRegistry } from './registry.js';
import { renderReport } from './report.js';
import type { ComponentState } from './state.js';

let root: string;
let config: AgentConfig;
let profileFile: string;
let runs: string[];

/** Waits for /var/lib/ready on the host: asks to be run again until it is there. */
const waiting: Component = {
  name: 'waiting',
  async plan(ctx) {
    runs.push('waiting');
    const b = new PlanBuilder().file('/etc/waiting.conf', 'wanted\n');
    if ((await ctx.probe.stat('/var/lib/ready')) === undefined) b.revisit('/var/lib/ready is not there yet');
    return b.build();
  },
};

/** Never asks: --changed runs it only when its configuration changes. */
const steady: Component = {
  name: 'steady',
  async plan() {
    runs.push('steady');
    return new PlanBuilder().file('/etc/steady.conf', 'steady\n').build();
  },
};

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'panfab-agent-unit-'));
  config = await loadConfig({ root });
  profileFile = join(root, 'profile.json');
  writeFileSync(profileFile, profileJson(profile({ components: { waiting: { active: true }, steady: { active: true } } })));
  runs = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function agent(o: Partial<AgentOptions> = {}) {
  return runAgent(config, { changed: true, profileFile, log: memoryLogger(), registry: createRegistry({}, [waiting, steady]), ...o });
}

const stateOf = (name: string) => JSON.parse(readFileSync(join(config.stateDir, 'components', `${name}.json`), 'utf8')) as ComponentState;

describe('--changed and components that must come back', () => {
  it('reruns a component whose last run asked to be revisited, until a run no longer asks', async () => {
    const first = await agent();
    expect(runs).toEqual(['steady', 'waiting']);
    expect(first.components.find((c) => c.name === 'waiting')).toMatchObject({ status: 'ok', revisit: '/var/lib/ready is not there yet' });
    expect(first.components.find((c) => c.name === 'steady')?.revisit).toBeUndefined();
    expect(stateOf('waiting').lastSuccess?.revisit).toBe('/var/lib/ready is not there yet');
    expect(renderReport(first, { diffs: false })).toContain('  runs again on the next --changed run: /var/lib/ready is not there yet');

    // Nothing in the profile changed: only the component that asked runs, and it asks again.
    runs = [];
    const log = memoryLogger();
    const second = await agent({ log });
    expect(runs).toEqual(['waiting']);
    expect(second.components.map((c) => [c.name, c.changes, c.revisit])).toEqual([['waiting', 0, '/var/lib/ready is not there yet']]);
    expect(log.lines.join('\n')).toContain('component waiting runs again, as its last run asked: /var/lib/ready is not there yet');

    writeFileSync(join(root, 'var/lib/ready'), '');
    runs = [];
    const third = await agent();
    expect(runs).toEqual(['waiting']);
    expect(third.components[0]?.revisit).toBeUndefined();
    expect(stateOf('waiting').lastSuccess?.revisit).toBeUndefined();

    runs = [];
    expect((await agent()).components).toEqual([]);
    expect(runs).toEqual([]);
  });

  it('--noaction records no request; any later success that does not ask clears it', async () => {
    await agent({ noaction: true });
    expect(existsSync(join(config.stateDir, 'components', 'waiting.json'))).toBe(false);
    await agent();
    expect(stateOf('waiting').lastSuccess?.revisit).toBeDefined();
    // A named run (not --changed) that no longer needs to come back.
    writeFileSync(join(root, 'var/lib/ready'), '');
    await agent({ changed: false, components: ['waiting'] });
    expect(stateOf('waiting').lastSuccess?.revisit).toBeUndefined();
    runs = [];
    await agent();
    expect(runs).toEqual([]);
  });

  it('refuses a revisit request that does not say why', async () => {
    const mute: Component = { name: 'waiting', plan: async () => ({ actions: [], notes: [], revisit: ' ' }) };
    const r = await agent({ registry: createRegistry({}, [mute, steady]) });
    expect(r.components.find((c) => c.name === 'waiting')).toMatchObject({ status: 'failed', reason: 'invalid plan: revisit must say why the component should run again' });
  });
});

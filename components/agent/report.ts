/** The agent's JSON report (also written to <stateDir>/last-report.json) and its text form. */
import { isChange, type ActionRecord } from '../sdk/records.js';
import { renderRecords } from '../sdk/render.js';
import type { HookReport } from './hooks.js';

export interface ComponentReport {
  name: string;
  /** ok: ran to the end; failed: it or its plan failed; skipped: not run (a pre-dependency failed, inactive...). */
  status: 'ok' | 'failed' | 'skipped';
  reason?: string;
  /** Actions that changed (or, under --noaction, would change) the host. */
  changes: number;
  actions: ActionRecord[];
  notes: string[];
  /** Plan.revisit: the next --changed run runs the component again, and why. */
  revisit?: string;
  durationMs: number;
}

export interface AgentReport {
  format: 1;
  profile: { version: string; path: string };
  root: string;
  noaction: boolean;
  selection: 'all' | 'changed' | 'named';
  started: string;
  durationMs: number;
  components: ComponentReport[];
  hooks: { pre?: HookReport; post?: HookReport };
  /** Why nothing ran (dependency error, failing pre hook...), when so. */
  error?: string;
  ok: boolean;
}

export function countChanges(actions: ActionRecord[]): number {
  return actions.filter(isChange).length;
}

function componentLine(c: ComponentReport, noaction: boolean): string {
  const changes = `${c.changes} ${noaction ? 'planned ' : ''}change${c.changes === 1 ? '' : 's'}`;
  switch (c.status) {
    case 'ok':
      return `component ${c.name}: ok, ${changes}`;
    case 'failed':
      return `component ${c.name}: FAILED: ${c.reason ?? ''}${c.changes ? ` (after ${changes})` : ''}`;
    case 'skipped':
      return `component ${c.name}: skipped (${c.reason ?? ''})`;
  }
}

/** What the command prints: per component a line, its changes (with diffs when asked), its notes. */
export function renderReport(r: AgentReport, opts: { diffs: boolean }): string {
  const out: string[] = [];
  if (r.noaction) out.push(`--noaction: nothing is changed; plan against profile ${r.profile.version}`);
  if (r.hooks.pre && !r.hooks.pre.ok) out.push(`pre hook FAILED: ${r.hooks.pre.error ?? ''}`);
  if (r.error) out.push(`nothing run: ${r.error}`);
  for (const c of r.components) {
    out.push(componentLine(c, r.noaction));
    const records = opts.diffs ? c.actions : c.actions.map(({ diff: _diff, ...rest }) => rest);
    out.push(...renderRecords(records, c.notes));
    if (c.revisit !== undefined) out.push(`  runs again on the next --changed run: ${c.revisit}`);
  }
  if (r.hooks.post && !r.hooks.post.ok) out.push(`post hook FAILED: ${r.hooks.post.error ?? ''}`);
  if (r.components.length === 0 && !r.error) out.push('no component to run');
  return out.join('\n') + '\n';
}

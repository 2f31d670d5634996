/** What the executor did (or would do) with each action: the report's raw material. */
import type { Action } from './types.js';

export type ActionStatus =
  /** Already as wanted: nothing to do. */
  | 'unchanged'
  /** Would be done: under --noaction, or a command skipped because commands are disabled. */
  | 'planned'
  /** Done. */
  | 'done'
  /** Not attempted: its ifChanged paths did not change, an earlier action failed, or it was refused. */
  | 'skipped'
  | 'failed';

export interface ActionRecord {
  kind: Action['kind'];
  /** Host path, command line or unit. */
  target: string;
  status: ActionStatus;
  /** Human summary: "new file, mode 0644", "content, mode 0644 -> 0600", "creates LV vg0/x". */
  summary: string;
  /** Unified diff of a file's content (absent for secrets, binary content and non-files). */
  diff?: string;
  /** Why it was skipped or failed. */
  reason?: string;
  /** Command outcome. */
  exitCode?: number;
  output?: string;
  /** A read-only command: it ran, but changed nothing. */
  readOnly?: boolean;
}

/** True when the record stands for a change to the host (made, or to be made). */
export function isChange(r: ActionRecord): boolean {
  return (r.status === 'done' || r.status === 'planned') && r.readOnly !== true;
}

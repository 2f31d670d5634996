/** Text rendering of executed (or planned) actions: what --noaction prints. */
import type { ActionRecord } from './records.js';

const VERB: Record<ActionRecord['kind'], string> = {
  file: 'file',
  directory: 'directory',
  symlink: 'symlink',
  'remove-symlink': 'remove symlink',
  command: 'run',
  service: 'service',
};

function status(r: ActionRecord): string {
  switch (r.status) {
    case 'planned':
      if (r.reason) return `not run (${r.reason})`;
      return r.kind === 'command' || r.kind === 'service' ? 'would run' : 'would change';
    case 'done':
      return r.readOnly ? 'ran (read-only)' : 'changed';
    case 'failed':
      return `FAILED: ${r.reason ?? ''}`;
    case 'skipped':
      return `skipped (${r.reason ?? ''})`;
    case 'unchanged':
      return 'unchanged';
  }
}

function indent(text: string, by: string): string {
  return text.replace(/\n$/, '').split('\n').map((l) => by + l).join('\n');
}

/** Lines describing the records; unchanged ones are left out unless `all`. */
export function renderRecords(records: ActionRecord[], notes: string[], opts: { all?: boolean; indent?: string } = {}): string[] {
  const by = opts.indent ?? '  ';
  const out: string[] = [];
  for (const r of records) {
    if (r.status === 'unchanged' && !opts.all) continue;
    out.push(`${by}${VERB[r.kind]} ${r.target}: ${r.summary} [${status(r)}]`);
    if (r.diff) out.push(indent(r.diff, by + '  '));
    if (r.status === 'failed' && r.output) out.push(indent(r.output, by + '  | '));
  }
  for (const n of notes) out.push(`${by}note: ${n}`);
  return out;
}

/**
 * Unified diffs (`diff -u` format) for --noaction plans and the report.
 * Myers' O(ND) line diff after trimming the common prefix and suffix; a pair
 * of files differing in more than MAX_EDIT_DISTANCE lines is shown as one
 * replace hunk rather than spending quadratic memory on the exact script.
 */

const MAX_EDIT_DISTANCE = 2000;

type Op = '=' | '-' | '+';
interface Edit {
  op: Op;
  line: string;
}

interface Lines {
  lines: string[];
  /** The last line has no trailing newline. */
  noEol: boolean;
}

function splitLines(text: string): Lines {
  if (text === '') return { lines: [], noEol: false };
  const lines = text.split('\n');
  const noEol = lines[lines.length - 1] !== '';
  if (!noEol) lines.pop();
  return { lines, noEol };
}

/** Keys that make a last line without newline differ from the same line with one. */
function keys(l: Lines): string[] {
  if (!l.noEol) return l.lines;
  const out = l.lines.slice();
  out[out.length - 1] += '\0noeol';
  return out;
}

/** Shortest edit script between a and b (Myers), or undefined past the distance limit. */
function myers(a: string[], b: string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const vd = trace[d]!; // v before step d, indices k in [-d-1, d+1] at k + d + 1
    const at = (k: number): number => vd[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('=');
      x--;
      y--;
    }
    ops.push(prevK === k + 1 ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push('=');
    x--;
    y--;
  }
  return ops.reverse();
}

function editScript(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const mid = myers(midA, midB) ?? [...midA.map((): Op => '-'), ...midB.map((): Op => '+')];
  return [...Array<Op>(pre).fill('='), ...mid, ...Array<Op>(suf).fill('=')];
}

function toEdits(ops: Op[], a: string[], b: string[]): Edit[] {
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === '=') edits.push({ op, line: a[i++]! }), j++;
    else if (op === '-') edits.push({ op, line: a[i++]! });
    else edits.push({ op, line: b[j++]! });
  }
  return edits;
}

function range(start: number, count: number): string {
  if (count === 1) return `${start}`;
  return `${count === 0 ? start - 1 : start},${count}`;
}

function renderLine(e: Edit): string[] {
  const noEol = e.line.endsWith('\0noeol');
  const text = noEol ? e.line.slice(0, -'\0noeol'.length) : e.line;
  const prefix = e.op === '=' ? ' ' : e.op;
  return noEol ? [prefix + text, '\\ No newline at end of file'] : [prefix + text];
}

/** Hunks of edits with `context` unchanged lines around each change. */
function hunks(edits: Edit[], context: number): string[] {
  const out: string[] = [];
  const changed = edits.map((e, idx) => (e.op === '=' ? -1 : idx)).filter((idx) => idx >= 0);
  let h = 0;
  while (h < changed.length) {
    let end = h;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * context + 1) end++;
    const from = Math.max(0, changed[h]! - context);
    const to = Math.min(edits.length, changed[end]! + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (const e of edits.slice(0, from)) {
      if (e.op !== '+') oldLine++;
      if (e.op !== '-') newLine++;
    }
    const body = edits.slice(from, to);
    const oldCount = body.filter((e) => e.op !== '+').length;
    const newCount = body.filter((e) => e.op !== '-').length;
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`);
    for (const e of body) out.push(...renderLine(e));
    h = end + 1;
  }
  return out;
}

export interface DiffOptions {
  oldLabel?: string;
  newLabel?: string;
  context?: number;
}

/** `diff -u` of two texts; '' when they are equal. */
export function unifiedDiff(oldText: string, newText: string, opts: DiffOptions = {}): string {
  if (oldText === newText) return '';
  const a = keys(splitLines(oldText));
  const b = keys(splitLines(newText));
  const edits = toEdits(editScript(a, b), a, b);
  const lines = [`--- ${opts.oldLabel ?? 'a'}`, `+++ ${opts.newLabel ?? 'b'}`, ...hunks(edits, opts.context ?? 3)];
  return lines.join('\n') + '\n';
}

/** Whether content looks like text worth diffing (valid UTF-8, no NUL). */
export function isText(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

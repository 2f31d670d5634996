/**
 * Memoised statements. A template that reads per-object data (a hostname)
 * cannot be replayed as a whole (memo.ts), and runs in full in every object.
 * Its costly statements (loops, user function calls, create()) often do not
 * depend on that data: each of them is memoised on its own, with what it
 * read and wrote, like a template. Statements that only assign literals or
 * builtin results are cheaper to run than to check.
 */
import type { AssignmentStatement, Expr, Statement, VariableStatement } from '../ast.js';
import { subExpressions } from '../analysis/sub-expressions.js';
import { builtin } from '../builtins/registry.js';
import type { StatementRunner, TemplateRunState } from './compiled.js';
import { TemplateMemo } from './memo.js';
import { runOrReplay } from './run-template.js';

/** Whether a statement is worth recording: its value is computed by a loop, a user function or a structure template. */
export function worthMemoising(s: Statement): s is AssignmentStatement | VariableStatement {
  return (s.kind === 'assign' || s.kind === 'variable') && costly(s.expr);
}

const LOOPS = new Set(['while', 'for', 'foreach']);

function costly(e: Expr): boolean {
  if (LOOPS.has(e.kind)) return true;
  // `return(x)` is a call node too, but not a function: compile-dml.ts compiles it apart.
  if (e.kind === 'call' && (e.name === 'create' || (e.name !== 'return' && builtin(e.name) === undefined))) return true;
  return subExpressions(e).some(costly);
}

/**
 * `run` with its own memo per template prefix (a prefix changes the paths it
 * writes). Inside a structure template (create()) the statement writes into
 * the structure being built, which a recording does not see: it just runs.
 */
export function memoisedStatement(run: StatementRunner): StatementRunner {
  const memos = new Map<string, TemplateMemo>();
  return (ctx, state) => {
    if (state.structureRoot !== undefined || !ctx.session.memoising) {
      run(ctx, state);
      return;
    }
    const key = prefixKey(state);
    let memo = memos.get(key);
    if (memo === undefined) {
      memo = new TemplateMemo();
      memos.set(key, memo);
    }
    runOrReplay(ctx, memo, () => run(ctx, state));
  };
}

function prefixKey(state: TemplateRunState): string {
  if (state.prefix === null && state.absolutePrefix === undefined) return '';
  return JSON.stringify([state.prefix, state.absolutePrefix ?? null]);
}

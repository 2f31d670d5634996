/**
 * V8 settings for a build, set before the compiler's code gets hot. Each
 * worker thread is an isolate of its own and optimises the evaluator's hot
 * functions again; with V8's default inlining budget, optimising took about
 * 1.3 s of CPU per isolate on the 1000-node benchmark site (measured with
 * --no-concurrent-recompilation), on cores the other worker needed. A
 * smaller budget made a cold 2-thread build 6-9% faster with steady-state
 * speed unchanged (npm run bench; numbers in the issue 4 notes). Flags are
 * process-wide: the worker threads have them too.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytecode size inlined into one optimised function, in all (V8's default: 920). */
const INLINING_BUDGET = 120;

let tuned = false;

export function tuneEngineForBuilds(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINING_BUDGET}`);
}

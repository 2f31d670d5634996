/**
 * V8 settings for a build, set before the compiler's code gets hot and before
 * the worker threads start. Flags are process-wide: the worker threads, each
 * an isolate of its own, have them too.
 *
 * - Inlining budget. Each isolate optimises the evaluator's hot functions
 *   again; with V8's default budget, optimising took about 1.3 s of CPU per
 *   isolate on the 1000-node benchmark site (measured with
 *   --no-concurrent-recompilation), on cores the other worker needed. A
 *   smaller budget made a cold 2-thread build 6-9% faster with steady-state
 *   speed unchanged (npm run bench; numbers in the issue 4 notes). Still so
 *   under Node.js 24 (V8 13.6): 120 against 920, 3% faster in 2 A/B rounds.
 * - Young generation. Node.js 24's V8 sizes it up to 64 MB semi-spaces where
 *   Node.js 20's stopped at 16 MB: a cold N=1000 build peaked at 600 MB
 *   instead of 400 MB, and was no faster (1.5% slower, 3 A/B rounds). 16 MB
 *   is Node.js 20's default, so nothing changes there.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytecode size inlined into one optimised function, in all (V8's default: 920). */
const INLINING_BUDGET = 120;
/** Largest semi-space of the young generation, in MB. */
const MAX_SEMI_SPACE_MB = 16;

let tuned = false;

export function tuneEngineForBuilds(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINING_BUDGET}`);
  setFlagsFromString(`--max-semi-space-size=${MAX_SEMI_SPACE_MB}`);
}

/**
 * The table of Pan built-in functions. Each family lives in its own file
 * (lists.ts, strings.ts, ...) and registers its functions here.
 *
 * A built-in is either a plain function over evaluated arguments (`call`),
 * or a special form (`compile`) that receives the argument expressions:
 * `exists(X)` must not evaluate X, `debug(...)` evaluates nothing when
 * debugging is off, `first(l, k, v)` assigns to k and v...
 */
import type { Expr, SourceRange } from '../ast.js';
import type { PanValue } from '../model/values.js';
import type { Compiled, DmlCompiler } from '../eval/compile-dml.js';
import type { Frame } from '../eval/frame.js';

export interface CallSite {
  readonly name: string;
  readonly file: string;
  readonly loc: SourceRange;
}

export interface BuiltinSpec {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Depends only on its arguments: folded at compile time when they are all constants. */
  readonly pure?: boolean;
  /** Plain built-in over evaluated arguments; throws PanError (located by the caller). */
  readonly call?: (args: PanValue[], f: Frame, site: CallSite) => PanValue;
  /** Special form: builds its own closure from the argument expressions. */
  readonly compile?: (args: readonly Expr[], c: DmlCompiler, site: CallSite) => Compiled;
  /** Compile-time checks of the arguments that are constants (undefined where not constant). */
  readonly check?: (consts: readonly (PanValue | undefined)[], site: CallSite) => void;
  /** Message for a wrong argument count (default: generic). */
  readonly arityMessage?: string;
}

const table = new Map<string, BuiltinSpec>();

export function registerBuiltins(specs: readonly BuiltinSpec[]): void {
  // One object shape for all: the compiler reads these fields at every call it compiles,
  // and specs of a dozen shapes made V8 drop its optimised code again and again.
  for (const s of specs) {
    table.set(s.name, {
      name: s.name, minArgs: s.minArgs, maxArgs: s.maxArgs, pure: s.pure ?? false,
      call: s.call, compile: s.compile, check: s.check, arityMessage: s.arityMessage,
    });
  }
}

export function builtin(name: string): BuiltinSpec | undefined {
  return table.get(name);
}

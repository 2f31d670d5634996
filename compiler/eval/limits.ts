/** The run-away guards: --max-iteration and --max-recursion. */
import type { SourceRange } from '../ast.js';
import { PanError } from '../errors.js';

export function iterationLimitError(max: number, file: string, loc: SourceRange): PanError {
  return new PanError('evaluation', `iteration limit exceeded: a loop ran more than ${max} times (--max-iteration)`, file, loc);
}

export function recursionLimitError(max: number, file: string, loc: SourceRange): PanError {
  return new PanError('evaluation', `recursion limit exceeded: call depth above ${max} (--max-recursion)`, file, loc);
}

/** A PanError as plain data, to cross thread boundaries and to be kept in the build cache. */
import type { SourceRange } from '../ast.js';
import { PanError, type ErrorKind } from '../errors.js';

export interface ErrorData {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly file?: string;
  readonly range?: SourceRange;
  readonly details: readonly string[];
}

export function errorData(e: PanError): ErrorData {
  return { kind: e.kind, message: e.message, file: e.file, range: e.range, details: [...e.details] };
}

export function panErrorOf(d: ErrorData): PanError {
  return new PanError(d.kind, d.message, d.file, d.range, [...d.details]);
}

/**
 * Compiler errors, printed the way panc prints them:
 *
 *   <kind> error [<file>:<line>.<col>-<line>.<col>]
 *   <message>
 *   <further lines: trace, element path, type...>
 *
 * Every failure the compiler reports is a PanError; anything else reaching
 * the command line is a bug and is reported as a `system error`.
 */
import type { SourceRange } from './ast.js';

export type ErrorKind = 'parse' | 'syntax' | 'evaluation' | 'validation' | 'system';

export class PanError extends Error {
  readonly kind: ErrorKind;
  /** File the error refers to (template or object file); may be absent for system errors. */
  file: string | undefined;
  range: SourceRange | undefined;
  /** Lines printed after the message: call/include trace, element path, type info. */
  readonly details: string[];

  constructor(kind: ErrorKind, message: string, file?: string, range?: SourceRange, details: string[] = []) {
    super(message);
    this.name = 'PanError';
    this.kind = kind;
    this.file = file;
    this.range = range;
    this.details = details;
  }

  /** First line: `evaluation error [a/b.pan:3.7-3.32]`. */
  header(): string {
    return `${this.kind} error [${formatLocation(this.file, this.range)}]`;
  }

  /** Full text as printed by the command line (no trailing newline). */
  format(): string {
    return [this.header(), this.message, ...this.details].join('\n');
  }

  /** Attach a location if the error does not have one yet (errors raised deep in built-ins). */
  locate(file: string | undefined, range: SourceRange | undefined): this {
    if (this.file === undefined && this.range === undefined) {
      this.file = file;
      this.range = range;
    }
    return this;
  }
}

export function formatRange(r: SourceRange): string {
  return `${r.startLine}.${r.startCol}-${r.endLine}.${r.endCol}`;
}

export function formatLocation(file: string | undefined, range: SourceRange | undefined): string {
  if (file === undefined) return range ? formatRange(range) : '?';
  return range ? `${file}:${formatRange(range)}` : file;
}

export function parseError(message: string, file?: string, range?: SourceRange): PanError {
  return new PanError('parse', message, file, range);
}

export function syntaxError(message: string, file?: string, range?: SourceRange): PanError {
  return new PanError('syntax', message, file, range);
}

/** Wrap anything thrown into a PanError so that no stack trace ever reaches a user. */
export function asPanError(e: unknown, file?: string): PanError {
  if (e instanceof PanError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new PanError('evaluation', 'maximum recursion depth exceeded (JavaScript stack)', file);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new PanError('system', message, file);
}

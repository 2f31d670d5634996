/**
 * Source text of statements, to show beside their locations: each file read
 * once, only when a statement in it is shown.
 */
import { readFileSync } from 'node:fs';
import type { SourceRange } from '../ast.js';

/** Longest statement text shown. */
const MAX_TEXT = 100;

export class SourceLines {
  private readonly files = new Map<string, string[] | null>();

  private lines(file: string): string[] | null {
    let l = this.files.get(file);
    if (l === undefined) {
      try {
        l = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        l = null;
      }
      this.files.set(file, l);
    }
    return l;
  }

  /** The statement's text from its start (its first line; `...` when it goes on or is long). */
  statement(file: string, loc: SourceRange): string | undefined {
    const line = this.lines(file)?.[loc.startLine - 1];
    if (line === undefined) return undefined;
    let text = line.slice(Math.max(0, loc.startCol - 1)).trimEnd();
    if (loc.endLine === loc.startLine) text = line.slice(Math.max(0, loc.startCol - 1), loc.endCol).trimEnd();
    const more = loc.endLine > loc.startLine;
    if (text.length > MAX_TEXT) return text.slice(0, MAX_TEXT - 3) + '...';
    return more ? `${text} ...` : text;
  }
}

/**
 * Whether two syntax trees say the same thing, wherever it is written: equal
 * in everything but their source ranges. An edit of comments or layout (a
 * comment added, lines re-indented) changes a template's text and the
 * positions in its tree, and nothing else; the build cache then keeps the
 * profiles built from it (compiler/build/syntax-cutoff.ts).
 */
import type { SourceRange } from '../ast.js';

/** A source range and nothing else (a node holding other fields beside these is compared in full). */
function isRange(v: object): v is SourceRange {
  return 'startLine' in v && 'startCol' in v && 'endLine' in v && 'endCol' in v && Object.keys(v).length === 4;
}

/** Deep equality of plain syntax-tree data, source ranges excepted. */
export function sameSyntax(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameSyntax(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (isRange(a) && isRange(b)) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) if (!(k in rb) || !sameSyntax(ra[k], rb[k])) return false;
  return true;
}

/**
 * Early cutoff for edits of comments and layout. A template whose text
 * changed has a new content hash, and every profile that loaded it would be
 * compiled again; but when its new syntax tree equals the recorded text's
 * tree in everything but source positions (compiler/analysis/same-syntax.ts),
 * what the profiles compute is the same. Only their messages may differ: a
 * warning names its line. So the build cache keeps them, unless a message of
 * theirs names the edited file (driver.ts classify).
 *
 * The recorded text's tree comes from the parse cache, which keeps the trees
 * of templates of 1 KiB or more, and of smaller ones two profiles load
 * (template-parser.ts keepSharedTree): a host's own small templates have no
 * cutoff, and their edit recompiles one profile anyway. Nor has a tree
 * past MAX_TREE_BYTES: reading it back costs more than the check is likely
 * to save (a 10,000-host table's 9 MB tree takes 0.25 s, and its edits add
 * hosts rather than comments).
 */
import { sameSyntax } from '../analysis/same-syntax.js';
import { readIfHash } from '../loader/file-state.js';
import type { ParseCache } from '../loader/parse-cache.js';
import { loadParser, parseTemplateSource, useParseCache } from '../loader/template-parser.js';
import { syntaxKey, type ChangedText } from './build-cache.js';

const MAX_TREE_BYTES = 4 << 20;

/** Keys (syntaxKey) of the changes that left the syntax tree as it was. */
export async function sameSyntaxChanges(changed: Iterable<ChangedText>, parseCache: ParseCache | undefined): Promise<Set<string>> {
  const same = new Set<string>();
  if (parseCache === undefined) return same;
  for (const c of changed) {
    const size = parseCache.sizeOf(c.recorded);
    if (size === undefined || size > MAX_TREE_BYTES) continue;
    const before = parseCache.get(c.recorded);
    if (before === undefined) continue;
    const bytes = readIfHash(c.path, c.now);
    if (bytes === undefined) continue; // changed again meanwhile: compiled
    await loadParser(); // the build needs it anyway when the tree did change
    useParseCache(parseCache); // the new tree is kept: the build reads it from there
    try {
      if (sameSyntax(before, parseTemplateSource(bytes.toString('utf8'), c.now, c.path))) same.add(syntaxKey(c.path, c.recorded, c.now));
    } catch {
      // A syntax error: the profiles are compiled, and report it.
    }
  }
  return same;
}

/** Whether one of the messages recorded for a profile names one of `files`. */
export function messagesName(reports: readonly { readonly warnings: readonly string[]; readonly debug: readonly string[] }[], files: ReadonlySet<string>): boolean {
  const paths = [...files];
  const names = (lines: readonly string[]): boolean => lines.some((line) => paths.some((f) => line.includes(f)));
  return reports.some((r) => names(r.warnings) || names(r.debug));
}

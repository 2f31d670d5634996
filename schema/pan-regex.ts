/**
 * JSON Schema patterns (ECMAScript regular expressions) as Pan regular
 * expressions (Java's java.util.regex), for the generated `match()` checks.
 *
 * The schemas use a common subset of the two dialects; this module checks
 * that a pattern stays inside it and fixes the one anchor that differs:
 * Java's `$` also matches before a final line terminator, so `^[a-z]+$`
 * accepts "abc\n" in Java and not in JavaScript. The end anchor becomes
 * `\z` (absolute end), which only Java has.
 */

export class PatternError extends Error {
  constructor(pattern: string, message: string) {
    super(`pattern ${JSON.stringify(pattern)}: ${message}`);
    this.name = 'PatternError';
  }
}

/** Java regex equivalent of an anchored (`^...$`) JSON Schema pattern. */
export function toJavaRegex(pattern: string): string {
  if (!pattern.startsWith('^')) throw new PatternError(pattern, "must start with '^'");
  if (!pattern.endsWith('$') || pattern.endsWith('\\$')) throw new PatternError(pattern, "must end with an unescaped '$'");
  const inner = pattern.slice(1, -1);
  checkCommonSubset(pattern, inner);
  return `^${inner}\\z`;
}

/** Reject constructs that the two dialects read differently or that only one knows. */
function checkCommonSubset(pattern: string, inner: string): void {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') {
      const next = inner[i + 1] ?? '';
      if ('pPkuc'.includes(next)) throw new PatternError(pattern, `escape \\${next} is not read alike by JavaScript and Java`);
      if (next === 'x' && !/^[0-9a-fA-F]{2}$/.test(inner.slice(i + 2, i + 4))) throw new PatternError(pattern, '\\x needs two hex digits');
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[') throw new PatternError(pattern, "an unescaped '[' in a character class is a nested class in Java");
      if (c === '&' && inner[i + 1] === '&') throw new PatternError(pattern, "'&&' in a character class is an intersection in Java");
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      if (inner.startsWith('[^]', i) || inner.startsWith('[]', i)) throw new PatternError(pattern, "'[]' and '[^]' differ between JavaScript and Java (write a literal ']' as '\\]')");
      inClass = true;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) throw new PatternError(pattern, "top-level '|' would escape the anchors: group the alternatives");
    else if ((c === '^' || c === '$') && depth === 0) throw new PatternError(pattern, `'${c}' only belongs at the ends or inside a group`);
  }
  if (inClass) throw new PatternError(pattern, 'unterminated character class');
  if (depth !== 0) throw new PatternError(pattern, 'unbalanced parentheses');
}

/** Escape a literal for use inside a regular expression (same in both dialects). */
export function regexLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`);
}

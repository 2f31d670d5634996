import { describe, expect, it } from 'vitest';
import { compileJavaRegex, javaFind, javaMatchGroups, javaQuote, javaReplaceAll, javaSplit, translateJavaRegex } from './regex.js';
import { JavaRegexError } from './errors.js';
import { fixtureLines } from './fixtures.js';

/** The operations Rx.java ran on the real JDK: C compile, G groups of find(), R replaceAll, S split. */
function run(c: string[]): unknown {
  const [op, pat, s, extra] = c;
  try {
    switch (op) {
      case 'C':
        compileJavaRegex(pat);
        return 'OK';
      case 'G': {
        const g = javaMatchGroups(pat, s);
        return g === null ? null : g.map((x) => (x === undefined ? null : x));
      }
      case 'R':
        return javaReplaceAll(pat, s, extra);
      default:
        return javaSplit(pat, s, Number(extra));
    }
  } catch (e) {
    const j = e as { javaClass?: string; message: string };
    if (j.javaClass === undefined) throw e;
    return `!${j.javaClass}: ${j.message}`;
  }
}

describe('Java regular expressions against the real JDK 17', () => {
  it('agree on the recorded table (curated Quattor-style patterns, dialect differences, errors, fuzzed patterns)', () => {
    const lines = fixtureLines('regex.jdk17.jsonl');
    expect(lines.length).toBeGreaterThan(5000);
    const wrong: string[] = [];
    for (const line of lines) {
      const tab = line.lastIndexOf('\t');
      const c = JSON.parse(line.slice(0, tab)) as string[];
      const expected = JSON.parse(line.slice(tab + 1)) as unknown;
      const got = run(c);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        wrong.push(`${JSON.stringify(c)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});

describe('compileJavaRegex', () => {
  it('caches: the same pattern gives the same RegExp', () => {
    expect(compileJavaRegex('^a+$')).toBe(compileJavaRegex('^a+$'));
    expect(compileJavaRegex('^a+$', 'i')).not.toBe(compileJavaRegex('^a+$'));
  });

  it('takes Java flag letters', () => {
    expect(javaFind(compileJavaRegex('^abc$', 'i'), 'ABC')).toBe(true);
    expect(javaFind(compileJavaRegex('a.c', 'L'), 'abc')).toBe(false);
    expect(javaFind(compileJavaRegex('a.c', 'L'), 'a.c')).toBe(true);
    expect(() => compileJavaRegex('a', 'q')).toThrow(/Unknown regular expression flag/);
  });

  it('reports syntax errors like PatternSyntaxException', () => {
    let error: unknown;
    try {
      compileJavaRegex('ab[cd');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JavaRegexError);
    expect(error).toMatchObject({
      javaClass: 'java.util.regex.PatternSyntaxException',
      description: 'Unclosed character class',
      index: 4,
      message: 'Unclosed character class near index 4\nab[cd\n    ^',
    });
    // Cached errors are thrown again.
    expect(() => compileJavaRegex('ab[cd')).toThrow(JavaRegexError);
  });

  it('emulates what JavaScript lacks', () => {
    // Scoped case-insensitivity is ASCII-only without UNICODE_CASE.
    expect(javaFind('a(?i:b)c', 'aBc')).toBe(true);
    expect(javaFind('a(?i:b)c', 'ABc')).toBe(false);
    expect(javaFind('(?i)\u00e9', '\u00c9')).toBe(false);
    expect(javaFind('(?iu)\u00e9', '\u00c9')).toBe(true);
    // Possessive and atomic never give back.
    expect(javaFind('^a*+a$', 'aaa')).toBe(false);
    expect(javaFind('^(?>a|ab)c$', 'abc')).toBe(false);
    // Class algebra.
    expect(javaMatchGroups('[a-z&&[^aeiou]]+', 'queue xyz')?.[0]).toBe('q');
    // $ before a final line terminator; . excludes all line terminators.
    expect(javaFind('^abc$', 'abc\n')).toBe(true);
    expect(javaFind('^abc$', 'abc\n\n')).toBe(false);
    expect(javaFind('^a.c$', 'a\u2028c')).toBe(false);
    // \s is ASCII; \b uses Character.isLetterOrDigit (JDK 17).
    expect(javaFind('\\s', '\u00a0')).toBe(false);
    expect(javaFind('\\bt\u00e9\\b', 'x t\u00e9 y')).toBe(true);
    // POSIX classes are ASCII; \p{L} is Unicode.
    expect(javaFind('^\\p{Alpha}+$', '\u00e9t\u00e9')).toBe(false);
    expect(javaFind('^\\p{L}+$', '\u00e9t\u00e9')).toBe(true);
    expect(javaFind('^\\p{InGreek}+$', '\u03b1\u03b2')).toBe(true);
  });

  it('keeps Java group numbers when emulation adds JavaScript groups', () => {
    expect(translateJavaRegex('(?>(a))(b)')).toBe('(?=((a)))(?:\\1)(b)');
    expect(javaMatchGroups('(?>(a))(b)', 'ab')).toEqual(['ab', 'a', 'b']);
    expect(javaMatchGroups('(x)*+(?<n>y)', 'xxy')).toEqual(['xxy', 'x', 'y']);
  });

  it('documents the known differences from Java', () => {
    // \N{name} needs Unicode's name table, \b{g} grapheme rules: reported, not mistranslated.
    expect(() => compileJavaRegex('\\N{LATIN SMALL LETTER A}')).toThrow(/Unsupported character name/);
    expect(() => compileJavaRegex('x\\b{g}')).toThrow(/not supported/);
    // A reference to a group that did not take part matches empty in JavaScript (Java: no match).
    expect(javaMatchGroups('(a)?b\\1', 'b')).toEqual(['b', undefined]);
  });
});

describe('Matcher and String helpers', () => {
  it('javaReplaceAll expands $n, ${name} and escapes like Matcher', () => {
    expect(javaReplaceAll('(\\w+)@(?<host>\\w+)', 'joe@x, bob@y', '${host}:$1 \\$')).toBe('x:joe $, y:bob $');
    expect(javaReplaceAll('a*', 'baaac', 'X')).toBe('XbXXcX');
    expect(javaReplaceAll('(a)', 'a', '$12')).toBe('a2');
    expect(javaReplaceAll('x', 'abc', '$5')).toBe('abc'); // no match: replacement never read
    expect(() => javaReplaceAll('a', 'a', '$5')).toThrow('No group 5');
    expect(() => javaReplaceAll('a', 'a', 'x\\')).toThrow('character to be escaped is missing');
    expect(() => javaReplaceAll('a', 'a', '${nope}')).toThrow('No group with name {nope}');
  });

  it('javaSplit follows String.split limits and Java 8+ leading-empty rule', () => {
    expect(javaSplit(',', 'a,b,,c,,')).toEqual(['a', 'b', '', 'c']);
    expect(javaSplit(',', 'a,b,,c,,', -1)).toEqual(['a', 'b', '', 'c', '', '']);
    expect(javaSplit(',', 'a,b,,c,,', 2)).toEqual(['a', 'b,,c,,']);
    expect(javaSplit('', 'abc')).toEqual(['a', 'b', 'c']);
    expect(javaSplit(',', '')).toEqual(['']);
    expect(javaSplit(',', ',')).toEqual([]);
  });

  it('supports \\G as the end of the previous match', () => {
    expect(javaReplaceAll('\\Ga', 'aab', 'X')).toBe('XXb');
    expect(javaReplaceAll('(?:a|\\G)b', 'bab', 'X')).toBe('XX');
    expect(javaFind('b\\G', 'ab')).toBe(false);
  });

  it('javaQuote makes a literal pattern', () => {
    for (const s of ['a.b*c', 'x\\Ey', '\\E\\Q', '']) {
      expect(javaMatchGroups(javaQuote(s), `<${s}>`)?.[0]).toBe(s);
    }
  });
});

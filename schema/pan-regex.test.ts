import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, loadFixture, loadInvalidVariants } from './fixtures.js';
import type { JsonSchema } from './json-schema.js';
import { PatternError, regexLiteral, toJavaRegex } from './pan-regex.js';
import { enumRegex } from './pan-types.js';
import { repositoryRoot } from './repo-root.js';
import { SCHEMA_FILES } from './schemas.js';

describe('toJavaRegex', () => {
  it('keeps the pattern and ends it at the absolute end of input', () => {
    expect(toJavaRegex('^[a-z]+$')).toBe('^[a-z]+\\z');
    expect(toJavaRegex('^(a|b)(?!x$)c$')).toBe('^(a|b)(?!x$)c\\z');
  });

  it.each([
    ['[a-z]+$', "must start with '^'"],
    ['^[a-z]+', "must end with an unescaped '$'"],
    ['^a\\$', "must end with an unescaped '$'"],
    ['^a|b$', "top-level '|'"],
    ['^a^b$', "only belongs at the ends"],
    ['^[a[b]]$', 'nested class in Java'],
    ['^[a-z&&[^c]]$', 'intersection in Java'],
    ['^[a-z&&c]$', 'intersection in Java'],
    ['^[]a]$', "literal ']'"],
    ['^[^]a]$', "'[]' and '[^]' differ"],
    ['^\\p{L}$', 'not read alike'],
    ['^\\u{41}$', 'not read alike'],
    ['^\\x4$', 'two hex digits'],
    ['^(a$', 'unbalanced'],
    ['^[a$', 'unterminated'],
  ])('rejects %s', (pattern, message) => {
    expect(() => toJavaRegex(pattern)).toThrow(PatternError);
    expect(() => toJavaRegex(pattern)).toThrow(message);
  });

  it('escapes literals for both dialects', () => {
    const literal = 'a.b+c(d)|e$^[f]{g}\\h-i/j';
    expect(new RegExp(`^${regexLiteral(literal)}$`, 'u').test(literal)).toBe(true);
    expect(new RegExp(`^${regexLiteral(literal)}$`, 'u').test('aXb+c(d)|e$^[f]{g}\\h-i/j')).toBe(false);
  });
});

// ---------------------------------------------------------------- JavaScript vs java.util.regex

interface RegexCase {
  where: string;
  /** What the JSON Schema (ajv, JavaScript) accepts. */
  accepts: (s: string) => boolean;
  /** The regex the generated Pan gives to match(). */
  java: string;
  /** The schema's own pattern, to show what Java would do without the translation. */
  raw?: string;
}

function collectCases(schema: JsonSchema, where: string, out: RegexCase[]): void {
  if (schema.pattern !== undefined) {
    const re = new RegExp(schema.pattern, 'u');
    out.push({ where, accepts: (s) => re.test(s), java: toJavaRegex(schema.pattern), raw: schema.pattern });
  }
  if (schema.enum !== undefined) {
    const values = schema.enum.map(String);
    out.push({ where: `${where} (enum)`, accepts: (s) => values.includes(s), java: enumRegex(schema.enum) });
  }
  for (const map of ['properties', '$defs'] as const) {
    for (const [k, sub] of Object.entries(schema[map] ?? {})) collectCases(sub, `${where}/${k}`, out);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'if', 'then'] as const) {
    const sub = schema[key];
    if (typeof sub === 'object') collectCases(sub, `${where}/${key}`, out);
  }
  (schema.allOf ?? []).forEach((sub, i) => collectCases(sub, `${where}/allOf/${i}`, out));
}

function collectStrings(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      collectStrings(v, out);
    }
  }
}

/** Realistic strings (every string and key of the fixtures), and each broken in the usual ways. */
function subjects(cases: RegexCase[]): string[] {
  const base = new Set<string>(['', ' ', 'a', 'A', '0', '-', '.', '..', '/', '//', '/.', '/..', '/a/../b', 'a/./b', 'é', 'x'.repeat(300)]);
  for (const name of Object.values(FIXTURES)) collectStrings(loadFixture(name), base);
  for (const v of loadInvalidVariants()) collectStrings(v.set ?? {}, base);
  for (const c of cases) if (c.where.endsWith('(enum)')) for (const s of [...base]) if (c.accepts(s)) base.add(s);
  const all = new Set(base);
  for (const s of base) {
    for (const bad of ['\n', '\r', '\u0000', '\u007f', '\u0085', '\u2028', '"', "'", ';', '{', '}', '`', '$', '\\', ' ', '#']) {
      const mid = Math.floor(s.length / 2);
      all.add(s.slice(0, mid) + bad + s.slice(mid));
    }
    all.add(`${s}\n`);
    all.add(`${s}\r\n`);
    all.add(`\n${s}`);
  }
  return [...all];
}

async function runJava(patterns: string[], subjectList: string[], dir: string): Promise<string[]> {
  const input = join(dir, 'regex-input.txt');
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  writeFileSync(input, [...subjectList.map((s) => `S ${b64(s)}`), ...patterns.map((p) => `P ${b64(p)}`)].join('\n'));
  const source = join(repositoryRoot(), 'schema', 'java', 'RegexCheck.java');
  try {
    const { stdout } = await execa('java', [source, input], { timeout: 60_000 });
    return stdout.split('\n');
  } catch (e) {
    throw new Error(`java (Debian package default-jdk-headless) must run ${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

describe('generated Pan regexes behave in Java as the schema patterns do in JavaScript', () => {
  const dir = mkdtempSync(join(tmpdir(), 'panfab-regex-'));
  const cases: RegexCase[] = [];
  for (const { file, schema } of SCHEMA_FILES) collectCases(schema, file, cases);
  const anchored = cases.filter((c) => c.raw !== undefined);
  const subjectList = subjects(cases);
  /** Java's verdicts: one row per translated pattern, then one per raw pattern. */
  let rows: string[] = [];

  beforeAll(async () => {
    // One JVM for everything: starting Java dominates the cost.
    rows = await runJava([...cases.map((c) => c.java), ...anchored.map((c) => c.raw as string)], subjectList, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on every fixture string and its broken variants (java.util.regex, find and matches)', () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(subjectList.length).toBeGreaterThan(5000);
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const row = rows[i] ?? '';
      expect(row.length, c.where).toBe(subjectList.length * 2);
      let accepted = 0;
      subjectList.forEach((s, j) => {
        const js = c.accepts(s);
        if (js) accepted++;
        const find = row[2 * j] === '1';
        const matches = row[2 * j + 1] === '1';
        if (find !== js || matches !== js) mismatches.push(`${c.where} ${c.java} on ${JSON.stringify(s)}: js=${js} find=${find} matches=${matches}`);
      });
      // Each regex is exercised on both sides of its boundary.
      expect(accepted, `${c.where} accepts no sample`).toBeGreaterThan(0);
      expect(accepted, `${c.where} rejects no sample`).toBeLessThan(subjectList.length);
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it("without the translation, Java's $ would let a trailing newline through", () => {
    const rawRows = rows.slice(cases.length);
    const leaks = anchored.filter((c, i) => subjectList.some((s, j) => s.endsWith('\n') && !c.accepts(s) && rawRows[i]?.[2 * j] === '1'));
    expect(leaks.length).toBeGreaterThan(anchored.length / 2);
  });
});

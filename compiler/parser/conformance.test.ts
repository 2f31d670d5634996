/**
 * The parser against panc's own functional tests (../shared/conformance/pan-suite):
 * a main template whose last `@expect` names org.quattor.pan.parser.ParseException
 * must fail with a parse error; every other .pan file there (other expectations,
 * helpers) must parse, since its errors belong to later stages.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { panFilesIn } from '../loader/pan-files.js';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PanError } from '../errors.js';
import { parseTemplate } from './index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suite = resolve(repoRoot, '..', 'shared', 'conformance', 'pan-suite');

// Header patterns of the suite's README, matched against whole lines.
const ERROR_EXPECT = /^#\s*@expect\s*=\s*([\w.]+)(?:\s*"(.*)")?\s*$/;
const XPATH_EXPECT = /^#\s*@expect\s*=\s*"(.*)"\s*$/;

/** The exception class named by the last `@expect` line, '' for XPath, undefined if none. */
function lastExpectation(source: string): string | undefined {
  let last: string | undefined;
  for (const line of source.split(/\r?\n/)) {
    const error = ERROR_EXPECT.exec(line);
    if (error !== null) last = error[1];
    else if (XPATH_EXPECT.test(line)) last = '';
  }
  return last;
}

function parseOutcome(source: string, file: string): string {
  try {
    parseTemplate(source, file);
    return 'parsed';
  } catch (e) {
    return e instanceof PanError ? `${e.kind} error: ${e.format()}` : `crash: ${String(e)}`;
  }
}

describe('conformance suite (pan-suite)', () => {
  const files = panFilesIn(suite, { recursive: true });

  it('has the suite', () => {
    expect(files.length).toBeGreaterThan(300);
  });

  it('fails exactly the ParseException cases, with parse errors', () => {
    const mismatches: string[] = [];
    let parseCases = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const wantsParseError = lastExpectation(source) === 'org.quattor.pan.parser.ParseException';
      if (wantsParseError) parseCases++;
      const outcome = parseOutcome(source, file);
      const ok = wantsParseError ? outcome.startsWith('parse error') : outcome === 'parsed';
      if (!ok) mismatches.push(`${relative(suite, file)}: expected ${wantsParseError ? 'a parse error' : 'to parse'}, got ${outcome}`);
    }
    expect(parseCases).toBeGreaterThanOrEqual(12);
    expect(mismatches).toEqual([]);
  });
});

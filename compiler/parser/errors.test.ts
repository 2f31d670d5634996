import { describe, expect, it } from 'vitest';
import { PanError, formatRange } from '../errors.js';
import { parseTemplate } from './index.js';

/** The PanError parseTemplate throws for `source`, as `[range, message]`. */
function failure(source: string): [string, string] {
  try {
    parseTemplate(source, 'bad.pan');
  } catch (e) {
    expect(e).toBeInstanceOf(PanError);
    const error = e as PanError;
    expect(error.kind).toBe('parse');
    expect(error.file).toBe('bad.pan');
    expect(error.range).toBeDefined();
    return [formatRange(error.range!), error.message];
  }
  throw new Error(`parsed without error: ${JSON.stringify(source)}`);
}

const T = 'template t;\n';

describe('parse error messages and ranges', () => {
  it.each([
    // The conformance suite's ParseException cases.
    [`${T}'/x' = ;`, '2.8-2.8', "unexpected ';', expecting an expression"],
    [`${T}"/x" = "\\xx";`, '2.9-2.10', "invalid escape sequence '\\x'"],
    [`${T}"/x" = "\n`, '2.8-2.8', 'unterminated string'],
    [`${T}"/x" = <<EOT;\nxx\n EOT\n`, '2.8-2.12', "unterminated here-document: no line 'EOT' after it"],
    [`${T}"/x1" = 'foo'';\n`, '2.9-2.9', 'unterminated string'],
    [`${T}"/x" = "line 1 \\ \nline 2";`, '2.16-2.17', "invalid escape sequence '\\ '"],
    [`${T}"/x" = "line 1\nline 2";`, '2.8-2.14', 'unterminated string'],
    ['@(a&=b)\nobject template a;', '1.4-1.4', "invalid annotation entry at '&'"],
    ['@(\na=b\nc&=d)\nobject template a;', '3.2-3.2', "invalid annotation entry at '&'"],
    ['#\n# only comments\n\n', '2.16-2.16', "unexpected end of file, expecting 'template'"],
    ['', '1.1-1.1', "unexpected end of file, expecting 'template'"],
    ['object template c;\ntype mychoice = choice();', '2.24-2.24', "unexpected ')', expecting an expression"],
    [`${T}"/x" = .1;`, '2.8-2.8', "unexpected character '.'"],
    // Grammar.
    ['object template x', '1.18-1.18', "unexpected end of file, expecting ';'"],
    ['template;', '1.9-1.9', "unexpected ';', expecting a template name"],
    ['objet template x;', '1.1-1.5', "unexpected 'objet', expecting 'template'"],
    [`${T}'/x' = f(1;`, '2.11-2.11', "unexpected ';', expecting ')'"],
    [`${T}type t = ;`, '2.10-2.10', "unexpected ';', expecting a type"],
    [`${T}bind x = long;`, '2.6-2.6', "unexpected 'x', expecting a path"],
    [`${T}foo;`, '2.1-2.3', "unexpected 'foo', expecting a statement"],
    [`${T}final foo = 1;`, '2.7-2.9', "unexpected 'foo', expecting 'variable', a string or a path"],
    [`${T}variable X 5;`, '2.12-2.12', "unexpected '5', expecting '=' or '?='"],
    [`${T}type t = { 'a' long };`, '2.16-2.19', "unexpected 'long', expecting ':' or '?'"],
    [`${T}'/x' = "a" "b";`, '2.12-2.14', 'unexpected string "b", expecting \';\''],
    [`${T}'/x' = { a = 1 b = 2 };`, '2.16-2.16', "unexpected 'b', expecting '}'"],
    [`${T}'/x' = (a) = 1;`, '2.12-2.12', 'only a variable, possibly subscripted, can be assigned to'],
    [`${T}'/x' = f(x) = 1;`, '2.13-2.13', 'only a variable, possibly subscripted, can be assigned to'],
    [`${T}variable choice = 1;`, '2.10-2.15', "unexpected 'choice', expecting a name"],
    [`${T}'/x' = foreach (k, v, l) 1;`, '2.18-2.18', "unexpected ',', expecting ';'"],
    // Literals.
    [`${T}'/x' = 9223372036854775808;`, '2.8-2.26', "number '9223372036854775808' is out of the 64-bit signed range"],
    [`${T}'/x' = 0x8000000000000000;`, '2.8-2.25', "number '0x8000000000000000' is out of the 64-bit signed range"],
    [`${T}'/x' = 09;`, '2.8-2.9', "invalid octal number '09'"],
    [`${T}'/x' = 1e999;`, '2.8-2.12', "number '1e999' is out of the double range"],
    [`${T}type t = long(0..99999999999999999999);`, '2.18-2.37', "number '99999999999999999999' is out of the 64-bit signed range"],
    [`${T}@{ never closed\n'/x' = 1;`, '2.1-2.2', 'unterminated annotation'],
    [`${T}'/x' = \x01;`, '2.8-2.8', "unexpected character '\\u0001'"],
  ])('%j', (source, range, message) => {
    expect(failure(source)).toEqual([range, message]);
  });

  it('reports the first problem in reading order, lexical or grammatical', () => {
    expect(failure(`${T}'/x' = ;\n'/y' = "\\q";`)).toEqual(['2.8-2.8', "unexpected ';', expecting an expression"]);
    expect(failure(`${T}'/y' = "\\q";\n'/x' = ;`)).toEqual(['2.9-2.10', "invalid escape sequence '\\q'"]);
    expect(failure(`${T}'/x' = 1 +\n"unterminated`)).toEqual(['3.1-3.13', 'unterminated string']);
  });

  it('reports excessive nesting instead of overflowing the stack', () => {
    const [range, message] = failure(`${T}'/x' = ${'('.repeat(100_000)}1${')'.repeat(100_000)};`);
    expect(message).toBe('expression nested too deeply');
    expect(range).toMatch(/^2\.\d+-2\.\d+$/);
  });

  it('still parses after an error (the shared parser is reset)', () => {
    failure(`${T}'/x' = ;`);
    expect(parseTemplate(`${T}'/x' = 1;`, 'ok.pan').statements).toHaveLength(1);
  });
});

// ------------------------------------------------------------------ fuzzing

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLE = `@{ Sample using every construct }
@(author=me, version='1.0')
unique template fuzz/sample;

include 'a/b';
include { if (exists('c')) 'c' else null };
final variable X ?= list(1, 2.5, 0x1f, 017, "s\\t", 'q''q', true, false, undef);
variable H = <<EOF;
here
EOF
prefix '/software';
'a/b' = dict('k', -1 * (2 + 3) % 4);
/c/d = X[0]['k'];
bind '/e' = t_rec[]{}*;
valid '/e' = SELF != null && length(SELF) >= 0 || !~0;
type t_rec = extensible {
  @documentation{ field {doc} }
  include base
  'a' : long(-0x5..10) = 5 with SELF > 0
  b ? choice('x', 'y',)(1..)
};
function f = {
  foreach (k; v; ARGV) { r[k] = v; };
  for (i = 0; i < 3; i = i + 1) r = i;
  while (false) { ; };
  if (ARGC > 0) return(r) else return(null);
};
`;

/** Parsing must either succeed or throw a located PanError of kind 'parse'. */
function checkNoCrash(source: string): void {
  try {
    parseTemplate(source, 'fuzz.pan');
  } catch (e) {
    if (!(e instanceof PanError) || e.kind !== 'parse' || e.range === undefined) {
      throw new Error(`bad failure for ${JSON.stringify(source)}: ${String(e)}`);
    }
    const lines = source.split(/\r\n|\r|\n/).length;
    expect(e.range.startLine).toBeGreaterThanOrEqual(1);
    expect(e.range.startLine).toBeLessThanOrEqual(lines);
    expect(e.range.startCol).toBeGreaterThanOrEqual(1);
  }
}

describe('fuzzing', () => {
  it('the sample itself parses', () => {
    expect(parseTemplate(SAMPLE, 'sample.pan').statements).toHaveLength(11);
  });

  it('never crashes on the sample truncated at every offset', () => {
    for (let end = 0; end < SAMPLE.length; end++) checkNoCrash(SAMPLE.slice(0, end));
  });

  it('never crashes on the sample with random characters replaced, inserted or deleted', () => {
    const next = random(42);
    const alphabet = '\'"\\{}()[];:?=<>!@#$%^&*-+/.,~|\n\t 0xAZaz_19eE\r\u00e9\u0000';
    for (let round = 0; round < 600; round++) {
      const at = Math.floor(next() * SAMPLE.length);
      const ch = alphabet.charAt(Math.floor(next() * alphabet.length));
      const edit = next();
      const mutated =
        edit < 0.4 ? SAMPLE.slice(0, at) + ch + SAMPLE.slice(at + 1)
        : edit < 0.8 ? SAMPLE.slice(0, at) + ch + SAMPLE.slice(at)
        : SAMPLE.slice(0, at) + SAMPLE.slice(at + 1 + Math.floor(next() * 20));
      checkNoCrash(mutated);
    }
  });

  it('never crashes on random bytes', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(next() * 200);
      let text = round % 2 === 0 ? 'object template r;\n' : '';
      for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(next() * 256));
      checkNoCrash(text);
    }
  });
});

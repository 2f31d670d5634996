/**
 * The Pan conformance suite (shared/conformance/README.md): discovery of
 * units, their header lines, and the verdict on a compilation's outcome.
 * Running the compiler is runner.ts's job; this file only reads files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import type { OutputFormat } from '../../compiler/build/api.js';

// ---------------------------------------------------------------- units

export interface Unit {
  /** Path relative to the suite root, e.g. `Functionality/function/append1.pan` or `Functionality/bugs/bug-gh-40`. */
  id: string;
  /** `Functionality/function`, `RootElement/empty` or `Dependency`. */
  category: string;
  shape: 'file' | 'directory';
  /** The main template (may be missing for a broken directory unit). */
  mainFile: string;
  /** The one include directory: the category folder (file unit) or the unit folder (directory unit). */
  root: string;
  /** Main template file name without `.pan`: the output is `<basename>.xml`. */
  basename: string;
  /** RootElement units start from `dict('root-element-test', 'OK')`. */
  rootElement: boolean;
  dependency: boolean;
}

function visibleEntries(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .sort();
}

function isDirectory(p: string): boolean {
  return statSync(p).isDirectory();
}

/** The units of a folder whose `*.pan` files and sub-directories are units. */
function unitsIn(suiteRoot: string, folder: string, category: string): Unit[] {
  const units: Unit[] = [];
  const top = category.split('/')[0];
  for (const name of visibleEntries(path.join(suiteRoot, folder))) {
    const full = path.join(suiteRoot, folder, name);
    const common = { category, rootElement: top === 'RootElement', dependency: top === 'Dependency' };
    if (isDirectory(full)) {
      units.push({ ...common, id: `${folder}/${name}`, shape: 'directory', mainFile: path.join(full, name + '.pan'), root: full, basename: name });
    } else if (name.endsWith('.pan')) {
      const basename = name.slice(0, -'.pan'.length);
      units.push({ ...common, id: `${folder}/${name}`, shape: 'file', mainFile: full, root: path.join(suiteRoot, folder), basename });
    }
  }
  return units;
}

/** Every unit of the suite, in a stable order. */
export function discoverUnits(suiteRoot: string): Unit[] {
  const units: Unit[] = [];
  for (const top of ['Functionality', 'RootElement']) {
    if (!existsSync(path.join(suiteRoot, top))) continue;
    for (const category of visibleEntries(path.join(suiteRoot, top))) {
      if (isDirectory(path.join(suiteRoot, top, category))) {
        units.push(...unitsIn(suiteRoot, `${top}/${category}`, `${top}/${category}`));
      }
    }
  }
  if (existsSync(path.join(suiteRoot, 'Dependency'))) units.push(...unitsIn(suiteRoot, 'Dependency', 'Dependency'));
  return units;
}

// ---------------------------------------------------------------- headers

export type Expectation =
  | { kind: 'xpath'; expression: string }
  | { kind: 'error'; errorClass: string; regex: string | undefined };

export interface Headers {
  /** The last `@expect` line, if any. */
  expect: Expectation | undefined;
  /** Output format named by `@format` (`pan` when absent or unknown). */
  format: OutputFormat;
  /** Names from `# dep:` lines. */
  deps: string[];
}

// The suite's Java patterns, matched against whole lines. Java's \s is ASCII
// white space and its `.` stops at any line terminator, so both are spelled out.
const S = '[ \\t\\n\\x0B\\f\\r]';
const DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
const ERROR_EXPECT = new RegExp(`^#${S}*@expect${S}*=${S}*([\\w\\.]+)(?:${S}*"(${DOT}*)")?${S}*$`);
const XPATH_EXPECT = new RegExp(`^#${S}*@expect${S}*=${S}*"(${DOT}*)"${S}*$`);
const FORMAT = new RegExp(`^#${S}*@format${S}*=${S}*([\\w\\.]+)${S}*$`);
const DEP = new RegExp(`^#${S}*dep:${S}*([\\w\\.]+)${S}*$`);

const FORMATS: readonly OutputFormat[] = ['dot', 'pan', 'pan.gz', 'xml', 'xml.gz', 'json', 'json.gz', 'null'];

/** Reads the header lines of a main template's text. */
export function parseHeaders(source: string): Headers {
  const headers: Headers = { expect: undefined, format: 'pan', deps: [] };
  for (const line of source.split(/\r\n|\r|\n/)) {
    let m: RegExpExecArray | null;
    if ((m = ERROR_EXPECT.exec(line)) !== null) {
      headers.expect = { kind: 'error', errorClass: m[1] as string, regex: m[2] };
    } else if ((m = XPATH_EXPECT.exec(line)) !== null) {
      headers.expect = { kind: 'xpath', expression: m[1] as string };
    } else if ((m = FORMAT.exec(line)) !== null) {
      const format = (m[1] as string).toLowerCase();
      headers.format = FORMATS.find((f) => f === format) ?? 'pan';
    } else if ((m = DEP.exec(line)) !== null) {
      headers.deps.push(m[1] as string);
    }
  }
  return headers;
}

// ---------------------------------------------------------------- verdicts

/** An error the compiler reported: its kind and its complete text (header line, message, details). */
export interface ReportedError {
  kind: string;
  text: string;
}

export interface Outcome {
  errors: ReportedError[];
  /** Set when the compilation did not end normally: `crash: ...`, `timeout: ...`. */
  abnormal?: string;
  outputDir: string;
}

export interface Verdict {
  passed: boolean;
  /** Why it failed: what was expected and what came out. Empty when passed. */
  reason: string;
}

/** panc's exception classes and the error kind each stands for. */
export const ERROR_CLASSES: Readonly<Record<string, string>> = {
  'org.quattor.pan.parser.ParseException': 'parse',
  'org.quattor.pan.exceptions.SyntaxException': 'syntax',
  'org.quattor.pan.exceptions.EvaluationException': 'evaluation',
  'org.quattor.pan.exceptions.ValidationException': 'validation',
};

const PASS: Verdict = { passed: true, reason: '' };

function fail(reason: string): Verdict {
  return { passed: false, reason };
}

/** Judges a unit on the outcome of compiling it. */
export function judge(unit: Unit, headers: Headers, outcome: Outcome): Verdict {
  if (!existsSync(unit.mainFile)) return fail(`main template ${path.relative(unit.root, unit.mainFile)} is missing`);
  if (outcome.abnormal !== undefined) return fail(outcome.abnormal);
  if (unit.dependency) return judgeDependencies(unit, headers.deps, outcome);
  if (headers.expect === undefined) return fail('no @expect header');
  if (headers.expect.kind === 'xpath') return judgeXPath(unit, headers.expect.expression, outcome);
  return judgeError(unit, headers.expect.errorClass, headers.expect.regex, outcome);
}

function outputFile(unit: Unit, outcome: Outcome, suffix: string): string {
  return path.join(outcome.outputDir, unit.basename + suffix);
}

function firstLines(text: string, count = 3): string {
  const lines = text.split('\n');
  return lines.slice(0, count).join(' | ') + (lines.length > count ? ' | ...' : '');
}

function errorSummary(errors: readonly ReportedError[]): string {
  if (errors.length === 0) return 'no error reported';
  const shown = errors.slice(0, 2).map((e) => firstLines(e.text));
  return shown.join(' || ') + (errors.length > 2 ? ` (and ${errors.length - 2} more errors)` : '');
}

function judgeXPath(unit: Unit, expression: string, outcome: Outcome): Verdict {
  const xmlFile = outputFile(unit, outcome, '.xml');
  if (!existsSync(xmlFile)) return fail(`expected ${unit.basename}.xml where ${expression}; none was written: ${errorSummary(outcome.errors)}`);
  const xml = readFileSync(xmlFile, 'utf8');
  let result: boolean;
  try {
    result = xpathBoolean(xml, expression);
  } catch (e) {
    return fail(`cannot evaluate ${expression}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (result) return PASS;
  return fail(`XPath is false: ${expression}; output: ${abbreviate(xml.replace(/\s+/g, ' '), 600)}`);
}

function abbreviate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '...' : s;
}

function judgeError(unit: Unit, errorClass: string, regex: string | undefined, outcome: Outcome): Verdict {
  const kind = ERROR_CLASSES[errorClass];
  if (kind === undefined) return fail(`unknown error class in @expect: ${errorClass}`);
  const expected = `${kind} error` + (regex === undefined ? '' : ` matching "${regex}"`);
  if (existsSync(outputFile(unit, outcome, '.xml'))) {
    return fail(`expected ${expected}, but ${unit.basename}.xml was written` + (outcome.errors.length ? `; errors: ${errorSummary(outcome.errors)}` : ''));
  }
  if (outcome.errors.length === 0) return fail(`expected ${expected}, but no error was reported`);
  const wrongKind = outcome.errors.find((e) => e.kind !== kind);
  if (wrongKind !== undefined) return fail(`expected ${expected}, got ${firstLines(wrongKind.text)}`);
  if (regex === undefined) return PASS;
  let pattern: RegExp;
  try {
    pattern = wholeMessagePattern(regex);
  } catch (e) {
    return fail(`the expected regex cannot be compiled: ${e instanceof Error ? e.message : String(e)}`);
  }
  const unmatched = outcome.errors.find((e) => !pattern.test(e.text));
  if (unmatched !== undefined) return fail(`expected ${expected}, got ${JSON.stringify(abbreviate(unmatched.text, 600))}`);
  return PASS;
}

/** Java `Pattern.compile(regex, DOTALL).matcher(message).matches()`. */
export function wholeMessagePattern(regex: string): RegExp {
  return new RegExp('^(?:' + regex + ')$', 's');
}

function judgeDependencies(unit: Unit, expectedNames: readonly string[], outcome: Outcome): Verdict {
  if (expectedNames.length === 0) return fail('no "# dep:" header: nothing to check');
  const xmlFile = outputFile(unit, outcome, '.xml');
  const depFile = outputFile(unit, outcome, '.dep');
  if (!existsSync(xmlFile)) return fail(`expected ${unit.basename}.xml; none was written: ${errorSummary(outcome.errors)}`);
  if (!existsSync(depFile)) return fail(`expected ${unit.basename}.dep; none was written`);
  const got = depFirstColumns(readFileSync(depFile, 'utf8'));
  const expected = new Set(expectedNames);
  const missing = [...expected].filter((n) => !got.has(n));
  const extra = [...got].filter((n) => !expected.has(n));
  if (missing.length === 0 && extra.length === 0) return PASS;
  return fail(`dependencies differ: expected {${[...expected].sort().join(', ')}}, got {${[...got].sort().join(', ')}}`);
}

/** The set of first columns of the lines of a `.dep` file. */
export function depFirstColumns(depText: string): Set<string> {
  const names = new Set<string>();
  for (const line of depText.split(/\r?\n/)) {
    const name = line.split(' ')[0];
    if (name) names.add(name);
  }
  return names;
}

// ---------------------------------------------------------------- XPath

/** The one function of the `xpath` package used here (required untyped: its typings pull in the DOM lib globally). */
interface XPathModule {
  select(expression: string, node: unknown): unknown;
}

const xpath = createRequire(import.meta.url)('xpath') as XPathModule;

/** Parses XML as XML 1.0 does (only CR and CR LF are line ends); throws on any error. */
export function parseXml(xml: string): unknown {
  const parser = new DOMParser({
    normalizeLineEndings: (s: string) => s.replace(/\r\n?/g, '\n'),
    onError: (level: string, message: string) => {
      if (level !== 'warning') throw new Error(`output is not well-formed XML: ${message}`);
    },
  });
  return parser.parseFromString(xml, 'text/xml');
}

/** XPath 1.0 `boolean()` of a result: node-set not empty, number not 0 nor NaN, string not empty. */
export function xpathResultToBoolean(result: unknown): boolean {
  if (Array.isArray(result)) return result.length > 0;
  switch (typeof result) {
    case 'boolean':
      return result;
    case 'number':
      return result !== 0 && !Number.isNaN(result);
    case 'string':
      return result.length > 0;
    default:
      return result !== null && result !== undefined; // a single node
  }
}

/** Evaluates an XPath 1.0 expression on an XML document, as a boolean. */
export function xpathBoolean(xml: string, expression: string): boolean {
  return xpathResultToBoolean(xpath.select(expression, parseXml(xml)));
}

/**
 * The runner against a stand-in compiler (stand-in-compiler.ts, since the
 * point is to make a "compiler" hang, throw and kill its thread on demand):
 * real worker threads, real time limits, a synthetic suite in a temp dir.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from './report.js';
import { CompilerMissingError, runSuite, type UnitResult } from './runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const STAND_IN = pathToFileURL(path.join(here, 'stand-in-compiler.ts')).href;
const XML_X1 = '<nlist format="pan" name="profile"><long name="x">1</long></nlist>';
const EVAL = 'org.quattor.pan.exceptions.EvaluationException';

let suite = '';

/** XPath: the stand-in's echo of its arguments contains every fragment (a fragment holds either quote, not both). */
function calledWith(...fragments: string[]): string {
  return fragments.map((f) => (f.includes("'") ? `contains(/nlist/string, "${f}")` : `contains(/nlist/string, '${f}')`)).join(' and ');
}

function unit(rel: string, lines: string[]): void {
  const file = path.join(suite, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
}

beforeAll(() => {
  suite = mkdtempSync(path.join(tmpdir(), 'panfab-runner-test-'));
  unit('Functionality/a/pass-xpath.pan', [`# @expect="/nlist/long[@name='x']=1"`, `// STAND-IN: xml ${XML_X1}`]);
  unit('Functionality/a/fail-xpath.pan', [`# @expect="/nlist/long[@name='x']=2"`, `// STAND-IN: xml ${XML_X1}`]);
  unit('Functionality/a/pass-error.pan', [`# @expect=${EVAL} ".*went wrong.*"`, '// STAND-IN: error evaluation it went wrong']);
  unit('Functionality/b/hang.pan', ['# @expect="/nlist"', '// STAND-IN: hang']);
  unit('Functionality/b/after-hang.pan', [`# @expect="/nlist"`, `// STAND-IN: xml ${XML_X1}`]);
  unit('Functionality/b/throws.pan', ['# @expect="/nlist"', '// STAND-IN: throw']);
  unit('Functionality/b/exits.pan', ['# @expect="/nlist"', '// STAND-IN: exit']);
  unit('Functionality/b/after-exit.pan', [`# @expect=${EVAL}`, '// STAND-IN: error evaluation x']);
  const dirUnit = path.join(suite, 'Functionality/c/dir-unit');
  unit('Functionality/c/dir-unit/dir-unit.pan', [
    `# @expect="${calledWith(`"files":["${dirUnit}/dir-unit.pan"]`, `"includePath":["${dirUnit}"]`, '"formats":["json","dep"]', '"maxIteration":100', '"maxRecursion":50', '"debug":false')} and not(contains(/nlist/string, 'initialData'))"`,
    '# @format=JSON',
    '// STAND-IN: echo-options',
  ]);
  unit('Functionality/c/no-main/other.pan', ['# @expect="/nlist"']);
  unit('RootElement/r/root.pan', [
    `# @expect="${calledWith(`"includePath":["${path.join(suite, 'RootElement/r')}"]`, '"formats":["pan","dep"]', `"initialData":"dict(`, "dict('root-element-test', 'OK')")}"`,
    '// STAND-IN: echo-options',
  ]);
  unit('Dependency/d/d.pan', ['# dep: d', '# dep: inc', `// STAND-IN: xml ${XML_X1}`, '// STAND-IN: dep d PAN file:/x/', '// STAND-IN: dep inc PAN file:/x/']);
});

afterAll(() => {
  rmSync(suite, { recursive: true, force: true });
});

describe('runSuite with a stand-in compiler', () => {
  let results: UnitResult[] = [];
  const byId = (id: string): UnitResult => results.find((r) => r.unit.id === id) as UnitResult;

  beforeAll(async () => {
    results = await runSuite(suite, { compileModule: STAND_IN, unitTimeoutMs: 3_000, budgetMs: 120_000 });
  }, 120_000);

  it('judges ordinary units', () => {
    expect(byId('Functionality/a/pass-xpath.pan').verdict.passed).toBe(true);
    expect(byId('Functionality/a/fail-xpath.pan').verdict.reason).toMatch(/^XPath is false/);
    expect(byId('Functionality/a/pass-error.pan').verdict.passed).toBe(true);
    expect(byId('Dependency/d').verdict.passed).toBe(true);
    expect(byId('Functionality/c/no-main').verdict.reason).toMatch(/no-main\.pan is missing/);
  });

  it('stops a unit that hangs and goes on with a fresh worker', () => {
    expect(byId('Functionality/b/hang.pan').verdict.reason).toBe('timeout: no result after 3 s');
    expect(byId('Functionality/b/after-hang.pan').verdict.passed).toBe(true);
  });

  it('counts a thrown non-PanError as a crash, and survives a worker that exits', () => {
    expect(byId('Functionality/b/throws.pan').verdict.reason).toMatch(/^crash: TypeError: stand-in failure/);
    expect(byId('Functionality/b/exits.pan').verdict.reason).toBe('crash: the worker exited with code 3');
    expect(byId('Functionality/b/after-exit.pan').verdict.passed).toBe(true);
  });

  it('compiles with the options the suite prescribes (include path, formats, limits, initial root)', () => {
    expect(byId('Functionality/c/dir-unit').verdict).toEqual({ passed: true, reason: '' });
    expect(byId('RootElement/r/root.pan').verdict).toEqual({ passed: true, reason: '' });
  });

  it('leaves no output directory behind', () => {
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('panfab-conformance-'))).toEqual([]);
  });

  it('reports failures, a per-category table and the totals line', () => {
    const report = formatReport(results);
    expect(report).toMatch(/^FAIL Functionality\/b\/hang\.pan: timeout: no result after 3 s$/m);
    expect(report).toMatch(/^Functionality\/b +2 +3$/m);
    expect(report.split('\n').at(-1)).toBe('7 passed, 5 failed');
  });
});

describe('runSuite without a compiler', () => {
  it('stops with a clear error', async () => {
    const missing = pathToFileURL(path.join(here, 'no-such-compile.ts')).href;
    await expect(runSuite(suite, { compileModule: missing, unitTimeoutMs: 3_000, budgetMs: 60_000 })).rejects.toThrow(CompilerMissingError);
  }, 60_000);
});

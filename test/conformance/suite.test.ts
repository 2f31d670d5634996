/** The runner's own logic on small synthetic cases: discovery, headers, verdicts. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  depFirstColumns,
  discoverUnits,
  judge,
  parseHeaders,
  wholeMessagePattern,
  xpathBoolean,
  xpathResultToBoolean,
  type Headers,
  type Outcome,
  type Unit,
} from './suite.js';

const SUITE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/conformance/pan-suite');

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'panfab-suite-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function touch(rel: string, content = ''): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
}

describe('discoverUnits', () => {
  it('finds file and directory units per category, skipping hidden names and non-templates', () => {
    touch('Functionality/function/append1.pan');
    touch('Functionality/function/.hidden.pan');
    touch('Functionality/function/notes.txt');
    touch('Functionality/bugs/bug-gh-40/bug-gh-40.pan');
    touch('Functionality/bugs/bug-gh-40/ns/helper.pan');
    touch('Functionality/bugs/broken/other.pan');
    touch('Functionality/.git/x.pan');
    touch('Functionality/loose.pan');
    touch('RootElement/empty/root1.pan');
    touch('Dependency/simple/simple.pan');
    touch('Dependency/single.pan');
    const units = discoverUnits(dir);
    expect(units.map((u) => [u.id, u.category, u.shape, u.basename])).toEqual([
      ['Functionality/bugs/broken', 'Functionality/bugs', 'directory', 'broken'],
      ['Functionality/bugs/bug-gh-40', 'Functionality/bugs', 'directory', 'bug-gh-40'],
      ['Functionality/function/append1.pan', 'Functionality/function', 'file', 'append1'],
      ['RootElement/empty/root1.pan', 'RootElement/empty', 'file', 'root1'],
      ['Dependency/simple', 'Dependency', 'directory', 'simple'],
      ['Dependency/single.pan', 'Dependency', 'file', 'single'],
    ]);
    const [broken, bug, append, root, dep] = units as [Unit, Unit, Unit, Unit, Unit];
    expect(bug.root).toBe(path.join(dir, 'Functionality/bugs/bug-gh-40'));
    expect(bug.mainFile).toBe(path.join(dir, 'Functionality/bugs/bug-gh-40/bug-gh-40.pan'));
    expect(broken.mainFile).toBe(path.join(dir, 'Functionality/bugs/broken/broken.pan'));
    expect(append.root).toBe(path.join(dir, 'Functionality/function'));
    expect([append.rootElement, root.rootElement, dep.rootElement]).toEqual([false, true, false]);
    expect([append.dependency, dep.dependency]).toEqual([false, true]);
  });

  it('finds the 343 units of the shared suite (340 + 3 Dependency), each id once', () => {
    const units = discoverUnits(SUITE);
    expect(units).toHaveLength(343);
    expect(new Set(units.map((u) => u.id)).size).toBe(343);
    expect(units.filter((u) => u.dependency)).toHaveLength(3);
  });
});

describe('parseHeaders', () => {
  it('reads an XPath expectation, greedy up to the last quote', () => {
    const h = parseHeaders('#\n# @expect="/nlist[@name=\'profile\']/string[@name=\'s\']=\'"q"\'"  \nobject template x;\n');
    expect(h.expect).toEqual({ kind: 'xpath', expression: '/nlist[@name=\'profile\']/string[@name=\'s\']=\'"q"\'' });
    expect(h.format).toBe('pan');
  });

  it('reads error expectations with and without regex', () => {
    expect(parseHeaders('# @expect=org.quattor.pan.exceptions.EvaluationException').expect).toEqual({
      kind: 'error',
      errorClass: 'org.quattor.pan.exceptions.EvaluationException',
      regex: undefined,
    });
    expect(parseHeaders('#@expect = org.quattor.pan.exceptions.SyntaxException ".*a\\.pan:1\\.2\\-3\\.4.*" ').expect).toEqual({
      kind: 'error',
      errorClass: 'org.quattor.pan.exceptions.SyntaxException',
      regex: '.*a\\.pan:1\\.2\\-3\\.4.*',
    });
  });

  it('keeps only the last @expect line, whatever its kind', () => {
    const h = parseHeaders('# @expect="count(/nlist)=1"\n# @expect=org.quattor.pan.parser.ParseException\n# @expect="/nlist[@name=\'profile\']"\n');
    expect(h.expect).toEqual({ kind: 'xpath', expression: "/nlist[@name='profile']" });
    const h2 = parseHeaders('# @expect="x"\n# @expect=org.quattor.pan.parser.ParseException\n');
    expect(h2.expect?.kind).toBe('error');
  });

  it('matches whole lines only, with Java\'s ASCII \\s', () => {
    expect(parseHeaders(' # @expect="x"').expect).toBeUndefined();
    expect(parseHeaders('# @expect="x" trailing').expect).toBeUndefined();
    expect(parseHeaders('#\u00a0@expect="x"').expect).toBeUndefined();
    expect(parseHeaders('#\t@expect\t=\t"x"\t\r\nobject template a;').expect).toEqual({ kind: 'xpath', expression: 'x' });
  });

  it('reads @format case-insensitively, unknown or absent meaning pan', () => {
    expect(parseHeaders('# @format=JSON').format).toBe('json');
    expect(parseHeaders('# @format=xml.gz').format).toBe('xml.gz');
    expect(parseHeaders('# @format=yaml').format).toBe('pan');
    expect(parseHeaders('').format).toBe('pan');
  });

  it('collects # dep: names', () => {
    expect(parseHeaders('#\n# dep: ordinary\n# dep: inc_ordinary \n#dep:a.b\n# dep: not a name\n').deps).toEqual([
      'ordinary',
      'inc_ordinary',
      'a.b',
    ]);
  });
});

describe('wholeMessagePattern', () => {
  const text = 'evaluation error [a/c.pan:3.1-3.9]\nsomething failed\n  included from c.pan';

  it('requires the whole message to match, with . matching newlines', () => {
    expect(wholeMessagePattern('.*something failed.*').test(text)).toBe(true);
    expect(wholeMessagePattern('.*c\\.pan.*c\\.pan.*').test(text)).toBe(true);
    expect(wholeMessagePattern('something failed').test(text)).toBe(false);
    expect(wholeMessagePattern('evaluation error.*').test(text)).toBe(true);
    expect(wholeMessagePattern('.*3\\.1\\-3\\.9.*').test(text)).toBe(true);
  });

  it('anchors alternations as a whole', () => {
    expect(wholeMessagePattern('x|.*failed.*').test(text)).toBe(true);
    expect(wholeMessagePattern('evaluation|nothing').test(text)).toBe(false);
  });
});

describe('XPath verdicts', () => {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?><nlist format="pan" name="profile">\n' +
    '    <long name="x">291</long>\n    <list name="l">\n        <string>a</string>\n        <string>b</string>\n    </list>\n' +
    '    <string name="s">a\u2028b&#13;</string>\n</nlist>\n';

  it.each([
    ["/nlist[@name='profile']/long[@name='x']=291", true],
    ["/nlist[@name='profile']/long[@name='x']=292", false],
    ["/nlist[@name='profile']/list[@name='l']/*[2]='b'", true],
    ['count(/nlist[@name=\'profile\']/*)=3', true],
    ['count(/nlist/nothing)', false],
    ["count(/nlist[@name='profile']/*)", true],
    ['/nlist/nothing', false],
    ['/nlist/long', true],
    ["string(/nlist/long[@name='x'])", true],
    ["string(/nlist/long[@name='nope'])", false],
    ['number(/nlist/string)', false],
    ["/nlist/string[@name='s']='a\u2028b\r'", true],
  ])('%s is %s', (expr, expected) => {
    expect(xpathBoolean(xml, expr)).toBe(expected);
  });

  it('converts every result type as XPath boolean() does', () => {
    expect([[], [{}], 0, NaN, -1, '', 'x', true, false].map(xpathResultToBoolean)).toEqual([
      false, true, false, false, true, false, true, true, false,
    ]);
  });

  it('has no low limit on the size of an expression', () => {
    const big = Array.from({ length: 200 }, (_, i) => `/nlist[@name='profile']/list[@name='l']/*[${(i % 2) + 1}]!='c'`).join(' and ');
    expect(xpathBoolean(xml, big)).toBe(true);
  });

  it('rejects output that is not well-formed', () => {
    expect(() => xpathBoolean('<nlist><long>1</nlist>', '/nlist')).toThrow(/not well-formed/);
  });
});

describe('depFirstColumns', () => {
  it('takes the first column of each line', () => {
    expect([...depFirstColumns('simple PAN file:/a/\nabsent ABSENT_SOURCE \r\n\nother TEXT file:/b/\n')].sort()).toEqual([
      'absent',
      'other',
      'simple',
    ]);
  });
});

describe('judge', () => {
  let out = '';
  let unit: Unit;
  const headers = (source: string): Headers => parseHeaders(source);
  const outcome = (errors: Outcome['errors'] = [], abnormal?: string): Outcome => ({ errors, abnormal, outputDir: out });

  beforeEach(() => {
    out = path.join(dir, 'out');
    mkdirSync(out);
    touch('Functionality/cat/t1.pan', 'object template t1;');
    unit = discoverUnits(dir)[0] as Unit;
  });

  const evaluation = (msg: string): Outcome['errors'][number] => ({ kind: 'evaluation', text: `evaluation error [t1.pan:1.1-1.5]\n${msg}` });
  const writeXml = (): void => writeFileSync(path.join(out, 't1.xml'), '<nlist format="pan" name="profile"><long name="x">1</long></nlist>');

  it('XPath: passes only when the output exists and the expression is true', () => {
    const h = headers("# @expect=\"/nlist[@name='profile']/long[@name='x']=1\"");
    expect(judge(unit, h, outcome([evaluation('boom')])).reason).toMatch(/none was written: evaluation error .*\| boom/);
    writeXml();
    expect(judge(unit, h, outcome())).toEqual({ passed: true, reason: '' });
    expect(judge(unit, headers('# @expect="count(/nlist/*)=2"'), outcome()).reason).toMatch(/^XPath is false: count\(\/nlist\/\*\)=2; output: <nlist/);
    expect(judge(unit, headers('# @expect="/nlist["'), outcome()).reason).toMatch(/^cannot evaluate/);
  });

  it('error: passes when no output, some errors, all of the class, all matching the whole-message regex', () => {
    const h = headers('# @expect=org.quattor.pan.exceptions.EvaluationException ".*bad thing.*"');
    expect(judge(unit, h, outcome([evaluation('a bad thing happened')])).passed).toBe(true);
    expect(judge(unit, h, outcome()).reason).toMatch(/no error was reported/);
    expect(judge(unit, h, outcome([evaluation('a bad thing'), evaluation('other')])).reason).toMatch(/got "evaluation error .*other"/);
    expect(judge(unit, h, outcome([{ kind: 'syntax', text: 'syntax error [t1.pan:1.1-1.2]\nbad thing' }])).reason).toMatch(
      /expected evaluation error matching ".*bad thing.*", got syntax error/,
    );
    writeXml();
    expect(judge(unit, h, outcome([evaluation('a bad thing')])).reason).toMatch(/t1\.xml was written/);
  });

  it('error: the regex must match the whole message', () => {
    const h = headers('# @expect=org.quattor.pan.exceptions.EvaluationException "bad thing"');
    expect(judge(unit, h, outcome([evaluation('bad thing')])).passed).toBe(false);
  });

  it('error: any message will do without a regex; unknown classes fail', () => {
    expect(judge(unit, headers('# @expect=org.quattor.pan.exceptions.EvaluationException'), outcome([evaluation('x')])).passed).toBe(true);
    expect(judge(unit, headers('# @expect=java.lang.Exception'), outcome([evaluation('x')])).reason).toMatch(/unknown error class/);
  });

  it('fails a unit without @expect, with a missing main template, or that crashed or hung', () => {
    writeXml();
    expect(judge(unit, headers('# nothing'), outcome()).reason).toBe('no @expect header');
    const h = headers('# @expect="/nlist"');
    expect(judge(unit, h, outcome([], 'crash: TypeError: x')).reason).toBe('crash: TypeError: x');
    expect(judge(unit, h, outcome([], 'timeout: no result after 20 s')).passed).toBe(false);
    expect(judge({ ...unit, mainFile: path.join(dir, 'nope.pan') }, h, outcome()).reason).toMatch(/nope\.pan is missing/);
  });

  it('dependency: compares the set of first columns of the .dep with the # dep: names', () => {
    const depUnit: Unit = { ...unit, dependency: true };
    const h = headers('# dep: t1\n# dep: inc\n');
    writeXml();
    expect(judge(depUnit, h, outcome()).reason).toMatch(/t1\.dep; none was written/);
    writeFileSync(path.join(out, 't1.dep'), 'inc PAN file:/x/\nt1 PAN file:/x/\n');
    expect(judge(depUnit, h, outcome()).passed).toBe(true);
    writeFileSync(path.join(out, 't1.dep'), 'inc PAN file:/x/\nt1 PAN file:/x/\nextra PAN file:/x/\n');
    expect(judge(depUnit, h, outcome()).reason).toBe('dependencies differ: expected {inc, t1}, got {extra, inc, t1}');
    expect(judge(depUnit, headers('# nothing'), outcome()).reason).toMatch(/no "# dep:" header/);
  });
});

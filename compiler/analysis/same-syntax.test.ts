import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../parser/index.js';
import { sameSyntax } from './same-syntax.js';

const TEMPLATE = [
  'unique template site/example;',
  'variable LIMIT = 10;',
  '"/system/limit" = LIMIT * 2;',
  'function double = { ARGV[0] * 2; };',
  'type port = long(1..65535);',
  '',
].join('\n');

function same(a: string, b: string): boolean {
  return sameSyntax(parseTemplate(a, 'a.pan'), parseTemplate(b, 'b.pan'));
}

describe('sameSyntax', () => {
  it('holds across comments, blank lines and spacing (only positions differ)', () => {
    const relaid = `# header comment\n\n${TEMPLATE.replace('variable LIMIT = 10;', 'variable   LIMIT=10; # why ten')
      .replace('"/system/limit"', '\n  "/system/limit"')}`;
    expect(same(TEMPLATE, relaid)).toBe(true);
  });

  it('fails on any change of what the template says', () => {
    expect(same(TEMPLATE, TEMPLATE.replace('10', '11'))).toBe(false); // a number
    expect(same(TEMPLATE, TEMPLATE.replace('65535', '65534'))).toBe(false); // a range bound (a bigint)
    expect(same(TEMPLATE, TEMPLATE.replace('* 2;', '+ 2;'))).toBe(false); // an operator
    expect(same(TEMPLATE, TEMPLATE.replace('site/example', 'site/other'))).toBe(false); // the name
    expect(same(TEMPLATE, `${TEMPLATE}"/system/more" = 1;\n`)).toBe(false); // a statement more
    expect(same(TEMPLATE, TEMPLATE.replace('unique template', 'template'))).toBe(false); // the kind
  });

  it('counts annotations as part of the template', () => {
    expect(same(TEMPLATE, `@{ documented }\n${TEMPLATE}`)).toBe(false);
  });

  it('compares plain values exactly', () => {
    expect(sameSyntax({ a: [1, 2n, 'x'] }, { a: [1, 2n, 'x'] })).toBe(true);
    expect(sameSyntax({ a: [1, 2n] }, { a: [1, 2] })).toBe(false);
    expect(sameSyntax({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameSyntax([1], { 0: 1 })).toBe(false);
    expect(sameSyntax({ loc: { startLine: 1, startCol: 1, endLine: 1, endCol: 2 } }, { loc: { startLine: 9, startCol: 3, endLine: 9, endCol: 4 } })).toBe(true);
    // Only a range and nothing else is passed over.
    expect(sameSyntax({ startLine: 1, startCol: 1, endLine: 1, endCol: 2, v: 1 }, { startLine: 1, startCol: 1, endLine: 1, endCol: 2, v: 2 })).toBe(false);
  });
});

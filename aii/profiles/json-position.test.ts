import { describe, expect, it } from 'vitest';
import { parseProfileJson } from './load.js';
import { jsonErrorAt } from './json-position.js';

describe('JSON error positions', () => {
  it('finds the first character that breaks the grammar', () => {
    expect(jsonErrorAt('{"a": [1, 2], "b": {"c": null}}')).toBeUndefined();
    expect(jsonErrorAt('{\n "hardware": {\n   "cpu": [,\n}')).toEqual({ offset: 28, expected: 'a value' });
    expect(jsonErrorAt('{"a": 1,}')).toEqual({ offset: 8, expected: 'a double-quoted property name' });
    expect(jsonErrorAt('{"a" 1}')).toEqual({ offset: 5, expected: "':'" });
    expect(jsonErrorAt('[1 2]')).toEqual({ offset: 3, expected: "',' or ']'" });
    expect(jsonErrorAt('"a\nb"')).toEqual({ offset: 2, expected: 'a closing quote (control characters must be escaped)' });
    expect(jsonErrorAt('{} x')).toEqual({ offset: 3, expected: 'the end of the document' });
    expect(jsonErrorAt('{"a": tru}')).toEqual({ offset: 6, expected: 'a value' });
    expect(jsonErrorAt('{"a": "\\x"}')).toEqual({ offset: 8, expected: 'an escape sequence' });
  });

  it('reports profile syntax errors as file:line:column', () => {
    expect(() => parseProfileJson('{\n "hardware": {\n   "cpu": [,\n}', 'p.json')).toThrow('p.json:3:12: invalid JSON: expected a value, found ","');
    expect(() => parseProfileJson('{"a": 1', 'p.json')).toThrow("p.json:1:8: invalid JSON: expected ',' or '}', found the end of the file");
  });
});

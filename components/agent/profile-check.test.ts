import { describe, expect, it } from 'vitest';
import { checkProfile, parseProfile } from './profile-check.js';

const parse = (text: string) => () => parseProfile(Buffer.from(text), 'p.json');

describe('parseProfile', () => {
  it('parses an object', () => {
    expect(parseProfile(Buffer.from('{"a": [1]}'), 'p.json')).toEqual({ a: [1] });
  });

  it('places JSON errors at line:column, whatever V8 reports', () => {
    expect(parse('{\n  "a": 1,\n  "b": }')).toThrow('p.json:3:8: invalid JSON: Unexpected token \'}\'');
    expect(parse('{\n  "a" 1}')).toThrow("p.json:2:7: invalid JSON: Expected ':' after property name");
    expect(parse('{"a": [1, 2')).toThrow('p.json:1:12: invalid JSON');
    expect(parse('')).toThrow('p.json:1:1: invalid JSON: Unexpected end of JSON input');
  });

  it('wants an object', () => {
    expect(parse('[1]')).toThrow('p.json: a profile must be a JSON object');
  });
});

describe('checkProfile', () => {
  it('reports schema issues by profile path', async () => {
    await expect(checkProfile({ hardware: {} }, 'p.json')).rejects.toThrow(/^schema: p\.json: .*\nschema: p\.json: \/hardware\/cpu: is required/);
  });
});

/**
 * json_encode() and json_decode(), with panc's conventions: integers are
 * longs, other numbers doubles, null members of objects dropped, keys must
 * be valid Pan path terms; error messages in Gson's words.
 */
import { formatJsonValue } from '../output/json.js';
import { isValidKey } from '../model/path.js';
import { UNDEF, type PanValue } from '../model/values.js';
import { JsonReadError, readJsonValue } from '../output/read-json.js';
import { argString, fail } from './args.js';
import type { BuiltinSpec } from './registry.js';

function encode(v: PanValue): string {
  if (v === UNDEF) return fail('json_encode(): undef cannot be converted to JSON');
  return formatJsonValue(v);
}

/**
 * json_decode(): keys must be valid Pan keys, null members are dropped, and a
 * syntax error is reported in Gson's words (as panc does, e.g. `Expected name
 * at line 1 column 3 path $.`).
 */
function decode(text: string): PanValue {
  try {
    return readJsonValue(text, {
      member: (key, value, jsonPath) => {
        if (!isValidKey(key)) fail(`JSON path '${jsonPath}' is not a valid PAN path`);
        return value === null ? undefined : value;
      },
    });
  } catch (e) {
    if (e instanceof JsonReadError) {
      return fail(`invalid JSON value '${text}': ${e.code} at line ${e.line} column ${e.column} path ${e.jsonPath}`);
    }
    throw e;
  }
}

export const jsonBuiltins: BuiltinSpec[] = [
  { name: 'json_encode', minArgs: 1, maxArgs: 1, pure: true, call: (a) => encode(a[0] as PanValue) },
  { name: 'json_decode', minArgs: 1, maxArgs: 1, pure: true, call: (a) => decode(argString('json_decode', a, 0)) },
];

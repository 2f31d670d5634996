/**
 * json_encode() and json_decode(), with panc's conventions: integers are
 * longs, other numbers doubles, null members of objects dropped, keys must
 * be valid Pan path terms; error messages in Gson's words.
 */
import { formatJsonValue } from '../output/json.js';
import { isValidKey } from '../model/path.js';
import { PanDict, PanDouble, PanList, UNDEF, type PanValue } from '../model/values.js';
import { normalize } from '../model/numbers.js';
import { argString, fail } from './args.js';
import type { BuiltinSpec } from './registry.js';

function encode(v: PanValue): string {
  if (v === UNDEF) return fail('json_encode(): undef cannot be converted to JSON');
  return formatJsonValue(v);
}

class JsonSyntax extends Error {}

/** A small JSON reader that reports errors as Gson's JsonReader does. */
class Reader {
  private pos = 0;
  constructor(private readonly s: string) {}

  private where(path: string): string {
    const before = this.s.slice(0, this.pos);
    const line = before.split('\n').length;
    const col = this.pos - before.lastIndexOf('\n');
    return ` at line ${line} column ${col} path ${path}`;
  }

  private ws(): void {
    while (this.pos < this.s.length && ' \t\r\n'.includes(this.s[this.pos] as string)) this.pos++;
  }

  private err(what: string, path: string): never {
    throw new JsonSyntax(what + this.where(path));
  }

  document(): PanValue {
    const v = this.value('$');
    this.ws();
    if (this.pos < this.s.length) this.err('Expected EOF', '$');
    return v;
  }

  private value(path: string): PanValue {
    this.ws();
    if (this.pos >= this.s.length) this.err('End of input', path);
    const c = this.s[this.pos] as string;
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string(path);
    const m = /^(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.pos));
    if (m) {
      this.pos += m[0].length;
      if (m[2] === undefined && m[3] === undefined) {
        const big = BigInt(m[1] as string);
        if (big >= -(2n ** 63n) && big < 2n ** 63n) return normalize(big);
      }
      return new PanDouble(Number(m[0]));
    }
    for (const [word, val] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return val;
      }
    }
    return this.err('Expected value', path);
  }

  private string(path: string): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.s.length) {
      const c = this.s[this.pos++] as string;
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.s[this.pos++];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u') {
          const hex = this.s.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.err('Malformed Unicode escape', path);
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
        } else if (e !== undefined && map[e] !== undefined) out += map[e];
        else this.err('Invalid escape sequence', path);
      } else out += c;
    }
    this.pos = start;
    return this.err('Unterminated string', path);
  }

  private array(path: string): PanList {
    this.pos++;
    const items: PanValue[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return new PanList(items);
    }
    for (;;) {
      items.push(this.value(`${path}[${items.length}]`));
      this.ws();
      const c = this.s[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return new PanList(items);
      }
      if (c === undefined) this.err('End of input', `${path}[${items.length}]`);
      this.err('Unterminated array', path);
    }
  }

  private object(path: string): PanDict {
    this.pos++;
    const d = new PanDict();
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return d;
    }
    for (;;) {
      this.ws();
      if (this.pos >= this.s.length) this.err('End of input', `${path}.`);
      if (this.s[this.pos] !== '"') {
        this.pos++;
        this.err('Expected name', `${path}.`);
      }
      const key = this.string(path);
      this.ws();
      if (this.s[this.pos] !== ':') this.err("Expected ':'", `${path}.${key}`);
      this.pos++;
      const sub = `${path}.${key}`;
      const v = this.value(sub);
      if (!isValidKey(key)) fail(`JSON path '${sub}' is not a valid PAN path`);
      if (v !== null) d.set(key, v);
      this.ws();
      const c = this.s[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return d;
      }
      if (c === undefined) this.err('End of input', sub);
      this.err('Unterminated object', sub);
    }
  }
}

function decode(text: string): PanValue {
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e instanceof JsonSyntax) return fail(`invalid JSON value '${text}': ${e.message}`);
    throw e;
  }
}

export const jsonBuiltins: BuiltinSpec[] = [
  { name: 'json_encode', minArgs: 1, maxArgs: 1, pure: true, call: (a) => encode(a[0] as PanValue) },
  { name: 'json_decode', minArgs: 1, maxArgs: 1, pure: true, fresh: true, call: (a) => decode(argString('json_decode', a, 0)) },
];

/**
 * Reads a profile in panc's JSON format back into the value model, keeping
 * the types that JSON.parse would lose: an integer is a long (a bigint when
 * beyond ±2^53, as Pan longs are 64-bit), a number with a fraction or an
 * exponent is a double (Java writes every double with one). Errors carry
 * line:column.
 */
import { PanDict, PanDouble, PanList, type PanValue } from '../model/values.js';
import { normalize } from '../model/numbers.js';

export class JsonProfileReadError extends Error {
  constructor(readonly source: string, readonly line: number, readonly column: number, readonly reason: string) {
    super(`${source}:${line}:${column}: ${reason}`);
    this.name = 'JsonProfileReadError';
  }
}

/** Parses a JSON profile; its root must be an object. `source` names it in errors. */
export function readJsonProfile(text: string, source = '<json>'): PanDict {
  const reader = new JsonReader(text, source);
  const root = reader.document();
  if (root instanceof PanDict) return root;
  return reader.fail('the root of a profile must be a JSON object', 0);
}

const SPACE = /[ \n\r\t]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonReader {
  private pos = 0;

  constructor(private readonly s: string, private readonly source: string) {}

  document(): PanValue {
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    const v = this.value();
    this.skipSpace();
    if (this.pos < this.s.length) this.fail('unexpected content after the JSON document');
    return v;
  }

  fail(reason: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = this.s.indexOf('\n'); i >= 0 && i < at; i = this.s.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    throw new JsonProfileReadError(this.source, line, at - lineStart + 1, reason);
  }

  private skipSpace(): void {
    const c = this.s.charCodeAt(this.pos);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
    SPACE.lastIndex = this.pos;
    SPACE.test(this.s);
    this.pos = SPACE.lastIndex;
  }

  private value(): PanValue {
    this.skipSpace();
    const c = this.s[this.pos];
    switch (c) {
      case '{': return this.object();
      case '[': return this.array();
      case '"': return this.string();
      case 't': return this.word('true', true);
      case 'f': return this.word('false', false);
      case 'n': return this.word('null', null);
      case undefined: return this.fail('unexpected end of the document');
      default: return this.number();
    }
  }

  private word<T extends PanValue>(word: string, value: T): T {
    if (!this.s.startsWith(word, this.pos)) this.fail('a JSON value was expected');
    this.pos += word.length;
    return value;
  }

  private number(): PanValue {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (m === null) this.fail('a JSON value was expected');
    this.pos = NUMBER.lastIndex;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : normalize(BigInt(m[0]));
    }
    return new PanDouble(Number(m[0]));
  }

  private string(): string {
    const s = this.s;
    const start = ++this.pos;
    const end = s.indexOf('"', start);
    if (end < 0) this.fail('unterminated string', start - 1);
    const plain = s.slice(start, end);
    if (!plain.includes('\\')) {
      this.pos = end + 1;
      return plain;
    }
    let out = '';
    let p = start;
    for (;;) {
      const q = s.indexOf('"', p);
      const b = s.indexOf('\\', p);
      if (q < 0) this.fail('unterminated string', start - 1);
      if (b < 0 || q < b) {
        this.pos = q + 1;
        return out + s.slice(p, q);
      }
      out += s.slice(p, b);
      const e = s[b + 1] ?? '';
      if (e === 'u') {
        const hex = s.slice(b + 2, b + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('malformed \\u escape', b);
        out += String.fromCharCode(parseInt(hex, 16));
        p = b + 6;
      } else {
        const r = ESCAPES[e];
        if (r === undefined) this.fail(`invalid escape \\${e}`, b);
        out += r;
        p = b + 2;
      }
    }
  }

  private array(): PanList {
    this.pos++;
    const items: PanValue[] = [];
    this.skipSpace();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return new PanList(items);
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const c = this.s[this.pos++];
      if (c === ']') return new PanList(items);
      if (c !== ',') this.fail("',' or ']' expected", this.pos - 1);
    }
  }

  private object(): PanDict {
    this.pos++;
    const d = new PanDict();
    this.skipSpace();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return d;
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] !== '"') this.fail('a quoted member name was expected');
      const key = this.string();
      this.skipSpace();
      if (this.s[this.pos] !== ':') this.fail("':' expected");
      this.pos++;
      d.set(key, this.value());
      this.skipSpace();
      const c = this.s[this.pos++];
      if (c === '}') return d;
      if (c !== ',') this.fail("',' or '}' expected", this.pos - 1);
    }
  }
}

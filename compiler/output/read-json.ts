/**
 * JSON into the value model, keeping the types that JSON.parse would lose: an
 * integer is a long (a bigint when beyond ±2^53, as Pan longs are 64-bit), a
 * number with a fraction or an exponent is a double (Java writes every double
 * with one). Used to read profiles back (panfab diff) and by json_decode().
 * Errors carry line:column, the JSON path and a code naming what went wrong.
 */
import { lineColumn } from '../../common/text.js';
import { PanDict, PanDouble, PanList, type PanValue } from '../model/values.js';
import { normalize } from '../model/numbers.js';

/** What went wrong, as Gson words it (json_decode() reports these words, as panc does). */
export type JsonErrorCode = 'End of input' | 'Expected name' | 'Expected value' | 'Unterminated string' | 'Malformed escape' | 'Unexpected content' | 'Expected separator' | 'Not a profile';

export class JsonReadError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    readonly code: JsonErrorCode,
    /** JSON path of the failure, as Gson writes it (`$`, `$.a`, `$[0]`). */
    readonly jsonPath: string,
  ) {
    super(`${source}:${line}:${column}: ${reason}`);
    this.name = 'JsonReadError';
  }
}

export interface JsonReadOptions {
  /** Names the text in errors. */
  readonly source?: string;
  /**
   * Called for each object member: returns the value to keep, or undefined
   * to drop the member (json_decode drops nulls and refuses invalid keys).
   */
  readonly member?: (key: string, value: PanValue, jsonPath: string) => PanValue | undefined;
}

/** Parses any JSON value. */
export function readJsonValue(text: string, opts: JsonReadOptions = {}): PanValue {
  return new JsonReader(text, opts.source ?? '<json>', opts.member).document();
}

/** Parses a JSON profile; its root must be an object. `source` names it in errors. */
export function readJsonProfile(text: string, source = '<json>'): PanDict {
  const reader = new JsonReader(text, source, undefined);
  const root = reader.document();
  if (root instanceof PanDict) return root;
  return reader.fail('the root of a profile must be a JSON object', 'Not a profile', 0);
}

const SPACE = /[ \n\r\t]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonReader {
  private pos = 0;
  /** Keys and indexes leading to the value being read (for JSON paths in errors and to `member`). */
  private readonly path: (string | number)[] = [];

  constructor(
    private readonly s: string,
    private readonly source: string,
    private readonly member: JsonReadOptions['member'],
  ) {}

  private jsonPath(): string {
    return '$' + this.path.map((t) => (typeof t === 'number' ? `[${t}]` : `.${t}`)).join('');
  }

  document(): PanValue {
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    const v = this.value();
    this.skipSpace();
    if (this.pos < this.s.length) this.fail('unexpected content after the JSON document', 'Unexpected content');
    return v;
  }

  fail(reason: string, code: JsonErrorCode, at = this.pos): never {
    const { line, column } = lineColumn(this.s, at);
    throw new JsonReadError(this.source, line, column, reason, code, this.jsonPath());
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
      case undefined: return this.fail('unexpected end of the document', 'End of input');
      default: return this.number();
    }
  }

  private word<T extends PanValue>(word: string, value: T): T {
    if (!this.s.startsWith(word, this.pos)) this.fail('a JSON value was expected', 'Expected value');
    this.pos += word.length;
    return value;
  }

  private number(): PanValue {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (m === null) this.fail('a JSON value was expected', 'Expected value');
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
    if (end < 0) this.fail('unterminated string', 'Unterminated string', start - 1);
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
      if (q < 0) this.fail('unterminated string', 'Unterminated string', start - 1);
      if (b < 0 || q < b) {
        this.pos = q + 1;
        return out + s.slice(p, q);
      }
      out += s.slice(p, b);
      const e = s[b + 1] ?? '';
      if (e === 'u') {
        const hex = s.slice(b + 2, b + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('malformed \\u escape', 'Malformed escape', b);
        out += String.fromCharCode(parseInt(hex, 16));
        p = b + 6;
      } else {
        const r = ESCAPES[e];
        if (r === undefined) this.fail(`invalid escape \\${e}`, 'Malformed escape', b);
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
      this.path.push(items.length);
      items.push(this.value());
      this.skipSpace();
      const c = this.s[this.pos++];
      // Still at this item's path: Gson names it in errors about what follows.
      if (c === undefined) this.fail('unexpected end of the document', 'End of input', this.pos - 1);
      this.path.pop();
      if (c === ']') return new PanList(items);
      if (c !== ',') this.fail("',' or ']' expected", 'Expected separator', this.pos - 1);
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
      if (this.pos >= this.s.length) this.fail('unexpected end of the document', 'End of input');
      if (this.s[this.pos] !== '"') this.fail('a quoted member name was expected', 'Expected name');
      const key = this.string();
      this.skipSpace();
      if (this.s[this.pos] !== ':') this.fail("':' expected", 'Expected separator');
      this.pos++;
      this.path.push(key);
      const v = this.value();
      const kept = this.member === undefined ? v : this.member(key, v, this.jsonPath());
      this.path.pop();
      if (kept !== undefined) d.set(key, kept);
      this.skipSpace();
      const c = this.s[this.pos++];
      if (c === '}') return d;
      if (c === undefined) this.fail('unexpected end of the document', 'End of input', this.pos - 1);
      if (c !== ',') this.fail("',' or '}' expected", 'Expected separator', this.pos - 1);
    }
  }
}

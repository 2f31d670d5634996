/**
 * panc's JSON format, byte for byte: Gson's pretty printer (2-space indent,
 * `"key": value`, empty containers as `[]`/`{}`, no trailing newline) with
 * Gson's default HTML-safe string escaping. Dict keys come sorted in Java
 * String order (PanDict.keys()). Longs are written as Java writes a long,
 * doubles as Java's Double.toString. java-reference.test.ts checks all of it
 * against the real Gson.
 */
import { PanError } from '../errors.js';
import { javaDoubleToString } from '../java/double.js';
import { PanDict, PanDouble, PanList, type PanValue } from '../model/values.js';
import { FragmentCache, TextBuffer } from './fragments.js';
import { isSurrogatePair } from './surrogates.js';

/** Characters Gson escapes, plus surrogates (unpaired ones become '?', as Java's UTF-8 writer does). */
const JSON_SPECIAL = /[\x00-\x1f"\\<>&='\u2028\u2029\ud800-\udfff]/g;

/** Gson's replacement for each code unit below 0x80 that JSON_SPECIAL matches (HTML-safe table). */
const ASCII_ESCAPES: readonly string[] = (() => {
  const table = new Array<string>(0x80).fill('');
  for (let c = 0; c < 0x20; c++) table[c] = '\\u' + c.toString(16).padStart(4, '0');
  table[0x22] = '\\"';
  table[0x5c] = '\\\\';
  table[0x09] = '\\t';
  table[0x08] = '\\b';
  table[0x0a] = '\\n';
  table[0x0d] = '\\r';
  table[0x0c] = '\\f';
  for (const c of ['<', '>', '&', '=', "'"]) {
    table[c.charCodeAt(0)] = '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  }
  return table;
})();

/** The profile as panc's JSON document. */
export function formatJson(root: PanDict): string {
  return new JsonWriter().document(root).text();
}

/** formatJson as UTF-8, in a buffer the next document reuses (TextBuffer.utf8). */
export function formatJsonUtf8(root: PanDict): Uint8Array {
  return new JsonWriter().document(root).utf8();
}

/**
 * Any value written the same way (json_encode uses panc's Gson writer too);
 * Pan null is JSON null, undef cannot be written.
 */
export function formatJsonValue(value: PanValue): string {
  return new JsonWriter().document(value).text();
}

/** Fragments of interned subtrees already written (fragments.ts). */
const FRAGMENTS = new FragmentCache();

class JsonWriter {
  private readonly out = new TextBuffer();
  private readonly path: string[] = [];
  private readonly indents: string[] = ['\n'];

  document(root: PanValue): TextBuffer {
    this.value(root, 0);
    return this.out;
  }

  private indent(depth: number): string {
    let s = this.indents[depth];
    if (s === undefined) {
      s = '\n' + '  '.repeat(depth);
      this.indents[depth] = s;
    }
    return s;
  }

  private dict(dict: PanDict, depth: number): void {
    FRAGMENTS.write(this.out, dict, depth, () => this.dictBody(dict, depth));
  }

  private dictBody(dict: PanDict, depth: number): void {
    if (dict.size === 0) {
      this.out.add('{}');
      return;
    }
    const inner = this.indent(depth + 1);
    let sep = '{' + inner;
    // keys() + get() rather than the entries() generator: noticeably faster here.
    for (const key of dict.keys()) {
      this.out.add(sep + jsonString(key) + ': ');
      this.path.push(key);
      this.value(dict.get(key) as PanValue, depth + 1);
      this.path.pop();
      sep = ',' + inner;
    }
    this.out.add(this.indent(depth) + '}');
  }

  private list(list: PanList, depth: number): void {
    FRAGMENTS.write(this.out, list, depth, () => this.listBody(list, depth));
  }

  private listBody(list: PanList, depth: number): void {
    const items = list.items;
    if (items.length === 0) {
      this.out.add('[]');
      return;
    }
    const inner = this.indent(depth + 1);
    for (let i = 0; i < items.length; i++) {
      this.out.add((i === 0 ? '[' : ',') + inner);
      this.path.push(String(i));
      this.value(items[i] as PanValue, depth + 1);
      this.path.pop();
    }
    this.out.add(this.indent(depth) + ']');
  }

  private value(value: PanValue, depth: number): void {
    switch (typeof value) {
      case 'string':
        this.out.add(jsonString(value));
        return;
      case 'number':
      case 'bigint':
        this.out.add(value.toString());
        return;
      case 'boolean':
        this.out.add(value ? 'true' : 'false');
        return;
    }
    if (value instanceof PanDict) this.dict(value, depth);
    else if (value instanceof PanList) this.list(value, depth);
    // Gson writes a JsonElement tree leniently: infinities come out as `Infinity`.
    else if (value instanceof PanDouble) this.out.add(javaDoubleToString(value.value));
    else if (value === null) this.out.add('null');
    else throw this.unwritable('undef');
  }

  private unwritable(what: string): PanError {
    return new PanError('system', `cannot write ${what} at /${this.path.join('/')} in the JSON output`);
  }
}

/** A JSON string literal as Gson writes it (HTML-safe), unpaired surrogates as '?'. */
export function jsonString(s: string): string {
  // Jumping from one special character to the next with the regex is much
  // faster than a per-character loop on long strings (configuration files).
  JSON_SPECIAL.lastIndex = 0;
  let m = JSON_SPECIAL.exec(s);
  if (m === null) return '"' + s + '"';
  let out = '"';
  let clean = 0;
  while (m !== null) {
    const i = m.index;
    const c = s.charCodeAt(i);
    let rep: string;
    if (c < 0x80) rep = ASCII_ESCAPES[c] as string;
    else if (c === 0x2028 || c === 0x2029) rep = '\\u' + c.toString(16);
    else if (isSurrogatePair(c, s.charCodeAt(i + 1))) {
      JSON_SPECIAL.lastIndex = i + 2;
      m = JSON_SPECIAL.exec(s);
      continue;
    } else rep = '?';
    out += s.slice(clean, i) + rep;
    clean = i + 1;
    m = JSON_SPECIAL.exec(s);
  }
  return out + s.slice(clean) + '"';
}

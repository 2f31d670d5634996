/**
 * panc's "pan" XML format (also written for `xml`), byte for byte.
 *
 * panc feeds SAX events to the JDK's built-in serializer (Xalan's ToStream)
 * with indent="yes" and indent-number 4, so the layout and the escaping are
 * Xalan's, as observed on JDK 17 (java-reference.test.ts checks them against
 * the real JDK):
 *  - the XML declaration is directly followed by the root element;
 *  - every element starts on a new line, indented 4 spaces per level;
 *    elements without content are written `<x name="a"/>`;
 *  - text: `& < >` as entities, CR and the other C0 controls (but not TAB
 *    and LF) and U+007F..U+009F as decimal character references, characters
 *    outside the BMP as one decimal reference of their code point;
 *  - attributes: `& < > "` as entities, every C0 control (TAB and LF too) as
 *    a decimal reference, U+007F..U+009F written as they are.
 * XML 1.0 cannot carry most C0 controls, not even as references; panc writes
 * them anyway (`&#0;`) and so does this formatter.
 * An unpaired high surrogate makes Xalan fail; here it is a system error.
 */
import { PanError } from '../errors.js';
import { javaDoubleToString } from '../java/double.js';
import { PanDict, PanDouble, PanList, type PanValue } from '../model/values.js';
import { FragmentCache, TextBuffer } from './fragments.js';
import { isSurrogatePair } from './surrogates.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Characters a text node cannot hold as they are (per Xalan). */
const TEXT_SPECIAL = /[\x00-\x08\x0b-\x1f&<>\x7f-\x9f\ud800-\udfff]/g;
/** Characters an attribute value cannot hold as they are (per Xalan). */
const ATTR_SPECIAL = /[\x00-\x1f&<>"\ud800-\udfff]/g;

/** Entities for the markup characters; other special characters become numeric references. */
const ENTITIES: Readonly<Record<number, string>> = { 0x26: '&amp;', 0x3c: '&lt;', 0x3e: '&gt;', 0x22: '&quot;' };

/** The profile as panc's pan XML document (UTF-8 text, ends with a newline). */
export function formatPanXml(root: PanDict): string {
  return new PanXmlWriter().document(root).text();
}

/** formatPanXml as UTF-8, in a buffer the next document reuses (TextBuffer.utf8). */
export function formatPanXmlUtf8(root: PanDict): Uint8Array {
  return new PanXmlWriter().document(root).utf8();
}

/** Fragments of interned subtrees already written (fragments.ts). */
const FRAGMENTS = new FragmentCache();

class PanXmlWriter {
  private readonly out = new TextBuffer(XML_DECLARATION);
  /** Keys and indexes leading to the element being written, for error messages. */
  private readonly path: string[] = [];
  private readonly indents: string[] = ['\n'];

  document(root: PanDict): TextBuffer {
    this.out.add('<nlist format="pan" name="profile"');
    this.dictContent(root, 0);
    this.out.add('\n');
    return this.out;
  }

  private indent(depth: number): string {
    let s = this.indents[depth];
    if (s === undefined) {
      s = '\n' + ' '.repeat(4 * depth);
      this.indents[depth] = s;
    }
    return s;
  }

  /** Writes `>children</nlist>` or `/>` after an open `<nlist ...` tag at `depth`. */
  private dictContent(dict: PanDict, depth: number): void {
    FRAGMENTS.write(this.out, dict, depth, () => this.dictBody(dict, depth));
  }

  private dictBody(dict: PanDict, depth: number): void {
    if (dict.size === 0) {
      this.out.add('/>');
      return;
    }
    this.out.add('>');
    // keys() + get() rather than the entries() generator: noticeably faster here.
    for (const key of dict.keys()) {
      this.path.push(key);
      this.element(dict.get(key) as PanValue, ' name="' + escapeAttribute(key, this.path) + '"', depth + 1);
      this.path.pop();
    }
    this.out.add(this.indent(depth) + '</nlist>');
  }

  private listContent(list: PanList, depth: number): void {
    FRAGMENTS.write(this.out, list, depth, () => this.listBody(list, depth));
  }

  private listBody(list: PanList, depth: number): void {
    const items = list.items;
    if (items.length === 0) {
      this.out.add('/>');
      return;
    }
    this.out.add('>');
    for (let i = 0; i < items.length; i++) {
      this.path.push(String(i));
      this.element(items[i] as PanValue, '', depth + 1);
      this.path.pop();
    }
    this.out.add(this.indent(depth) + '</list>');
  }

  /** One element at `depth`; `nameAttr` is ` name="..."` for children of a dict, else empty. */
  private element(value: PanValue, nameAttr: string, depth: number): void {
    const open = this.indent(depth) + '<';
    switch (typeof value) {
      case 'string':
        this.out.add(
          value.length === 0
            ? open + 'string' + nameAttr + '/>'
            : open + 'string' + nameAttr + '>' + escapeText(value, this.path) + '</string>',
        );
        return;
      case 'number':
      case 'bigint':
        this.out.add(open + 'long' + nameAttr + '>' + value.toString() + '</long>');
        return;
      case 'boolean':
        this.out.add(open + 'boolean' + nameAttr + '>' + (value ? 'true' : 'false') + '</boolean>');
        return;
    }
    if (value instanceof PanDict) {
      this.out.add(open + 'nlist' + nameAttr);
      this.dictContent(value, depth);
    } else if (value instanceof PanList) {
      this.out.add(open + 'list' + nameAttr);
      this.listContent(value, depth);
    } else if (value instanceof PanDouble) {
      this.out.add(open + 'double' + nameAttr + '>' + javaDoubleToString(value.value) + '</double>');
    } else {
      throw unwritable(this.path, value === null ? 'null' : 'undef');
    }
  }
}

function unwritable(path: readonly string[], what: string): PanError {
  return new PanError('system', `cannot write ${what} at /${path.join('/')} in the pan XML output`);
}

/** Text content as Xalan escapes it. */
export function escapeText(s: string, path: readonly string[] = []): string {
  return escape(s, TEXT_SPECIAL, path);
}

/** Attribute value as Xalan escapes it. */
export function escapeAttribute(s: string, path: readonly string[] = []): string {
  return escape(s, ATTR_SPECIAL, path);
}

/**
 * Replaces what `special` matches: markup characters by entities, others by
 * decimal references (a surrogate pair by one reference of its code point).
 * Jumping from match to match with the regex is much faster than a loop over
 * every character of long strings.
 */
function escape(s: string, special: RegExp, path: readonly string[]): string {
  special.lastIndex = 0;
  let m = special.exec(s);
  if (m === null) return s;
  let out = '';
  let clean = 0;
  while (m !== null) {
    const i = m.index;
    const c = s.charCodeAt(i);
    let rep = ENTITIES[c];
    if (rep === undefined) {
      const cp = c >= 0xd800 && c <= 0xdfff ? surrogateCodePoint(s, i, path) : c;
      rep = '&#' + cp + ';';
      if (cp > 0xffff) special.lastIndex = i + 2;
    }
    out += s.slice(clean, i) + rep;
    clean = special.lastIndex;
    m = special.exec(s);
  }
  return out + s.slice(clean);
}

/**
 * What Xalan writes a reference for at the surrogate `s[i]`: the code point
 * of a pair, or the code unit of an unpaired low surrogate. An unpaired high
 * surrogate makes Xalan fail, so it is an error here too.
 */
function surrogateCodePoint(s: string, i: number, path: readonly string[]): number {
  const c = s.charCodeAt(i);
  if (c >= 0xdc00) return c;
  const next = s.charCodeAt(i + 1);
  if (isSurrogatePair(c, next)) return (c - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
  throw new PanError(
    'system',
    `cannot write the pan XML output: the string at /${path.join('/')} holds an unpaired UTF-16 surrogate (\\u${c.toString(16)})`,
  );
}

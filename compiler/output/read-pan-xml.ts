/**
 * Reads a profile in panc's pan XML format back into the value model (for
 * tests and `panfab diff`). A small dedicated reader rather than a general
 * XML parser: it keeps every character of string values exactly (character
 * references, CR, surrounding white space) and reports problems with
 * line:column. It accepts what any pan XML writer produces: XML declaration,
 * comments, processing instructions, CDATA sections, any indentation, extra
 * attributes (ignored).
 */
import { lineColumn } from '../../common/text.js';
import { LONG_MAX, LONG_MIN } from '../java/long.js';
import { PanDict, PanDouble, PanList, type PanValue } from '../model/values.js';

export class PanXmlReadError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${source}:${line}:${column}: ${reason}`);
    this.name = 'PanXmlReadError';
  }
}

/** Parses a pan XML profile; `source` names it in error messages. */
export function readPanXml(xml: string, source = '<pan xml>'): PanDict {
  return new PanXmlReader(xml, source).document();
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const WHITESPACE = /[ \t\r\n]*/y;
const LONG_TEXT = /^-?[0-9]+$/;
const DOUBLE_TEXT = /^(?:[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|-?Infinity|NaN)$/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Tag {
  name: string;
  attributes: Map<string, string>;
  /** Position of its `<`, for messages. */
  at: number;
  selfClosing: boolean;
}

class PanXmlReader {
  private readonly s: string;
  private pos = 0;

  constructor(
    xml: string,
    private readonly source: string,
  ) {
    // XML end-of-line handling: literal CR LF and CR are read as LF.
    this.s = xml.includes('\r') ? xml.replace(/\r\n?/g, '\n') : xml;
  }

  document(): PanDict {
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipMisc();
    const tag = this.startTag();
    if (tag.name !== 'nlist') this.fail(`the root element must be <nlist>, not <${tag.name}>`, tag.at);
    const root = this.dictBody(tag);
    this.skipMisc();
    if (this.pos < this.s.length) this.fail('unexpected content after the root element');
    return root;
  }

  private fail(reason: string, at = this.pos): never {
    const { line, column } = lineColumn(this.s, at);
    throw new PanXmlReadError(this.source, line, column, reason);
  }

  /** Skips white space, comments, processing instructions and a doctype. */
  private skipMisc(): void {
    for (;;) {
      WHITESPACE.lastIndex = this.pos;
      WHITESPACE.test(this.s);
      this.pos = WHITESPACE.lastIndex;
      if (this.s.startsWith('<?', this.pos)) this.skipPast('?>');
      else if (this.s.startsWith('<!--', this.pos)) this.skipPast('-->');
      else if (this.s.startsWith('<!DOCTYPE', this.pos)) this.skipPast('>');
      else return;
    }
  }

  private skipPast(end: string): void {
    const i = this.s.indexOf(end, this.pos);
    if (i < 0) this.fail(`unterminated markup: no "${end}"`);
    this.pos = i + end.length;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (m === null) this.fail('a name was expected');
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private startTag(): Tag {
    const at = this.pos;
    if (this.s[this.pos] !== '<') this.fail('an element was expected');
    this.pos++;
    const name = this.name();
    const attributes = new Map<string, string>();
    for (;;) {
      const before = this.pos;
      this.skipWhitespace();
      if (this.s.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, attributes, at, selfClosing: true };
      }
      if (this.s[this.pos] === '>') {
        this.pos++;
        return { name, attributes, at, selfClosing: false };
      }
      if (this.pos === before) this.fail(`malformed start tag <${name}>`);
      const attrAt = this.pos;
      const attr = this.name();
      this.skipWhitespace();
      if (this.s[this.pos] !== '=') this.fail(`"=" expected after attribute ${attr}`);
      this.pos++;
      this.skipWhitespace();
      if (attributes.has(attr)) this.fail(`duplicate attribute ${attr}`, attrAt);
      attributes.set(attr, this.attributeValue());
    }
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.test(this.s);
    this.pos = WHITESPACE.lastIndex;
  }

  private attributeValue(): string {
    const quote = this.s[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('a quoted attribute value was expected');
    const end = this.s.indexOf(quote, this.pos + 1);
    if (end < 0) this.fail('unterminated attribute value');
    const raw = this.s.slice(this.pos + 1, end);
    if (raw.includes('<')) this.fail('"<" in an attribute value');
    // Attribute-value normalisation: literal white space becomes a space; references stay exact.
    const value = this.decode(/[\t\n]/.test(raw) ? raw.replace(/[\t\n]/g, ' ') : raw, this.pos + 1);
    this.pos = end + 1;
    return value;
  }

  /** Replaces entity and character references in `raw` (found at `at`). */
  private decode(raw: string, at: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&]*);|&/g, (whole: string, ref: string | undefined, offset: number) => {
      if (ref === undefined) this.fail('"&" that starts no reference', at + offset);
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
        if (!/^#(?:x[0-9A-Fa-f]+|[0-9]+)$/.test(ref) || !(code <= 0x10ffff)) {
          this.fail(`bad character reference ${whole}`, at + offset);
        }
        return String.fromCodePoint(code);
      }
      const text = ENTITIES[ref];
      if (text === undefined) this.fail(`unknown entity ${whole}`, at + offset);
      return text;
    });
  }

  private endTag(name: string): void {
    const at = this.pos;
    this.pos += 2;
    const closing = this.name();
    this.skipWhitespace();
    if (closing !== name || this.s[this.pos] !== '>') this.fail(`</${name}> expected`, at);
    this.pos++;
  }

  /** Reads children up to `</name>`; `onChild` receives each child's start tag. */
  private children(open: Tag, onChild: (tag: Tag) => void): void {
    if (open.selfClosing) return;
    for (;;) {
      this.skipMisc();
      if (this.pos >= this.s.length) this.fail(`<${open.name}> is not closed`, open.at);
      if (this.s.startsWith('</', this.pos)) return this.endTag(open.name);
      if (this.s[this.pos] !== '<') this.fail(`unexpected text in <${open.name}>`);
      onChild(this.startTag());
    }
  }

  private dictBody(open: Tag): PanDict {
    const dict = new PanDict();
    this.children(open, (tag) => {
      const key = tag.attributes.get('name');
      if (key === undefined) this.fail(`<${tag.name}> in an nlist has no name attribute`, tag.at);
      if (dict.has(key)) this.fail(`duplicate name "${key}" in an nlist`, tag.at);
      dict.set(key, this.elementBody(tag));
    });
    return dict;
  }

  private listBody(open: Tag): PanList {
    const items: PanValue[] = [];
    this.children(open, (tag) => items.push(this.elementBody(tag)));
    return new PanList(items);
  }

  private elementBody(tag: Tag): PanValue {
    switch (tag.name) {
      case 'nlist':
        return this.dictBody(tag);
      case 'list':
        return this.listBody(tag);
      case 'string':
        return this.text(tag);
      case 'long':
        return this.long(tag);
      case 'double':
        return this.double(tag);
      case 'boolean':
        return this.boolean(tag);
      default:
        return this.fail(`unknown element <${tag.name}>`, tag.at);
    }
  }

  /** The character content of a leaf element (entities decoded, CDATA sections included). */
  private text(open: Tag): string {
    if (open.selfClosing) return '';
    let out = '';
    for (;;) {
      const lt = this.s.indexOf('<', this.pos);
      if (lt < 0) this.fail(`<${open.name}> is not closed`, open.at);
      out += this.decode(this.s.slice(this.pos, lt), this.pos);
      this.pos = lt;
      if (this.s.startsWith('</', lt)) {
        this.endTag(open.name);
        return out;
      }
      if (this.s.startsWith('<![CDATA[', lt)) {
        const end = this.s.indexOf(']]>', lt);
        if (end < 0) this.fail('unterminated CDATA section');
        out += this.s.slice(lt + 9, end);
        this.pos = end + 3;
      } else if (this.s.startsWith('<!--', lt)) {
        this.skipPast('-->');
      } else if (this.s.startsWith('<?', lt)) {
        this.skipPast('?>');
      } else {
        this.fail(`<${open.name}> cannot contain elements`);
      }
    }
  }

  private long(tag: Tag): number | bigint {
    const text = this.text(tag).trim();
    if (!LONG_TEXT.test(text)) this.fail(`not a long: ${JSON.stringify(text)}`, tag.at);
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
    const big = BigInt(text);
    if (big < LONG_MIN || big > LONG_MAX) this.fail(`long out of range: ${text}`, tag.at);
    return big;
  }

  private double(tag: Tag): PanDouble {
    const text = this.text(tag).trim();
    if (!DOUBLE_TEXT.test(text)) this.fail(`not a double: ${JSON.stringify(text)}`, tag.at);
    return new PanDouble(Number(text));
  }

  private boolean(tag: Tag): boolean {
    const text = this.text(tag).trim();
    if (text !== 'true' && text !== 'false') this.fail(`not a boolean: ${JSON.stringify(text)}`, tag.at);
    return text === 'true';
  }
}

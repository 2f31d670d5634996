import { describe, expect, it } from 'vitest';
import { PanError } from '../errors.js';
import { PanDict, PanDouble, PanList, UNDEF, type PanValue } from '../model/values.js';
import { escapeAttribute, escapeText, formatPanXml } from './pan-xml.js';

function dict(entries: Record<string, PanValue>): PanDict {
  const d = new PanDict();
  for (const [k, v] of Object.entries(entries)) d.set(k, v);
  return d;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?><nlist format="pan" name="profile"';

// Expected texts are what JDK 17's serializer wrote for the same SAX events (see java-reference.test.ts).
describe('formatPanXml', () => {
  it('writes the layout panc writes: declaration glued to the root, 4-space indent, final newline', () => {
    const root = dict({
      a: dict({ l: new PanList([1, 'two', new PanDouble(3.5), true]) }),
      b: false,
    });
    expect(formatPanXml(root)).toBe(
      HEAD +
        '>\n' +
        '    <nlist name="a">\n' +
        '        <list name="l">\n' +
        '            <long>1</long>\n' +
        '            <string>two</string>\n' +
        '            <double>3.5</double>\n' +
        '            <boolean>true</boolean>\n' +
        '        </list>\n' +
        '    </nlist>\n' +
        '    <boolean name="b">false</boolean>\n' +
        '</nlist>\n',
    );
  });

  it('writes empty resources and empty strings as empty elements', () => {
    expect(formatPanXml(new PanDict())).toBe(HEAD + '/>\n');
    const root = dict({ d: new PanDict(), l: new PanList([]), s: '', x: new PanList(['', new PanDict()]) });
    expect(formatPanXml(root)).toBe(
      HEAD +
        '>\n    <nlist name="d"/>\n    <list name="l"/>\n    <string name="s"/>\n' +
        '    <list name="x">\n        <string/>\n        <nlist/>\n    </list>\n</nlist>\n',
    );
  });

  it('writes doubles as Java does and longs of any size', () => {
    const root = dict({
      a: new PanDouble(1),
      b: new PanDouble(1e10),
      c: new PanDouble(1.234e-5),
      d: new PanDouble(-0),
      e: 2n ** 63n - 1n,
      f: -(2n ** 63n),
    });
    const xml = formatPanXml(root);
    expect(xml).toContain('<double name="a">1.0</double>');
    expect(xml).toContain('<double name="b">1.0E10</double>');
    expect(xml).toContain('<double name="c">1.234E-5</double>');
    expect(xml).toContain('<double name="d">-0.0</double>');
    expect(xml).toContain('<long name="e">9223372036854775807</long>');
    expect(xml).toContain('<long name="f">-9223372036854775808</long>');
  });

  it('keeps white space of strings as it is, including leading newlines', () => {
    const xml = formatPanXml(dict({ a: ' ', b: '\nabc\n', c: '\t' }));
    expect(xml).toContain('<string name="a"> </string>\n');
    expect(xml).toContain('<string name="b">\nabc\n</string>\n');
    expect(xml).toContain('<string name="c">\t</string>\n');
  });

  it('writes unusual keys escaped in the name attribute', () => {
    const xml = formatPanXml(dict({ 'a"b': 1, 'x\ny': 2, '<&>': 3 }));
    expect(xml).toContain('<long name="&lt;&amp;&gt;">3</long>');
    expect(xml).toContain('<long name="a&quot;b">1</long>');
    expect(xml).toContain('<long name="x&#10;y">2</long>');
  });

  it('refuses values that cannot be in a final tree, naming the path', () => {
    expect(() => formatPanXml(dict({ a: dict({ b: new PanList([UNDEF]) }) }))).toThrow(/undef at \/a\/b\/0/);
    expect(() => formatPanXml(dict({ a: null }))).toThrow(PanError);
  });
});

describe('escapeText (Xalan text escaping)', () => {
  it.each([
    ['plain', 'plain'],
    ['<&>"\'', '&lt;&amp;&gt;"\''],
    [']]>', ']]&gt;'],
    ['a\r\nb', 'a&#13;\nb'],
    ['\t\n', '\t\n'],
    ['\x00\x01\x1f', '&#0;&#1;&#31;'],
    ['\x7f\x85\x9f\xa0', '&#127;&#133;&#159;\xa0'],
    ['\u2028\u2029\ufffe\uffff', '\u2028\u2029\ufffe\uffff'],
    ['é\u4e2d', 'é\u4e2d'],
    ['\ud83d\ude00!', '&#128512;!'],
    ['\udbff\udfff', '&#1114111;'],
    ['a\udc00', 'a&#56320;'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it('refuses an unpaired high surrogate', () => {
    expect(() => escapeText('a\ud800b', ['k'])).toThrow(/\/k holds an unpaired UTF-16 surrogate \(\\ud800\)/);
  });
});

describe('escapeAttribute (Xalan attribute escaping)', () => {
  it.each([
    ['plain', 'plain'],
    ['<&>"\'', '&lt;&amp;&gt;&quot;\''],
    ['\t\n\r', '&#9;&#10;&#13;'],
    ['\x00\x1f', '&#0;&#31;'],
    ['\x7f\x85\x9f', '\x7f\x85\x9f'],
    ['\ud83d\ude00', '&#128512;'],
    ['\udc00', '&#56320;'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeAttribute(input)).toBe(expected);
  });
});

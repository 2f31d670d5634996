import { describe, expect, it } from 'vitest';
import { PanDict, PanDouble, PanList, type PanValue } from '../model/values.js';
import { formatPanXml } from './pan-xml.js';
import { PanXmlReadError, readPanXml } from './read-pan-xml.js';

function dict(entries: Record<string, PanValue>): PanDict {
  const d = new PanDict();
  for (const [k, v] of Object.entries(entries)) d.set(k, v);
  return d;
}

/** Plain JS view of a tree, for deep equality. */
function plain(v: PanValue): unknown {
  if (v instanceof PanDict) return Object.fromEntries(Array.from(v.entries(), ([k, c]) => [k, plain(c)]));
  if (v instanceof PanList) return v.items.map(plain);
  if (v instanceof PanDouble) return { double: Object.is(v.value, -0) ? '-0' : v.value };
  return v;
}

describe('readPanXml', () => {
  it('reads back what formatPanXml writes, every character of strings and keys included', () => {
    const tree = dict({
      strings: new PanList(['', ' ', '\n\nx\n', 'a\r\nb', '\x00\x1f\x7f\x85', '<&>"\'', ']]>', '\ud83d\ude00', 'a\udc00', '\u2028']),
      'key "with" <odd>\tchars\n\r': 1,
      longs: new PanList([0, -1, 2n ** 63n - 1n, -(2n ** 63n), Number.MAX_SAFE_INTEGER]),
      doubles: new PanList([new PanDouble(1), new PanDouble(-0), new PanDouble(1e-7), new PanDouble(Infinity)]),
      flags: dict({ t: true, f: false }),
      empty: dict({ d: new PanDict(), l: new PanList([]) }),
    });
    const xml = formatPanXml(tree);
    const back = readPanXml(xml);
    expect(plain(back)).toEqual(plain(tree));
    expect(formatPanXml(back)).toBe(xml);
  });

  it('accepts other layouts: no indentation, comments, CDATA, single quotes, extra attributes', () => {
    const xml =
      "<?xml version='1.0'?>\n<!-- c --><nlist format='pan' name='profile' derivation='x'><string name='s'>a<![CDATA[<b>]]>&#x41;</string>" +
      '<list name="l"><long> 5 </long><!-- c --></list></nlist>';
    expect(plain(readPanXml(xml))).toEqual({ s: 'a<b>A', l: [5] });
  });

  it('normalises literal line ends and attribute white space as XML requires', () => {
    const xml = '<nlist name="profile"><string name="a\tb">x\r\ny\rz</string></nlist>';
    expect(plain(readPanXml(xml))).toEqual({ 'a b': 'x\ny\nz' });
  });

  it.each([
    ['<list/>', 1, 1, /root element must be <nlist>/],
    ['<nlist>\n  <long>1</long></nlist>', 2, 3, /has no name attribute/],
    ['<nlist>\n<long name="a">x</long></nlist>', 2, 1, /not a long: "x"/],
    ['<nlist><long name="a">9223372036854775808</long></nlist>', 1, 8, /out of range/],
    ['<nlist><double name="a">1.2.3</double></nlist>', 1, 8, /not a double/],
    ['<nlist><boolean name="a">yes</boolean></nlist>', 1, 8, /not a boolean/],
    ['<nlist><string name="a">&bogus;</string></nlist>', 1, 25, /unknown entity &bogus;/],
    ['<nlist><string name="a">x</nlist>', 1, 26, /<\/string> expected/],
    ['<nlist><string name="a"><b/></string></nlist>', 1, 25, /cannot contain elements/],
    ['<nlist><long name="a">1</long><long name="a">2</long></nlist>', 1, 31, /duplicate name "a"/],
    ['<nlist><foo name="a"/></nlist>', 1, 8, /unknown element <foo>/],
    ['<nlist>', 1, 1, /not closed/],
    ['<nlist/>x', 1, 9, /after the root element/],
  ])('reports %j at its line and column', (xml, line, column, reason) => {
    let error: unknown;
    try {
      readPanXml(xml, 'p.xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PanXmlReadError);
    const e = error as PanXmlReadError;
    expect(e.message).toMatch(reason);
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message.startsWith(`p.xml:${line}:${column}: `)).toBe(true);
  });
});

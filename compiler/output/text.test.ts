import { describe, expect, it } from 'vitest';
import { PanDict, PanDouble, PanList } from '../model/values.js';
import { formatText } from './text.js';

describe('formatText', () => {
  it('dumps the tree: resources as +-name, properties as $ name : (type) \'value\'', () => {
    const root = new PanDict();
    const sys = new PanDict();
    sys.set('name', 'node1');
    sys.set('ram', 2048);
    sys.set('load', new PanDouble(1));
    sys.set('on', true);
    root.set('system', sys);
    root.set('list', new PanList(['a', new PanDict()]));
    expect(formatText(root)).toBe(
      [
        '+-profile',
        '  +-list',
        "    $ 0 : (string) 'a'",
        '    +-1',
        '  +-system',
        "    $ load : (double) '1.0'",
        "    $ name : (string) 'node1'",
        "    $ on : (boolean) 'true'",
        "    $ ram : (long) '2048'",
        '',
      ].join('\n'),
    );
  });

  it('writes an unpaired surrogate as "?", as Java\'s UTF-8 writer does', () => {
    const root = new PanDict();
    root.set('s', 'a\ud800');
    expect(formatText(root)).toBe("+-profile\n  $ s : (string) 'a?'\n");
  });
});

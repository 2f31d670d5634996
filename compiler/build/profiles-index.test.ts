import { describe, expect, it } from 'vitest';
import { profilesInfoText, type IndexedOutput, type IndexedProfiles } from './profiles-index.js';

const out = (file: string, mtime: number): IndexedOutput => ({ file, sha256: '0'.repeat(64), size: 1, mtime });

describe('profilesInfoText', () => {
  it('lists the profile files of each profile in name and format order, escaped, mtimes in seconds', () => {
    const profiles: IndexedProfiles = new Map([
      ['n2', new Map([['json', out('n2.json', 2_999)]])],
      ["a&b<'c'>", new Map([['xml', out("a&b<'c'>.xml", 1_000)], ['dep', out("a&b<'c'>.dep", 1_000)], ['json', out("a&b<'c'>.json", 1_500)]])],
      ['n1', new Map([['json.gz', out('n1.json.gz', 5)]])],
    ]);
    expect(profilesInfoText(profiles)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<profiles>\n' +
        ' <profile mtime="1">a&#38;b&#60;&#39;c&#39;&#62;.json</profile>\n' +
        ' <profile mtime="1">a&#38;b&#60;&#39;c&#39;&#62;.xml</profile>\n' +
        ' <profile mtime="0">n1.json.gz</profile>\n' +
        ' <profile mtime="2">n2.json</profile>\n' +
        '</profiles>\n',
    );
    expect(profilesInfoText(new Map())).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<profiles>\n</profiles>\n');
  });
});

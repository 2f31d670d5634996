import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { formatJson } from '../output/json.js';
import { formatPanXml } from '../output/pan-xml.js';
import { PanDouble, dictOf, listOf } from '../model/values.js';
import { ProfileDirError, listProfiles, readProfile } from './profile-dir.js';
import { compareFiles } from './diff-dirs.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'panfab-profile-dir-'));
  return dir;
}

const tree = dictOf([['hardware', dictOf([['ram', listOf([dictOf([['size', 512]])])], ['speed', new PanDouble(2.5)]])]]);

describe('profile directories', () => {
  it('lists profiles by object name (namespaces as sub-directories), best format first, skipping indexes and temporaries', () => {
    const d = tempDir();
    mkdirSync(join(d, 'ns'));
    writeFileSync(join(d, 'a.example.org.json'), formatJson(tree));
    writeFileSync(join(d, 'a.example.org.xml'), formatPanXml(tree));
    writeFileSync(join(d, 'a.example.org.dep'), '');
    writeFileSync(join(d, 'ns', 'b.example.org.xml.gz'), gzipSync(formatPanXml(tree)));
    writeFileSync(join(d, 'profiles-info.xml'), '<profiles/>');
    writeFileSync(join(d, 'profiles-index.json'), '{}');
    writeFileSync(join(d, 'profiles-index.shard-1-of-2.json'), '{}');
    writeFileSync(join(d, '.c.example.org.json.tmp-1-1'), '');
    expect([...listProfiles(d)]).toEqual([
      ['a.example.org', join(d, 'a.example.org.json')],
      ['ns/b.example.org', join(d, 'ns', 'b.example.org.xml.gz')],
    ]);
  });

  it('reads the same tree from JSON, pan XML and their gzip forms', () => {
    const d = tempDir();
    const files = { json: formatJson(tree), xml: formatPanXml(tree) };
    writeFileSync(join(d, 'p.json'), files.json);
    writeFileSync(join(d, 'p.xml.gz'), gzipSync(files.xml));
    expect(compareFiles(join(d, 'p.json'), join(d, 'p.xml.gz'))).toEqual([]);
    expect(readProfile(join(d, 'p.xml.gz')).get('hardware')).toBeDefined();
  });

  it('says which directory is missing', () => {
    const d = tempDir();
    expect(() => listProfiles(join(d, 'nope'))).toThrow(new ProfileDirError(`${join(d, 'nope')}: no such directory`));
    writeFileSync(join(d, 'file'), '');
    expect(() => listProfiles(join(d, 'file'))).toThrow(/not a directory/);
  });
});

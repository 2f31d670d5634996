import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { indexAsRecorded, jobsKey, readIndexRecord, recordIndex, writeIndexRecord } from './index-record.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** An output directory with both index files, last modified a minute ago. */
function outputDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'panfab-index-record-'));
  for (const f of ['profiles-index.json', 'profiles-info.xml']) {
    writeFileSync(join(dir, f), `${f}\n`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, f), old, old);
  }
  return dir;
}

describe('index record', () => {
  it('keys a build by its set of object templates, whatever their order', () => {
    expect(jobsKey(['/s/b.pan', '/s/a.pan'])).toBe(jobsKey(['/s/a.pan', '/s/b.pan']));
    expect(jobsKey(['/s/a.pan'])).not.toBe(jobsKey(['/s/a.pan', '/s/b.pan']));
  });

  it('holds for the same object templates while both index files keep their stamps', () => {
    const out = outputDir();
    const key = jobsKey(['/s/a.pan']);
    const record = recordIndex(out, key, Date.now());
    expect(indexAsRecorded(out, record, key)).toBe(true);
    expect(indexAsRecorded(out, record, jobsKey(['/s/a.pan', '/s/b.pan']))).toBe(false);
    expect(indexAsRecorded(out, undefined, key)).toBe(false);
    writeFileSync(join(out, 'profiles-info.xml'), 'another listing\n');
    expect(indexAsRecorded(out, record, key)).toBe(false);
    expect(indexAsRecorded(out, recordIndex(out, key, Date.now()), key)).toBe(false); // just modified: not trusted yet
    rmSync(join(out, 'profiles-index.json'));
    expect(indexAsRecorded(out, recordIndex(out, key, Date.now() + 60_000), key)).toBe(false);
  });

  it('is read back as written, removed when told, and ignored when damaged', () => {
    const out = outputDir();
    const path = join(out, 'record.json');
    const record = recordIndex(out, jobsKey(['/s/a.pan']), Date.now());
    writeIndexRecord(path, record);
    expect(readIndexRecord(path)).toEqual(record);
    writeIndexRecord(path, undefined);
    expect(readIndexRecord(path)).toBeUndefined();
    writeFileSync(path, '{"format":"panfab-index-record/1","jobs":1}');
    expect(readIndexRecord(path)).toBeUndefined();
    writeFileSync(path, 'not json');
    expect(readIndexRecord(path)).toBeUndefined();
  });
});

/**
 * panc's own outputs for the ten Quattor example profiles: read each golden
 * pan XML into the value model, write it back as pan XML and as JSON, and
 * require the golden bytes; same for the .dep files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatDep, parseDep } from './dep.js';
import { firstDifference } from './first-difference.js';
import { formatProfile } from './index.js';
import { formatJson } from './json.js';
import { formatPanXml } from './pan-xml.js';
import { readPanXml } from './read-pan-xml.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.resolve(here, '../../../shared/acceptance/quattor-examples/golden');

function hosts(): string[] {
  if (!existsSync(GOLDEN)) throw new Error(`golden profiles not found: ${GOLDEN}`);
  return readdirSync(GOLDEN)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => f.slice(0, -'.xml'.length))
    .sort();
}

function golden(host: string, suffix: string): string {
  return readFileSync(path.join(GOLDEN, host + suffix), 'utf8');
}

/** Fails with the first differing line and element path, not the whole text. */
function expectSameText(actual: string, expected: string, what: string): void {
  const diff = firstDifference(expected, actual);
  if (diff !== null) expect.fail(`${what}: ${diff}`);
}

describe('golden profiles written by panc', () => {
  const names = hosts();

  it('has the ten example profiles', () => {
    expect(names).toHaveLength(10);
  });

  for (const host of names) {
    describe(host, () => {
      const xml = golden(host, '.xml');
      const root = readPanXml(xml, `${host}.xml`);

      it('pan XML is byte-identical', () => {
        expectSameText(formatPanXml(root), xml, `${host}.xml`);
      });

      it('JSON is byte-identical', () => {
        expectSameText(formatJson(root), golden(host, '.json'), `${host}.json`);
      });

      it('.dep is identical, whatever order the dependencies come in', () => {
        const dep = golden(host, '.dep');
        const deps = parseDep(dep);
        expect(deps.length).toBeGreaterThan(100);
        const shuffled = [...deps].reverse();
        shuffled.push(deps[0]!); // a dependency reported twice is written once
        expectSameText(formatDep(shuffled), dep, `${host}.dep`);
      });

      it('gz formats hold the same bytes', () => {
        const gz = formatProfile('json.gz', root, []);
        expect(gz).toBeInstanceOf(Uint8Array);
        expectSameText(gunzipSync(gz as Uint8Array).toString('utf8'), golden(host, '.json'), `${host}.json.gz`);
        const xmlGz = formatProfile('pan.gz', root, []) as Uint8Array;
        expectSameText(gunzipSync(xmlGz).toString('utf8'), xml, `${host}.xml.gz`);
      });
    });
  }
});

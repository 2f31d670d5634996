import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { OutputFormat } from '../build/api.js';
import { PanDict } from '../model/values.js';
import { formatDep } from './dep.js';
import { formatDot } from './dot.js';
import { formatProfile, formatProfileBytes, outputSuffix, type WritableFormat } from './index.js';
import { formatJson } from './json.js';
import { formatPanXml } from './pan-xml.js';
import { formatText } from './text.js';

const root = new PanDict();
root.set('a', 'b<c');
const deps = [{ name: 'host', type: 'PAN' as const, location: 'file:/cfg/' }];

describe('formatProfile', () => {
  it.each<[WritableFormat, string]>([
    ['pan', formatPanXml(root)],
    ['xml', formatPanXml(root)],
    ['json', formatJson(root)],
    ['dep', formatDep(deps)],
    ['text', formatText(root)],
    ['dot', formatDot('host', deps)],
  ])('%s gives the text of its formatter', (format, expected) => {
    expect(formatProfile(format, root, deps, 'host')).toBe(expected);
  });

  it.each<[WritableFormat, string]>([
    ['pan.gz', formatPanXml(root)],
    ['xml.gz', formatPanXml(root)],
    ['json.gz', formatJson(root)],
  ])('%s gives gzip of the same bytes', (format, expected) => {
    const gz = formatProfile(format, root, deps);
    expect(gz).toBeInstanceOf(Uint8Array);
    expect(gunzipSync(gz as Uint8Array).toString('utf8')).toBe(expected);
  });
});

describe('formatProfileBytes', () => {
  it.each<WritableFormat>(['pan', 'xml', 'json', 'dep', 'text', 'dot', 'json.gz'])('%s gives the bytes of formatProfile', (format) => {
    const text = formatProfile(format, root, deps, 'host');
    const expected = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
    const bytes = formatProfileBytes(format, root, deps, 'host');
    if (format.endsWith('.gz')) expect(gunzipSync(bytes).equals(gunzipSync(expected))).toBe(true);
    else expect(Buffer.from(bytes).equals(expected)).toBe(true);
  });
});

describe('outputSuffix', () => {
  it.each<[OutputFormat, string | null]>([
    ['pan', '.xml'],
    ['xml', '.xml'],
    ['pan.gz', '.xml.gz'],
    ['xml.gz', '.xml.gz'],
    ['json', '.json'],
    ['json.gz', '.json.gz'],
    ['dep', '.dep'],
    ['text', '.txt'],
    ['dot', '.dot'],
    ['null', null],
  ])('%s -> %s', (format, suffix) => {
    expect(outputSuffix(format)).toBe(suffix);
  });
});

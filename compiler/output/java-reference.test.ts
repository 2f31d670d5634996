/**
 * Differential test against the real Java parts panc writes its outputs
 * with: the JDK's XML serializer (pan XML), Gson (JSON) and GZIPOutputStream
 * (.gz). java-reference/PancFormatters.java drives them the way panc's
 * formatters do; this test feeds it and our formatters the same trees (hand
 * picked and seeded-random, with every class of awkward character) and
 * requires identical bytes.
 *
 * Needs a JDK and Gson: Debian packages openjdk-17-jdk-headless and
 * libgoogle-gson-java.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PanError } from '../errors.js';
import { PanDict, PanDouble, PanList, type PanValue } from '../model/values.js';
import { javaGzip } from './gzip.js';
import { formatJson } from './json.js';
import { formatPanXml } from './pan-xml.js';
import { javaDirectoryUri } from './dep.js';
import { firstDifference } from './first-difference.js';
import { replaceUnpairedSurrogates } from './surrogates.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = path.join(here, 'java-reference', 'PancFormatters.java');
const GSON_JAR = '/usr/share/java/gson.jar';

interface JavaResult {
  xml?: string;
  xmlGz?: string;
  xmlError?: string;
  json?: string;
  jsonError?: string;
}

type Tagged =
  | { t: 'dict'; e: [string, Tagged][] }
  | { t: 'list'; e: Tagged[] }
  | { t: 'long' | 'double' | 'string'; v: string }
  | { t: 'boolean'; v: boolean };

function tagged(v: PanValue): Tagged {
  if (v instanceof PanDict) return { t: 'dict', e: Array.from(v.entries(), ([k, c]) => [k, tagged(c)]) };
  if (v instanceof PanList) return { t: 'list', e: v.items.map(tagged) };
  if (v instanceof PanDouble) return { t: 'double', v: Object.is(v.value, -0) ? '-0.0' : String(v.value) };
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return { t: 'long', v: v.toString() };
    case 'string':
      return { t: 'string', v };
    case 'boolean':
      return { t: 'boolean', v };
    default:
      throw new Error('not in a final tree');
  }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Code units and pairs from every class the escapers treat differently. */
const PIECES = [
  'a', 'Z', '0', ' ', '  ', '\t', '\n', '\r', '\r\n', '\x00', '\x01', '\x08', '\x0b', '\x0c', '\x1f',
  '&', '<', '>', '"', "'", '=', '\\', '/', ']]>', '&amp;', '\x7f', '\x80', '\x85', '\x9f', '\xa0', 'é',
  '\u2028', '\u2029', '\u4e2d', '\ufeff', '\ufffe', '\uffff', '\ud83d\ude00', '\udbff\udfff', '\udc00',
  'x y', 'path/to', '-', '_', '.',
];

function randomString(rand: () => number, maxPieces: number): string {
  const n = Math.floor(rand() * (maxPieces + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

const DOUBLES = [0, -0, 1, -1, 0.1, 1.5, 1e-3, 1e-4, 1e7, 1e-7, 1.234e-5, 1e10, 1e21, 1e22, 123456789.125,
  Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308, 1 / 3, Infinity, -Infinity];
const LONGS: (number | bigint)[] = [0, 1, -1, 42, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER,
  2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n];

function randomValue(rand: () => number, depth: number): PanValue {
  const kind = Math.floor(rand() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return randomString(rand, 6);
    case 1:
      return rand() < 0.5 ? LONGS[Math.floor(rand() * LONGS.length)]! : Math.floor((rand() - 0.5) * 2e6);
    case 2:
      return new PanDouble(rand() < 0.6 ? DOUBLES[Math.floor(rand() * DOUBLES.length)]! : (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20));
    case 3:
      return rand() < 0.5;
    case 4:
      return randomString(rand, 2);
    case 5: {
      const items: PanValue[] = [];
      const n = Math.floor(rand() * 4);
      for (let i = 0; i < n; i++) items.push(randomValue(rand, depth + 1));
      return new PanList(items);
    }
    default:
      return randomDict(rand, depth + 1);
  }
}

function randomDict(rand: () => number, depth: number): PanDict {
  const d = new PanDict();
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) d.set(randomString(rand, 3) || 'k' + i, randomValue(rand, depth));
  return d;
}

function dict(entries: Record<string, PanValue>): PanDict {
  const d = new PanDict();
  for (const [k, v] of Object.entries(entries)) d.set(k, v);
  return d;
}

function handPicked(): PanDict[] {
  const every = dict({});
  PIECES.forEach((p, i) => {
    every.set(`s${i}`, p);
    every.set(`k${i}${p}`, `v${p}v`);
  });
  return [
    dict({}),
    every,
    dict({ a: '', b: ' ', c: '\n', d: '\n\nx\n', e: '  lead and trail  ', f: '\t', g: '\r' }),
    dict({ empty: dict({}), emptyList: new PanList([]), nested: new PanList([new PanList([]), dict({}), ''])}),
    dict({ d: new PanList(DOUBLES.map((x) => new PanDouble(x))), l: new PanList(LONGS) }),
    dict({ deep: dict({ a: dict({ b: dict({ c: new PanList([dict({ x: 1, y: 'two' }), true, false]) }) }) }) }),
    dict({ 'B': 1, 'a': 2, '_': 3, 'Z': 4, 'é': 5, '\ud83d\ude00': 6, '\uffff': 7, '10': 8, '9': 9 }),
  ];
}

let workDir = '';

beforeAll(async () => {
  if (!existsSync(GSON_JAR)) throw new Error(`${GSON_JAR} is missing: install the Debian package libgoogle-gson-java`);
  workDir = mkdtempSync(path.join(tmpdir(), 'panfab-javaref-'));
  await execa('javac', ['-encoding', 'UTF-8', '-cp', GSON_JAR, '-d', workDir, SOURCE]).catch((e: unknown) => {
    throw new Error(`cannot compile the Java reference (Debian package openjdk-17-jdk-headless): ${String(e)}`);
  });
}, 60_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface JavaOutput {
  trees: JavaResult[];
  dirUris: string[];
}

let runs = 0;

async function runJava(trees: PanDict[], dirs: string[] = []): Promise<JavaOutput> {
  const input = path.join(workDir, `cases-${runs++}.json`);
  writeFileSync(input, JSON.stringify({ trees: trees.map(tagged), dirs }));
  const { stdout } = await execa('java', ['-cp', `${workDir}:${GSON_JAR}`, 'PancFormatters', input], {
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout) as JavaOutput;
}

function ours(format: () => string): { text?: string; error?: string } {
  try {
    return { text: format() };
  } catch (e) {
    if (!(e instanceof PanError)) throw e;
    return { error: e.message };
  }
}

function compare(trees: PanDict[], results: JavaResult[]): string[] {
  const problems: string[] = [];
  trees.forEach((tree, i) => {
    const r = results[i]!;
    const xml = ours(() => formatPanXml(tree));
    if (r.xml === undefined) {
      if (xml.error === undefined) problems.push(`case ${i}: Java failed (${r.xmlError}) but pan XML was written`);
    } else {
      const javaXml = Buffer.from(r.xml, 'base64');
      if (xml.text === undefined) problems.push(`case ${i}: pan XML failed (${xml.error}), Java wrote it`);
      else {
        const diff = firstDifference(javaXml.toString('utf8'), xml.text);
        if (diff !== null || !javaXml.equals(Buffer.from(xml.text, 'utf8'))) problems.push(`case ${i} pan XML: ${diff ?? 'bytes differ'}`);
        else if (!Buffer.from(r.xmlGz!, 'base64').equals(javaGzip(xml.text))) problems.push(`case ${i}: gzip bytes differ`);
      }
    }
    const json = ours(() => formatJson(tree));
    if (r.json === undefined) problems.push(`case ${i}: Java failed to write JSON (${r.jsonError})`);
    else if (json.text === undefined) problems.push(`case ${i}: JSON failed (${json.error})`);
    else {
      const javaJson = Buffer.from(r.json, 'base64');
      const diff = firstDifference(javaJson.toString('utf8'), json.text);
      if (diff !== null || !javaJson.equals(Buffer.from(json.text, 'utf8'))) problems.push(`case ${i} JSON: ${diff ?? 'bytes differ'}`);
    }
  });
  return problems;
}

describe('formatters against the real JDK serializer and Gson', () => {
  it('hand-picked trees: escaping, empty resources, numbers, key order', async () => {
    const trees = handPicked();
    const problems = compare(trees, (await runJava(trees)).trees);
    expect(problems).toEqual([]);
  }, 60_000);

  it('300 seeded random trees', async () => {
    const rand = prng(20240611);
    const trees = Array.from({ length: 300 }, () => randomDict(rand, 0));
    const problems = compare(trees, (await runJava(trees)).trees);
    expect(problems.slice(0, 5)).toEqual([]);
  }, 60_000);

  it('an unpaired high surrogate: Java fails to write the XML, JSON gets "?"', async () => {
    const trees = [dict({ a: 'x\ud800y' }), dict({ a: '\ud800' })];
    const results = (await runJava(trees)).trees;
    expect(results[0]!.xmlError).toMatch(/surrogate/i);
    expect(() => formatPanXml(trees[0]!)).toThrow(/\/a holds an unpaired UTF-16 surrogate/);
    expect(() => formatPanXml(trees[1]!)).toThrow(PanError);
    expect(Buffer.from(results[0]!.json!, 'base64').toString('utf8')).toBe(formatJson(trees[0]!));
  }, 60_000);

  it('.dep locations are the directory URIs Java writes', async () => {
    const dirs = ['/cfg/site', '/a b/c%d', '/x[1]{2}#?^|`"<>\\', "/ok-_.~!$&'()*+,;=:@/", '/été/\u00a0/\u0085',
      '/tab\there', '/\u2028\u3000x\ud83d\ude00', '/' + PIECES.join('')];
    const { dirUris } = await runJava([], dirs);
    // Java's stdout turns the unpaired surrogate into '?', as formatDep does.
    expect(dirs.map((d) => replaceUnpairedSurrogates(javaDirectoryUri(d)))).toEqual(dirUris);
  }, 60_000);
});

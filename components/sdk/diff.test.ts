import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isText, unifiedDiff } from './diff.js';

/** Deterministic pseudo-random generator (so failures reproduce). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomText(rand: () => number, lines: number): string {
  const words = ['alpha', 'beta', 'gamma', 'delta', '', 'memory = 512', 'vcpus = 2'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(words[Math.floor(rand() * words.length)]!);
  return out.join('\n') + (rand() < 0.7 ? '\n' : '');
}

function mutate(rand: () => number, text: string): string {
  const lines = text.split('\n');
  const edits = 1 + Math.floor(rand() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (lines.length + 1));
    const r = rand();
    if (r < 0.4) lines.splice(at, 1);
    else if (r < 0.8) lines.splice(at, 0, `new line ${e}`);
    else if (at < lines.length) lines[at] = `changed ${e}`;
  }
  return lines.join('\n');
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('prints a hunk with context like diff -u', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n') + '\n';
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9'].join('\n') + '\n';
    expect(unifiedDiff(before, after, { oldLabel: 'x', newLabel: 'y' })).toBe(
      ['--- x', '+++ y', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join('\n'),
    );
  });

  it('marks a missing newline at end of file', () => {
    expect(unifiedDiff('a\n', 'a')).toBe(['--- a', '+++ b', '@@ -1 +1 @@', '-a', '+a', '\\ No newline at end of file', ''].join('\n'));
  });

  it('diffs against an empty file', () => {
    expect(unifiedDiff('', 'x\ny\n')).toBe(['--- a', '+++ b', '@@ -0,0 +1,2 @@', '+x', '+y', ''].join('\n'));
  });

  it('produces patches that GNU patch applies exactly (120 random cases)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panfab-diff-'));
    try {
      const rand = rng(42);
      for (let i = 0; i < 120; i++) {
        const before = randomText(rand, Math.floor(rand() * 40));
        const after = mutate(rand, before);
        const file = join(dir, 'f');
        writeFileSync(file, before);
        const patch = unifiedDiff(before, after, { oldLabel: 'f', newLabel: 'f' });
        if (patch === '') {
          expect(after).toBe(before);
          continue;
        }
        const r = await execa('patch', ['--quiet', '--force', '--no-backup-if-mismatch', file], { input: patch, reject: false });
        expect(r.exitCode, `case ${i}: ${r.stdout}${r.stderr}\n${patch}`).toBe(0);
        expect(readFileSync(file, 'utf8'), `case ${i}`).toBe(after);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to one replace hunk past the distance limit, still exact', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n') + '\n';
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n') + '\n';
    const d = unifiedDiff(before, after);
    expect(d.split('\n')[2]).toBe('@@ -1,3000 +1,3000 @@');
  });
});

describe('isText', () => {
  it('tells text from binary', () => {
    expect(isText(Buffer.from('hello\n'))).toBe(true);
    expect(isText(Buffer.from([0x68, 0, 0x69]))).toBe(false);
    expect(isText(Buffer.from([0xff, 0xfe]))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { BuildProgress } from './progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, columns: 60, write: (t: string) => { written.push(t); return true; } } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('BuildProgress', () => {
  it('shows done/total, rate and failures on a terminal, then clears its line', () => {
    const { stream, written } = fakeStream(true);
    const p = new BuildProgress(3, true, stream);
    p.tick(true);
    p.tick(false);
    p.tick(true);
    p.finish();
    expect(written[0]).toMatch(/^\r\x1b\[Kcompiling: 1\/3 profiles, \d+\/s, 0 failed$/);
    expect(written.at(-2)).toMatch(/compiling: 3\/3 profiles, \d+\/s, 1 failed$/); // the last one is always shown
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('says nothing when disabled, and is disabled without a terminal or under CI', () => {
    const { stream, written } = fakeStream(false);
    const p = new BuildProgress(2, false, stream);
    p.tick(true);
    p.finish();
    expect(written).toEqual([]);
    expect(BuildProgress.enabledByDefault(stream)).toBe(false);
    const ci = process.env.CI;
    process.env.CI = 'true';
    try {
      expect(BuildProgress.enabledByDefault(fakeStream(true).stream)).toBe(false);
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });
});

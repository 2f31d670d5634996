import { describe, expect, it } from 'vitest';
import { RequestQueue } from './server.js';

/** A piece of work that ends when the test says so. */
function gate(log: string[], name: string): { work: () => Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const ended = new Promise<void>((r) => { open = r; });
  return { work: async () => { log.push(`${name} starts`); await ended; log.push(`${name} ends`); }, open: () => open() };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

describe('the compile server request queue', () => {
  it('runs requests one at a time in order, and says which builds wait for another', async () => {
    const log: string[] = [];
    const q = new RequestQueue((e) => log.push(`error ${String(e)}`));
    const first = gate(log, 'first');
    const second = gate(log, 'second');
    expect(q.add(true, first.work)).toBe(false);
    expect(q.add(false, async () => { log.push('stop'); })).toBe(false); // not a build: never told to wait
    expect(q.add(true, second.work)).toBe(true);
    await settle();
    expect(log).toEqual(['first starts']);
    first.open();
    await settle();
    expect(log).toEqual(['first starts', 'first ends', 'stop', 'second starts']);
    second.open();
    await settle();
    expect(q.add(true, async () => { log.push('third'); })).toBe(false); // nothing running any more
    await settle();
    expect(log.slice(-2)).toEqual(['second ends', 'third']);
  });

  it('goes on after a request that fails', async () => {
    const log: string[] = [];
    const q = new RequestQueue((e) => log.push(`error ${e instanceof Error ? e.message : String(e)}`));
    q.add(true, async () => { throw new Error('broken'); });
    q.add(true, async () => { log.push('next'); });
    await settle();
    expect(log).toEqual(['error broken', 'next']);
  });
});

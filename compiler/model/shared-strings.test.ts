/**
 * String identity cannot be seen from JavaScript (=== compares contents), so
 * these tests watch the table: what is added, what is found, what is dropped.
 */
import { describe, expect, it } from 'vitest';
import { shareStrings, sharedString, sharedStringCount } from './shared-strings.js';

/** A string equal to `s` but made at run time: a copy of its own. */
const copyOf = (s: string): string => [...s].join('');

/** How many strings `f` added to the table. */
function added(f: () => void): number {
  const before = sharedStringCount();
  f();
  return sharedStringCount() - before;
}

describe('shared strings', () => {
  it('keeps one copy of a string, whichever copy asks', () => {
    expect(added(() => sharedString(copyOf('OS_VERSION')))).toBe(1);
    expect(added(() => sharedString(copyOf('OS_VERSION')))).toBe(0);
    expect(sharedString(copyOf('OS_VERSION'))).toBe('OS_VERSION');
  });

  it('takes every string of a syntax tree, but node kinds and what locations hold', () => {
    const loc = { startLine: 1, startCol: 1, endLine: 1, endCol: 9, note: copyOf('inside-a-location') };
    const tree = {
      kind: copyOf('kind-value'),
      name: copyOf('tree-name'),
      args: [copyOf('tree-arg'), { kind: 'string', value: copyOf('tree-value'), loc }],
      nameLoc: loc,
    };
    expect(added(() => shareStrings(tree))).toBe(3);
    expect(tree.name).toBe('tree-name');
    expect(tree.args[0]).toBe('tree-arg');
    expect(added(() => sharedString('inside-a-location'))).toBe(1);
    expect(added(() => sharedString('kind-value'))).toBe(1);
  });

  it('stays bounded, dropping what is no longer used and keeping what is', () => {
    sharedString(copyOf('STILL_USED'));
    sharedString(copyOf('USED_ONCE'));
    for (let i = 0; i < 450_000; i++) {
      sharedString(`host-${i}`);
      if (i % 50_000 === 0) sharedString(copyOf('STILL_USED'));
    }
    expect(sharedStringCount()).toBeLessThanOrEqual(200_001);
    expect(added(() => sharedString(copyOf('STILL_USED')))).toBe(0);
    expect(added(() => sharedString(copyOf('USED_ONCE')))).toBe(1);
  });
});

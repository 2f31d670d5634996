import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

const profile = (text: string, ip: string, other = 1) => ({
  system: { network: { ip }, other },
  software: { components: { motd: { active: true, text } } },
});

describe('fingerprint', () => {
  it('changes with the subtree, the watched paths and the version only', () => {
    const base = fingerprint(profile('a', '1'), 'motd', ['/system/network']);
    expect(fingerprint(profile('a', '1', 2), 'motd', ['/system/network'])).toBe(base);
    expect(fingerprint(profile('b', '1'), 'motd', ['/system/network'])).not.toBe(base);
    expect(fingerprint(profile('a', '2'), 'motd', ['/system/network'])).not.toBe(base);
    expect(fingerprint(profile('a', '2'), 'motd')).toBe(fingerprint(profile('a', '1'), 'motd'));
    expect(fingerprint(profile('a', '1'), 'motd', ['/system/network'], '2')).not.toBe(base);
  });

  it('ignores key order', () => {
    const a = { software: { components: { c: { active: true, x: 1, y: 2 } } } };
    const b = { software: { components: { c: { y: 2, x: 1, active: true } } } };
    expect(fingerprint(a, 'c')).toBe(fingerprint(b, 'c'));
  });
});

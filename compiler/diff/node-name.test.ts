import { describe, expect, it } from 'vitest';
import { NodeName } from './node-name.js';

describe('NodeName', () => {
  it('abstracts the full name, its escaped key form and its host label', () => {
    const n = new NodeName('profiles/vm1.example.org');
    expect(n.abstract('http://ks/vm1.example.org.ks')).toBe('http://ks/<node>.ks');
    expect(n.abstract('/software/components/accounts/users/vm1_2eexample_2eorg/uid')).toBe('/software/components/accounts/users/{<node>}/uid');
    expect(n.abstract('/dev/vg0/vm1_xvda')).toBe('/dev/vg0/<host>_xvda');
    expect(n.abstract('/system/network/hostname')).toBe('/system/network/hostname');
  });

  it('only replaces whole words', () => {
    const n = new NodeName('vm1.example.org');
    expect(n.abstract('vm10.example.org xvm1 vm1')).toBe('vm10.example.org xvm1 <host>');
  });

  it('leaves one-letter and numeric host labels alone', () => {
    expect(new NodeName('a.example.org').abstract('a b a.example.org')).toBe('a b <node>');
    expect(new NodeName('42.example.org').abstract('42 42.example.org')).toBe('42 <node>');
  });
});

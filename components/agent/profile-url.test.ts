import { describe, expect, it } from 'vitest';
import { expandUrl, hostIdentity } from './profile-url.js';

describe('profile URLs', () => {
  it('takes host and domain from the system name unless configured', () => {
    expect(hostIdentity({}, 'Node1.Example.ORG')).toEqual({ host: 'node1', domain: 'example.org' });
    expect(hostIdentity({}, 'node1')).toEqual({ host: 'node1' });
    expect(hostIdentity({ domain: 'site.org' }, 'node1')).toEqual({ host: 'node1', domain: 'site.org' });
  });

  it('fills in the placeholders', () => {
    expect(expandUrl('https://s/profiles/__HOST__.__DOMAIN__.json', { host: 'node1', domain: 'example.org' })).toBe('https://s/profiles/node1.example.org.json');
  });

  it('refuses names that would change the URL, unknown domains and other schemes', () => {
    expect(() => expandUrl('http://s/__HOST__.json', { host: '../../x' })).toThrow('host name "../../x" is not a valid DNS name');
    expect(() => expandUrl('http://s/__HOST__.__DOMAIN__.json', { host: 'a' })).toThrow('__DOMAIN__ is used but this host');
    expect(() => expandUrl('file:///etc/passwd', { host: 'a' })).toThrow('only http and https are supported');
  });
});

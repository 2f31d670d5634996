import { describe, expect, it } from 'vitest';
import { formatDep, javaDirectoryUri, parseDep, type Dependency } from './dep.js';

describe('formatDep', () => {
  const deps: Dependency[] = [
    { name: 'site/config', type: 'PAN', location: 'file:/cfg/site/' },
    { name: 'components/x/site-config', type: 'ABSENT_SOURCE', location: '' },
    { name: 'data/file.txt', type: 'TEXT', location: 'file:/cfg/site/' },
    { name: 'Zebra', type: 'PAN', location: 'file:/cfg/' },
    { name: 'host.example.org', type: 'PAN', location: 'file:/cfg/profiles/' },
    { name: 'site/config', type: 'PAN', location: 'file:/cfg/site/' },
  ];

  it('writes one line per distinct dependency, sorted by name (Java order), absent ones ending in a space', () => {
    expect(formatDep(deps)).toBe(
      'Zebra PAN file:/cfg/\n' +
        'components/x/site-config ABSENT_SOURCE \n' +
        'data/file.txt TEXT file:/cfg/site/\n' +
        'host.example.org PAN file:/cfg/profiles/\n' +
        'site/config PAN file:/cfg/site/\n',
    );
  });

  it('writes nothing for no dependencies', () => {
    expect(formatDep([])).toBe('');
  });

  it('parses its own output back', () => {
    const text = formatDep(deps);
    expect(formatDep(parseDep(text))).toBe(text);
    expect(parseDep('a ABSENT_SOURCE \n')).toEqual([{ name: 'a', type: 'ABSENT_SOURCE', location: '' }]);
    expect(() => parseDep('a FOO x\n')).toThrow(/unknown type "FOO"/);
  });
});

describe('javaDirectoryUri (File.toURI().toString())', () => {
  it.each([
    ['/cfg/site', 'file:/cfg/site/'],
    ['/cfg/site/', 'file:/cfg/site/'],
    ['/a b/c%d', 'file:/a%20b/c%25d/'],
    ['/x[1]{2}#?^|`"<>\\', 'file:/x%5B1%5D%7B2%7D%23%3F%5E%7C%60%22%3C%3E%5C/'],
    ["/ok-_.~!$&'()*+,;=:@", "file:/ok-_.~!$&'()*+,;=:@/"],
    ['/été/\u00a0/\u0085', 'file:/été/%C2%A0/%C2%85/'],
  ])('%j -> %j', (dir, uri) => {
    expect(javaDirectoryUri(dir)).toBe(uri);
  });
});

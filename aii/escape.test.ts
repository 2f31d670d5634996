import { describe, expect, it } from 'vitest';
import * as esc from './escape.js';
import { ProfileValueError } from './errors.js';

const where = { source: 'p.json', path: '/x' };

describe('escape: validation per target syntax', () => {
  it('computes the upper-case hex name of an address', () => {
    expect(esc.hexIp('10.0.2.15')).toBe('0A00020F');
    expect(esc.hexIp('192.0.2.255')).toBe('C00002FF');
  });

  it('normalises MACs to lower case and refuses anything else', () => {
    expect(esc.mac('94:40:C9:3E:7A:10', where)).toBe('94:40:c9:3e:7a:10');
    for (const bad of ['94:40:c9:3e:7a', '94:40:c9:3e:7a:10;', '94:40:c9:3e:7a:10\nhost x {', 'zz:40:c9:3e:7a:10']) {
      expect(() => esc.mac(bad, where)).toThrow(ProfileValueError);
    }
  });

  it('names the profile path and shows the hostile value escaped in errors', () => {
    expect(() => esc.ipv4('10.0.0.1;\n}', { source: 'n.json', path: '/system/network/interfaces/eth0/ip' })).toThrow(
      'n.json: /system/network/interfaces/eth0/ip: "10.0.0.1;\\n}" is not a dotted-quad IPv4 address',
    );
  });

  it('keeps kernel arguments on one line with no quote, brace or shell character', () => {
    expect(esc.kernelArgs('  console=ttyS0  inst.text ', where)).toBe('console=ttyS0 inst.text');
    for (const bad of ['a\nKERNEL evil', 'a\rb', 'x="y z"', 'a;b', 'a}b', 'a$b', "a'b", 'a#b', 'a\tb']) {
      expect(() => esc.kernelArgs(bad, where), bad).toThrow(ProfileValueError);
    }
  });

  it('refuses TFTP paths that leave the root or hold spaces', () => {
    expect(esc.tftpPath('panfab/el9/vmlinuz', where)).toBe('panfab/el9/vmlinuz');
    for (const bad of ['../etc/passwd', 'a/../../b', '/abs', 'a b', 'a\nb', 'a/./b', 'a;b', '']) {
      expect(() => esc.tftpPath(bad, where), bad).toThrow(ProfileValueError);
    }
  });

  it('accepts dhcpd option values made of tokens and clean strings only', () => {
    for (const ok of ['192.0.2.2, 192.0.2.3', '"example.org", "lab.example.org"', '600', 'on', '"a b"']) {
      expect(esc.dhcpOptionValue(ok, where)).toBe(ok);
    }
    for (const bad of ['1; } host evil { hardware ethernet 00:00:00:00:00:01', '"a;b"', '"a" ; b', 'x\ny', '"a\\"b"', '"a', '# c', 'a {', '"}"']) {
      expect(() => esc.dhcpOptionValue(bad, where), bad).toThrow(ProfileValueError);
    }
    expect(() => esc.dhcpOptionName('domain-name-servers 1.2.3.4; option x', where)).toThrow(ProfileValueError);
    expect(esc.dhcpOptionName('pxelinux.configfile', where)).toBe('pxelinux.configfile');
  });

  it('quotes dhcpd strings and refuses quotes, backslashes and control characters', () => {
    expect(esc.dhcpString('pxelinux.0', where)).toBe('"pxelinux.0"');
    for (const bad of ['a"b', 'a\\b', 'a\nb']) expect(() => esc.dhcpString(bad, where)).toThrow(ProfileValueError);
  });

  it('single-quotes words for grub and the shell so that nothing in them is special', () => {
    expect(esc.singleQuote("it's $x; }", where)).toBe("'it'\\''s $x; }'");
    expect(() => esc.singleQuote('a\nb', where)).toThrow(ProfileValueError);
  });

  it('accepts only plain URLs', () => {
    expect(esc.url('http://192.0.2.2/ks/a.ks?x=1&y=2', where)).toBe('http://192.0.2.2/ks/a.ks?x=1&y=2');
    for (const bad of ["http://x/'$(reboot)'", 'http://x/a b', 'http://x/a"b', 'file:///etc/passwd', 'http://x/;reboot', 'http://x/`id`']) {
      expect(() => esc.url(bad, where), bad).toThrow(ProfileValueError);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { configCandidates, pathPrefix, resolvePxePath } from './pxelinux-search.js';
import { parseMac } from './net-addr.js';

describe("pxelinux's config search order", () => {
  it('MAC with ARP type 01, then the hex IP shortened a digit at a time, then default (syslinux doc/pxelinux.txt example)', () => {
    expect(configCandidates({ mac: parseMac('88:99:AA:BB:CC:DD'), ip: '192.168.2.91' })).toEqual([
      'pxelinux.cfg/01-88-99-aa-bb-cc-dd',
      'pxelinux.cfg/C0A8025B',
      'pxelinux.cfg/C0A8025',
      'pxelinux.cfg/C0A802',
      'pxelinux.cfg/C0A80',
      'pxelinux.cfg/C0A8',
      'pxelinux.cfg/C0A',
      'pxelinux.cfg/C0',
      'pxelinux.cfg/C',
      'pxelinux.cfg/default',
    ]);
  });

  it('the hex name panfab aii links for 10.0.2.15 is the first IP candidate', () => {
    expect(configCandidates({ mac: parseMac('00:16:3e:00:00:01'), ip: '10.0.2.15' })[1]).toBe('pxelinux.cfg/0A00020F');
  });

  it('tries the UUID first when known', () => {
    expect(configCandidates({ mac: parseMac('00:16:3e:00:00:01'), ip: '10.0.2.15', uuid: 'B8945908-D6A6-41A9-611D-74A6AB80B83D' })[0]).toBe('pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d');
  });

  it('option 209 replaces the search', () => {
    expect(configCandidates({ mac: parseMac('00:16:3e:00:00:01'), ip: '10.0.2.15', configFile: 'special.cfg' })).toEqual(['special.cfg']);
  });
});

describe('path prefix and file names', () => {
  it('is the directory of the boot file, or option 210', () => {
    expect(pathPrefix('pxelinux.0', undefined)).toBe('');
    expect(pathPrefix('boot/bios/pxelinux.0', undefined)).toBe('boot/bios/');
    expect(pathPrefix('boot/pxelinux.0', 'other/')).toBe('other/');
    expect(pathPrefix(undefined, undefined)).toBe('');
  });

  it('resolves relative, ::absolute, host::path and /absolute names', () => {
    expect(resolvePxePath('boot/', 'images/vmlinuz')).toEqual({ path: 'boot/images/vmlinuz' });
    expect(resolvePxePath('boot/', '::images/vmlinuz')).toEqual({ path: 'images/vmlinuz' });
    expect(resolvePxePath('boot/', '192.0.2.9::/k/vmlinuz')).toEqual({ server: '192.0.2.9', path: 'k/vmlinuz' });
    expect(resolvePxePath('boot/', '/srv/tftp/vmlinuz')).toEqual({ path: '/srv/tftp/vmlinuz' });
  });

  it('refuses URLs (lpxelinux HTTP) clearly', () => {
    expect(() => resolvePxePath('', 'http://192.0.2.2/vmlinuz')).toThrow(/URLs need lpxelinux's HTTP support/);
  });
});

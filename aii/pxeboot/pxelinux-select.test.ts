import { describe, expect, it } from 'vitest';
import { parsePxelinuxConfig } from './pxelinux-config.js';
import { chooseBoot, splitCommandLine, type BootChoice } from './pxelinux-select.js';

const net = { ip: '192.0.2.15', server: '192.0.2.2', gateway: '192.0.2.1', netmask: '255.255.255.0', mac: '00:16:3e:5a:0b:01', uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6' };

async function choose(text: string, label?: string): Promise<BootChoice> {
  return chooseBoot(await parsePxelinuxConfig(text, 'f.cfg'), { net, label });
}

const LABELS = ['LABEL install', '  KERNEL vmlinuz', '  APPEND ks=a', 'LABEL rescue', '  KERNEL vmlinuz', '  APPEND rescue', 'LABEL local', '  LOCALBOOT 0', ''].join('\n');

describe('what pxelinux boots unattended', () => {
  it('DEFAULT with PROMPT 0 boots at once, even with ONTIMEOUT', async () => {
    expect((await choose(`DEFAULT install\nONTIMEOUT local\nTIMEOUT 50\n${LABELS}`)).label).toBe('install');
  });

  it('PROMPT 1 with a TIMEOUT: ONTIMEOUT', async () => {
    expect((await choose(`PROMPT 1\nDEFAULT install\nONTIMEOUT local\nTIMEOUT 50\n${LABELS}`)).label).toBe('local');
  });

  it('a menu: MENU DEFAULT, else DEFAULT, else the first visible label; ONTIMEOUT wins when a TIMEOUT is set', async () => {
    const withMenuDefault = LABELS.replace('  APPEND rescue', '  APPEND rescue\n  MENU DEFAULT');
    expect((await choose(`UI menu.c32\nDEFAULT install\n${withMenuDefault}`)).label).toBe('rescue');
    expect((await choose(`UI menu.c32\nDEFAULT local\n${LABELS}`)).label).toBe('local');
    expect((await choose(`UI menu.c32\n${LABELS.replace('LABEL install\n', 'LABEL install\n  MENU HIDE\n')}`)).label).toBe('rescue');
    expect((await choose(`UI menu.c32\nTIMEOUT 30\nONTIMEOUT local\nDEFAULT install\n${LABELS}`)).label).toBe('local');
  });

  it('a label whose name has blanks matches whole; otherwise the first word selects (ldlinux find_label)', async () => {
    expect((await choose('DEFAULT Install guest1\nLABEL Install guest1\n  KERNEL k\n')).label).toBe('Install guest1');
    expect((await choose(`DEFAULT install extra words\n${LABELS}`)).label).toBe('install');
  });

  it('a DEFAULT that names no label is a kernel command line', async () => {
    expect(await choose('DEFAULT images/vmlinuz initrd=images/initrd.img ro quiet\n')).toMatchObject({ kind: 'linux', kernel: 'images/vmlinuz', initrds: ['images/initrd.img'], args: 'ro quiet' });
  });

  it('--label overrides the unattended choice', async () => {
    expect((await choose(`DEFAULT install\n${LABELS}`, 'rescue')).label).toBe('rescue');
  });

  it('nothing to boot, or an unknown --label, is a clear error', async () => {
    await expect(choose(LABELS)).rejects.toThrow('f.cfg:1:1: nothing to boot: no DEFAULT, ONTIMEOUT or MENU DEFAULT');
    await expect(choose(`DEFAULT install\n${LABELS}`, 'gone')).rejects.toThrow("f.cfg:1:1: no LABEL 'gone' (labels: install, rescue, local)");
  });
});

describe('what a label means for a Xen guest', () => {
  it('an install label: kernel, initrds from APPEND (over INITRD), arguments without initrd=', async () => {
    const c = await choose('DEFAULT i\nLABEL i\n  KERNEL k\n  INITRD ignored.img\n  APPEND initrd=a.img,b.img ks="http://x/a b" quiet   initrd=c.img\n');
    expect(c).toEqual({ kind: 'linux', label: 'i', kernel: 'k', initrds: ['a.img', 'b.img', 'c.img'], args: 'ks="http://x/a b" quiet', at: { file: 'f.cfg', line: 2, column: 1 } });
  });

  it('INITRD applies when APPEND has no initrd=; the global APPEND applies to labels without one', async () => {
    expect(await choose('APPEND console=hvc0\nDEFAULT i\nLABEL i\n  LINUX k\n  INITRD r.img\n')).toMatchObject({ initrds: ['r.img'], args: 'console=hvc0' });
    expect(await choose('APPEND console=hvc0\nDEFAULT i\nLABEL i\n  LINUX k\n  APPEND -\n')).toMatchObject({ args: '' });
  });

  it('IPAPPEND 1, 2 and 4 (SYSAPPEND) add ip=, BOOTIF= and SYSUUID=', async () => {
    const c = await choose('DEFAULT i\nLABEL i\n  KERNEL k\n  APPEND quiet\n  IPAPPEND 7\n');
    expect(c).toMatchObject({ args: 'quiet ip=192.0.2.15:192.0.2.2:192.0.2.1:255.255.255.0 BOOTIF=01-00-16-3e-5a-0b-01 SYSUUID=3fa85f64-5717-4562-b3fc-2c963f66afa6' });
  });

  it('LOCALBOOT and chain.c32 mean local boot; CONFIG means another config', async () => {
    expect(await choose(`DEFAULT local\n${LABELS}`)).toMatchObject({ kind: 'localboot', value: 0 });
    expect(await choose('DEFAULT c\nLABEL c\n  COM32 chain.c32\n  APPEND hd0\n')).toMatchObject({ kind: 'localboot' });
    expect(await choose('DEFAULT c\nLABEL c\n  CONFIG other.cfg\n')).toMatchObject({ kind: 'config', file: 'other.cfg' });
  });

  it('refuses what a PV guest cannot boot, naming the line', async () => {
    await expect(choose('DEFAULT m\nLABEL m\n  KERNEL menu.c32\n')).rejects.toThrow('f.cfg:3:10: LABEL m runs the COM32 module menu.c32; panfab pxeboot boots Linux kernels (KERNEL/LINUX) and LOCALBOOT only');
    await expect(choose('DEFAULT m\nLABEL m\n  KERNEL ipxe.0\n')).rejects.toThrow(/chains to another network boot program ipxe\.0/);
    await expect(choose('DEFAULT m\nLABEL m\n  FDIMAGE floppy.img\n')).rejects.toThrow(/LABEL m uses FDIMAGE/);
    await expect(choose('DEFAULT m\nLABEL m\n  APPEND x\n')).rejects.toThrow('f.cfg:2:1: LABEL m has no KERNEL, LINUX, LOCALBOOT or CONFIG');
  });

  it('splits command lines on blanks outside double quotes', () => {
    expect(splitCommandLine(' a  b="c d" e"f g"h ')).toEqual(['a', 'b="c d"', 'e"f g"h']);
  });
});

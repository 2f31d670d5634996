import { describe, expect, it } from 'vitest';
import { parsePxelinuxConfig, PxeConfigError } from './pxelinux-config.js';

const parse = (text: string, files: Record<string, string> = {}) =>
  parsePxelinuxConfig(text, 'pxelinux.cfg/C000020F', async (name) => {
    if (!(name in files)) throw new Error('TFTP: file not found');
    return { file: name, text: files[name] };
  });

async function error(text: string, files: Record<string, string> = {}): Promise<string> {
  const e = await parse(text, files).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(PxeConfigError);
  return (e as Error).message;
}

describe('pxelinux config parser', () => {
  it('reads the install config panfab aii writes', async () => {
    const cfg = await parse(
      [
        '# Install config of guest1.example.org',
        'SERIAL 0 115200',
        'PROMPT 0',
        'TIMEOUT 50',
        'DEFAULT Install guest1.example.org',
        '',
        'LABEL Install guest1.example.org',
        '  MENU LABEL Install guest1',
        '  KERNEL images/el9/vmlinuz',
        '  APPEND initrd=images/el9/initrd.img inst.ks=http://192.0.2.2/ks/guest1.example.org.ks',
        '  IPAPPEND 2',
      ].join('\r\n'),
    );
    expect(cfg).toMatchObject({ prompt: false, timeout: 50, serial: '0 115200', default: { value: 'Install guest1.example.org', at: { line: 5, column: 9 } } });
    expect(cfg.labels).toEqual([
      {
        name: 'Install guest1.example.org',
        at: { file: 'pxelinux.cfg/C000020F', line: 7, column: 1 },
        menuLabel: 'Install guest1',
        kernel: { keyword: 'kernel', file: 'images/el9/vmlinuz', at: { file: 'pxelinux.cfg/C000020F', line: 9, column: 10 } },
        append: 'initrd=images/el9/initrd.img inst.ks=http://192.0.2.2/ks/guest1.example.org.ks',
        ipappend: 2,
        hidden: false,
      },
    ]);
  });

  it('keywords in any case; global APPEND; APPEND -; LOCALBOOT; INITRD; MENU DEFAULT and HIDE; TEXT HELP blocks; SAY', async () => {
    const cfg = await parse(
      [
        'append console=hvc0',
        'ui menu.c32',
        'menu title Boot menu',
        'say Booting...',
        'label a',
        '  linux vmlinuz',
        '  initrd one.img,two.img',
        '  text help',
        '    KERNEL not-a-directive-here',
        '  endtext',
        'label b',
        '  localboot -1',
        '  menu default',
        'label c',
        '  kernel x',
        '  append -',
        '  menu hide',
      ].join('\n'),
    );
    expect(cfg.append).toBe('console=hvc0');
    expect(cfg.ui).toBe('menu.c32');
    expect(cfg.say).toEqual(['Booting...']);
    expect(cfg.menuDefault).toBe('b');
    expect(cfg.labels.map((l) => [l.name, l.kernel?.keyword, l.initrd, l.localboot, l.append, l.hidden])).toEqual([
      ['a', 'linux', 'one.img,two.img', undefined, undefined, false],
      ['b', undefined, undefined, -1, undefined, false],
      ['c', 'kernel', undefined, undefined, '', true],
    ]);
  });

  it('INCLUDE and MENU INCLUDE read further files in place', async () => {
    const cfg = await parse('INCLUDE common.cfg\nLABEL local\n  MENU INCLUDE more.cfg\n', {
      'common.cfg': 'DEFAULT local\nTIMEOUT 10\n',
      'more.cfg': '  LOCALBOOT 0\n',
    });
    expect(cfg.default?.value).toBe('local');
    expect(cfg.default?.at).toEqual({ file: 'common.cfg', line: 1, column: 9 });
    expect(cfg.labels[0].localboot).toBe(0);
  });

  it('ignores the interactive-only directives', async () => {
    const cfg = await parse('NOESCAPE 1\nF1 help.txt\nDISPLAY boot.msg\nKBDMAP fr.kbd\nTOTALTIMEOUT 9000\nALLOWOPTIONS 0\nLABEL x\n  KERNEL y\n');
    expect(cfg.labels).toHaveLength(1);
  });
});

describe('pxelinux config errors carry file:line:column', () => {
  it('unknown directive (a misspelt APPEND would silently drop arguments on real pxelinux)', async () => {
    expect(await error('LABEL x\n  KERNEL y\n  APEND ks=z\n')).toBe("pxelinux.cfg/C000020F:3:3: unknown directive 'APEND'");
  });

  it('missing or non-numeric arguments', async () => {
    expect(await error('LABEL\n')).toBe('pxelinux.cfg/C000020F:1:1: LABEL needs a name');
    expect(await error('LABEL x\n  KERNEL\n')).toBe('pxelinux.cfg/C000020F:2:3: KERNEL needs a file name');
    expect(await error('TIMEOUT soon\n')).toBe("pxelinux.cfg/C000020F:1:9: TIMEOUT expects a number of tenths of a second, got 'soon'");
    expect(await error('LABEL x\n  LOCALBOOT disk\n')).toBe("pxelinux.cfg/C000020F:2:13: LOCALBOOT expects a number, got 'disk'");
    expect(await error('DEFAULT\n')).toBe('pxelinux.cfg/C000020F:1:1: DEFAULT needs a label or command line');
  });

  it('label directives outside a LABEL', async () => {
    expect(await error('KERNEL vmlinuz\n')).toBe('pxelinux.cfg/C000020F:1:1: KERNEL outside a LABEL');
    expect(await error('MENU DEFAULT\n')).toBe('pxelinux.cfg/C000020F:1:1: MENU outside a LABEL');
  });

  it('TEXT without ENDTEXT', async () => {
    expect(await error('LABEL x\n  TEXT HELP\n  words\n')).toBe('pxelinux.cfg/C000020F:2:3: TEXT without ENDTEXT');
  });

  it('INCLUDE of a missing file, in a loop, or too deep', async () => {
    expect(await error('INCLUDE gone.cfg\n')).toBe('pxelinux.cfg/C000020F:1:9: cannot INCLUDE gone.cfg: TFTP: file not found');
    expect(await error('INCLUDE a.cfg\n', { 'a.cfg': 'INCLUDE b.cfg\n', 'b.cfg': 'INCLUDE a.cfg\n' })).toBe('b.cfg:1:9: INCLUDE loop: pxelinux.cfg/C000020F -> a.cfg -> b.cfg -> a.cfg');
    const deep: Record<string, string> = {};
    for (let i = 0; i < 20; i++) deep[`d${i}.cfg`] = `INCLUDE d${i + 1}.cfg\n`;
    expect(await error('INCLUDE d0.cfg\n', deep)).toBe("d14.cfg:1:9: INCLUDE nested more than 16 deep");
  });
});

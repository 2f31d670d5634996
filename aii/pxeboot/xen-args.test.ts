import { describe, expect, it } from 'vitest';
import { parsePxebootArgs } from './xen-args.js';

/** What Xen 4.17's libxl passes, with bootloader_args in the middle and the disk last. */
const libxl = (bootloaderArgs: string[]): string[] => [
  '--kernel=/boot/vmlinuz',
  '--args=console=hvc0',
  '--runas=131072',
  '--quiet',
  '--output=/var/lib/xen/bootloader.7.out',
  '--output-format=simple0',
  '--output-directory=/var/lib/xen/bootloader.7.d',
  ...bootloaderArgs,
  '/dev/vg0/guest1_xvda',
];

describe('bootloader arguments (libxl / pygrub conventions)', () => {
  it('sorts ours from pygrub\'s, keeping pygrub\'s in order for the local bootloader', () => {
    const a = parsePxebootArgs(libxl(['--mac=00:16:3E:5A:0B:01', '--interface', 'xenbr0', '--dhcp-timeout=0.5', '--tftp-retries=2']));
    expect(a.mac.toString('hex')).toBe('00163e5a0b01');
    expect(a.interfaceName).toBe('xenbr0');
    expect(a.dhcpTimeoutMs).toBe(500);
    expect(a.tftpAttempts).toBe(3);
    expect(a.xen).toEqual({ output: '/var/lib/xen/bootloader.7.out', outputFormat: 'simple0', outputDirectory: '/var/lib/xen/bootloader.7.d', args: 'console=hvc0', disk: '/dev/vg0/guest1_xvda' });
    expect(a.passthrough).toEqual(['--kernel=/boot/vmlinuz', '--args=console=hvc0', '--runas=131072', '--quiet', '--output=/var/lib/xen/bootloader.7.out', '--output-format=simple0', '--output-directory=/var/lib/xen/bootloader.7.d', '/dev/vg0/guest1_xvda']);
  });

  it('defaults: pygrub\'s sxp to standard output, 5 DHCP and 6 TFTP transmissions, 1 GiB images, pygrub found automatically', () => {
    const a = parsePxebootArgs(['--mac=00:16:3e:5a:0b:01']);
    expect(a).toMatchObject({ dhcpTimeoutMs: 2000, dhcpAttempts: 5, tftpTimeoutMs: 1000, tftpAttempts: 6, tftpBlksize: 1468, maxImageBytes: 1024 ** 3, localBootloader: 'auto', noaction: false });
    expect(a.xen).toEqual({ output: undefined, outputFormat: 'sxp', outputDirectory: undefined, args: undefined, disk: undefined });
  });

  it('--output=- is standard output; -n (pygrub --not-really) and --noaction plan only', () => {
    expect(parsePxebootArgs(['--mac=00:16:3e:5a:0b:01', '--output=-']).xen.output).toBeUndefined();
    expect(parsePxebootArgs(['--mac=00:16:3e:5a:0b:01', '-qn']).noaction).toBe(true);
    expect(parsePxebootArgs(['--mac=00:16:3e:5a:0b:01', '--noaction']).passthrough).toEqual([]);
  });

  it('sizes and the UUID', () => {
    expect(parsePxebootArgs(['--mac=00:16:3e:5a:0b:01', '--max-image-size=512M']).maxImageBytes).toBe(512 * 1024 * 1024);
    expect(parsePxebootArgs(['--mac=00:16:3e:5a:0b:01', '--uuid=3FA85F64-5717-4562-B3FC-2C963F66AFA6']).uuid).toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
  });

  it('everything after -- is positional', () => {
    expect(parsePxebootArgs(['--mac=00:16:3e:5a:0b:01', '--', '-weird-disk']).xen.disk).toBe('-weird-disk');
  });

  it.each([
    [[], 'missing --mac=aa:bb:cc:dd:ee:ff (the guest vif MAC, from bootloader_args)'],
    [['--mac=00:16:3e'], "invalid MAC address '00:16:3e' (expected aa:bb:cc:dd:ee:ff)"],
    [['--mac=00:16:3e:5a:0b:01', '--bogus'], 'unknown option --bogus (see --help)'],
    [['--mac=00:16:3e:5a:0b:01', '-x'], 'unknown option -x (see --help)'],
    [['--mac=00:16:3e:5a:0b:01', '--interface'], 'option --interface needs a value'],
    [['--mac=00:16:3e:5a:0b:01', '--quiet=1'], 'option --quiet takes no value'],
    [['--mac=00:16:3e:5a:0b:01', '--output-format=xml'], 'unknown output format xml (sxp, simple or simple0)'],
    [['--mac=00:16:3e:5a:0b:01', '--dhcp-timeout=0'], '--dhcp-timeout=0: expected seconds, more than 0 and at most 300'],
    [['--mac=00:16:3e:5a:0b:01', '--tftp-blksize=4'], '--tftp-blksize=4: expected a whole number from 8 to 65464'],
    [['--mac=00:16:3e:5a:0b:01', '--max-image-size=lots'], '--max-image-size=lots: expected a size such as 512M or 1G'],
    [['--mac=00:16:3e:5a:0b:01', '--uuid=nope'], '--uuid=nope: expected a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6'],
    [['--mac=00:16:3e:5a:0b:01', 'disk1', 'disk2'], 'expected at most one disk argument, got 2: disk1 disk2'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parsePxebootArgs(argv)).toThrow(message);
  });
});

/** `panfab pxeboot`: the sub-command hands its arguments verbatim to the bootloader. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { register } from '../../cli/commands/pxeboot.js';
import { USAGE } from '../../aii/pxeboot/xen-args.js';

function program(): Command {
  const p = new Command('panfab').exitOverride();
  register(p);
  return p;
}

describe('panfab pxeboot command line', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('--help prints the bootloader usage', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await program().parseAsync(['pxeboot', '--help'], { from: 'user' });
    expect(out).toHaveBeenCalledWith(USAGE);
    expect(process.exitCode).toBe(0);
  });

  it('passes pygrub-style options through to the bootloader, which reports usage errors in one line with status 2', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await program().parseAsync(['pxeboot', '--output=/tmp/x', '--output-format=simple0', '/dev/xvda'], { from: 'user' });
    expect(err).toHaveBeenCalledWith('panfab-pxeboot: missing --mac=aa:bb:cc:dd:ee:ff (the guest vif MAC, from bootloader_args)\n');
    expect(process.exitCode).toBe(2);
  });
});

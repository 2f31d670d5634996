/**
 * `panfab pxeboot`: network boot for paravirtualised Xen guests (aii/pxeboot).
 * Its arguments are Xen's bootloader protocol (pygrub's options, the disk
 * last), so they are handed over verbatim rather than parsed by commander.
 * A domain config names the `panfab-pxeboot` wrapper rather than `panfab`:
 * libxl puts `bootloader_args` after its own options, where a sub-command
 * name would not be first.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('pxeboot')
    .description('Xen bootloader that PXE-boots a paravirtualised guest (DHCP, TFTP, pxelinux config); see --help')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[args...]', 'bootloader arguments (--mac=MAC, pygrub options, disk)')
    .action(async (args: string[]) => {
      const { main } = await import('../../aii/pxeboot/main.js');
      process.exitCode = await main(args);
    });
}

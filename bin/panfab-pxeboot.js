#!/usr/bin/env node
// Xen bootloader entry point: `bootloader = "/usr/bin/panfab-pxeboot"` in a domain config.
import('../dist/aii/pxeboot/main.js').then(async (m) => { process.exitCode = await m.main(process.argv.slice(2)); });

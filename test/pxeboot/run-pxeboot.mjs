// What bin/panfab-pxeboot.js does, but on the TypeScript sources (see ts-hooks.mjs).
import './ts-register.mjs';

const { main } = await import('../../aii/pxeboot/main.ts');
process.exitCode = await main(process.argv.slice(2));

// `node --import ./test/pxeboot/ts-register.mjs file.ts`: run TypeScript sources (see ts-hooks.mjs).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);

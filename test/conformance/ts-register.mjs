// `node --import ./ts-register.mjs`: installs ts-hooks.mjs (TypeScript sources for worker threads).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);

import { describe, expect, it } from 'vitest';
import { compileServerWanted } from './command.js';

describe('whether a build goes through the compile server', () => {
  it('never without a build cache', () => {
    expect(compileServerWanted(true, undefined, { PANFAB_COMPILE_SERVER: '1' }, true)).toBe(false);
  });

  it('as asked on the command line, whatever the environment', () => {
    expect(compileServerWanted(true, 'c', { CI: 'true', PANFAB_COMPILE_SERVER: '0' }, false)).toBe(true);
    expect(compileServerWanted(false, 'c', { PANFAB_COMPILE_SERVER: '1' }, true)).toBe(false);
  });

  it('as PANFAB_COMPILE_SERVER says, else on a terminal outside CI', () => {
    expect(compileServerWanted(undefined, 'c', { PANFAB_COMPILE_SERVER: '1', CI: 'true' }, false)).toBe(true);
    expect(compileServerWanted(undefined, 'c', { PANFAB_COMPILE_SERVER: '0' }, true)).toBe(false);
    expect(compileServerWanted(undefined, 'c', {}, true)).toBe(true);
    expect(compileServerWanted(undefined, 'c', {}, false)).toBe(false);
    expect(compileServerWanted(undefined, 'c', { CI: 'true' }, true)).toBe(false);
    expect(compileServerWanted(undefined, 'c', { CI: '1' }, true)).toBe(false);
    expect(compileServerWanted(undefined, 'c', { CI: 'false' }, true)).toBe(true);
    expect(compileServerWanted(undefined, 'c', { CI: '' }, true)).toBe(true);
  });
});

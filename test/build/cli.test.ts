/**
 * `panc` and `panfab compile` as users run them: options (panc's spellings),
 * exit status, errors printed as panc prints them, a summary line, and never
 * a JavaScript stack trace: not for a broken template, a missing file, a bad
 * option, nor from the real bin/panc.js process.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizePancArgv, register, runPanc } from '../../cli/commands/compile.js';
import { makeSmallSite, type SmallSite } from './small-site.js';
import { printedMessages, runCompileCommand } from '../../compiler/build/command.js';

const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
/** A JavaScript stack frame (Pan traces look like `    at file.pan:2.1-2.16 (template e)`). */
const STACK_LINE = /^\s+at .*(\.[cm]?[jt]s:\d+:\d+|node:internal)/m;

let site: SmallSite | undefined;
afterEach(() => {
  site?.cleanup();
  site = undefined;
  process.exitCode = undefined;
});

async function panc(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runPanc(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  expect(err).not.toMatch(STACK_LINE);
  return { code, out, err };
}

function common(s: SmallSite): string[] {
  return ['--include-path', s.includePath.join(':'), '--output-dir', s.out, '--nthread', '1', '--no-progress'];
}

describe('panc command line', () => {
  it('compiles the named object templates and closes with a summary line', async () => {
    site = makeSmallSite();
    const r = await panc([...common(site), '--formats', 'json,dep', ...site.objects]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^panc: 3 object templates: 3 compiled, 0 unchanged, 0 failed in [\d.]+ s \([\d.]+ profiles\/s\)\n$/);
    expect(JSON.parse(readFileSync(join(site.out, 'b.json'), 'utf8'))).toMatchObject({ system: { copy: 'from a' } });
    expect(readFileSync(join(site.out, 'a.dep'), 'utf8')).toContain('motd.txt TEXT file:');
  });

  it('writes pan and dep by default, into the current directory unless --output-dir', async () => {
    site = makeSmallSite();
    const r = await panc(['--include-path', site.includePath.join(':'), '--output-dir', site.out, '--nthread=1', site.objects[2] as string]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(site.out, 'c.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(readFileSync(join(site.out, 'c.dep'), 'utf8')).toMatch(/^c PAN file:/m);
  });

  it("accepts panc's spellings: -opt, --opt=value, unique prefixes, @LIST files, ignored JVM options", async () => {
    site = makeSmallSite();
    const list = site.write('list.txt', `# the profiles\n${site.objects[0]}\n\n${site.objects[2]}\n`);
    const r = await panc([
      `-include-path=${site.includePath.join(':')}`, '--output', site.out, '-formats', 'json', '--nthread', '1',
      '--java-opts=-Xmx4g', '--logging', 'all', '--max-iteration', '5000', '--max-recursion=40', '--warnings=off', `@${list}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('panc: 2 object templates: 2 compiled');
    expect(JSON.parse(readFileSync(join(site.out, 'c.json'), 'utf8'))).toEqual({ system: { other: 'v1' } });
  });

  it('exits 1 and prints each error as panc does for broken templates; the others still compile', async () => {
    site = makeSmallSite();
    const parse = site.write('profiles/p.pan', 'object template p;\n"/a" = {;\n');
    const evaluation = site.write('profiles/e.pan', 'object template e;\n"/a" = 1 + true;\n');
    const r = await panc([...common(site), '--formats', 'json', parse, ...site.objects, evaluation]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^parse error \\[${parse}:2\\.\\d+-2\\.\\d+\\]\\n`, 'm'));
    expect(r.err).toMatch(new RegExp(`^evaluation error \\[${evaluation}:2\\.\\d+-2\\.\\d+\\]\\n`, 'm'));
    expect(r.err).toContain('panc: 5 object templates: 3 compiled, 0 unchanged, 2 failed');
    expect(r.err.indexOf('parse error')).toBeLessThan(r.err.indexOf('evaluation error'));
  });

  it('reports a missing object template as an error of that file', async () => {
    site = makeSmallSite();
    const missing = site.path('profiles/nope.pan');
    const r = await panc([...common(site), missing, site.objects[2] as string]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error [${missing}]`);
    expect(r.err).toContain('1 compiled, 0 unchanged, 1 failed');
  });

  it('fails an object whose deprecation warnings are fatal (--warnings fatal), prints them otherwise', async () => {
    site = makeSmallSite();
    const old = site.write('profiles/old.pan', 'object template old;\n"/a" = { deprecated(0, "do not use"); 1; };\n');
    const on = await panc([...common(site), '--formats', 'json', old]);
    expect(on.code).toBe(0);
    expect(on.err).toMatch(/^deprecation warning \[.*old\.pan:2\.\d+-2\.\d+\]: do not use$/m);
    const off = await panc([...common(site), '--formats', 'json', '--warnings', 'off', old]);
    expect(off.err).not.toContain('deprecation warning');
    const fatal = await panc([...common(site), '--formats', 'json', '--warnings', 'fatal', old]);
    expect(fatal.code).toBe(1);
    expect(fatal.err).toContain('treated as errors');
  });

  it('exits 2 with one line for a bad option or option value', async () => {
    site = makeSmallSite();
    for (const args of [
      ['--bogus', 'x.pan'],
      ['--formats', 'json,yaml', 'x.pan'],
      ['--nthread', 'many', 'x.pan'],
      ['--warnings', 'loud', 'x.pan'],
      ['--shard', '3/2', 'x.pan'],
      ['--debug-ns-include', '(', 'x.pan'],
      [],
    ]) {
      const r = await panc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n').length, args.join(' ')).toBeLessThanOrEqual(2);
    }
  });

  it('prints its help and version', async () => {
    const help = await panc(['--help']);
    expect(help.code).toBe(0);
    for (const option of ['--include-path', '--output-dir', '--formats', '--nthread', '--max-iteration', '--max-recursion', '--warnings', '--initial-data', '--debug', '--cache-dir', '--affected-by', '--shard']) {
      expect(help.out).toContain(option);
    }
    const version = await panc(['--version']);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists the affected object templates without compiling', async () => {
    site = makeSmallSite();
    const args = [...common(site), '--formats', 'json', '--cache-dir', site.cache];
    expect((await panc([...args, ...site.objects])).code).toBe(0);
    const r = await panc([...args, ...site.objects, '--affected-by', site.path('lib/common.pan')]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').map((f) => f.replace(/.*\//, ''))).toEqual(['a.pan', 'b.pan']);
    const none = await panc([...common(site), '--affected-by', site.path('lib/common.pan'), '--', ...site.objects]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--affected-by needs --cache-dir');
  });

  it('normalizes Getopt::Long spellings only where they name one option', () => {
    const longs = ['--output-dir', '--formats', '--debug', '--debug-ns-include'];
    expect(normalizePancArgv(['-formats', 'json', '--out=x', '-h', '--debug', '--', '-formats'], longs))
      .toEqual(['--formats', 'json', '--output-dir=x', '-h', '--debug', '--', '-formats']);
    expect(normalizePancArgv(['--deb'], longs)).toEqual(['--deb']); // ambiguous: left for commander to reject
  });
});

describe('panfab compile', () => {
  it('runs as a panfab sub-command with the same options', async () => {
    site = makeSmallSite();
    let err = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((t: string) => { err += t; return true; }) as typeof process.stderr.write;
    try {
      const program = new Command('panfab').exitOverride();
      register(program);
      await program.parseAsync(['compile', ...common(site), '--formats', 'json', ...site.objects], { from: 'user' });
    } finally {
      process.stderr.write = write;
    }
    expect(process.exitCode).toBe(0);
    expect(err).toContain('panfab compile: 3 object templates: 3 compiled');
  });

  it('prints a warning repeated by many profiles once, with its count; panc prints each', async () => {
    site = makeSmallSite();
    site.write('lib/old.pan', 'unique template old;\n"/old" = { deprecated(0, "do not use"); 1; };\n');
    const objects = ['w1', 'w2', 'w3'].map((n) => site!.write(`profiles/${n}.pan`, `object template ${n};\ninclude 'old';\n`));
    const pancRun = await panc([...common(site), '--formats', 'json', ...objects]);
    expect(pancRun.err.match(/: do not use$/gm)).toHaveLength(3);
    let out = '';
    const code = await runCompileCommand(objects, { includePath: [site.includePath.join(':')], outputDir: site.out, formats: 'json', nthread: '1', progress: false },
      { out: (t) => { out += t; }, err: (t) => { out += t; } }, 'panfab compile');
    expect(code).toBe(0);
    expect(out.match(/^deprecation warning \[.*old\.pan:2\.\d+-2\.\d+\]: do not use \(3 times\)$/gm)).toHaveLength(1);
    expect(out).not.toMatch(/: do not use$/m);
  });
});

describe('printedMessages', () => {
  it('keeps errors and debug lines in place, and each distinct warning where it first appears', () => {
    const messages = [
      { stream: 'warning', text: 'w1' }, { stream: 'error', text: 'e1' }, { stream: 'warning', text: 'w2' },
      { stream: 'warning', text: 'w1' }, { stream: 'debug', text: 'd1' }, { stream: 'warning', text: 'w1' },
    ] as const;
    expect(printedMessages(messages, true)).toEqual(['w1 (3 times)', 'e1', 'w2', 'd1']);
    expect(printedMessages(messages, false)).toEqual(['w1', 'e1', 'w2', 'w1', 'd1', 'w1']);
  });
});

describe('bin/panc.js (built)', () => {
  it('never shows a stack trace and loads no parser for a fully cached build', async () => {
    site = makeSmallSite();
    mkdirSync(site.out, { recursive: true });
    const bin = join(REPO, 'bin', 'panc.js');
    // Reports on stderr every module whose URL mentions chevrotain.
    const hooks = site.write('hooks.mjs', [
      "export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('chevrotain')) process._rawDebug('LOADED ' + r.url); return r; }",
    ].join('\n'));
    const register = site.write('register.mjs', `import { register } from 'node:module';\nregister(${JSON.stringify('file://' + hooks)});\n`);
    const args = [...common(site), '--formats', 'json', '--cache-dir', site.cache, ...site.objects];
    const run = (extra: string[]) => execa('node', ['--import', register, bin, ...extra], { reject: false, cwd: site?.root, env: { CI: '1' } });

    const cold = await run(args);
    expect(cold.exitCode, cold.stderr).toBe(0);
    expect(cold.stderr).toContain('LOADED');
    const warm = await run(args);
    expect(warm.exitCode, warm.stderr).toBe(0);
    expect(warm.stderr).toContain('0 compiled, 3 unchanged');
    expect(warm.stderr).not.toContain('LOADED');

    writeFileSync(site.path('profiles/bad.pan'), 'object template bad;\n"/a" = ;\n');
    for (const extra of [['--bogus'], ['--formats', 'nope', 'x.pan'], [...common(site), site.path('profiles/bad.pan'), site.path('profiles/none.pan')]]) {
      const r = await run(extra);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stdout).not.toMatch(STACK_LINE);
    }
  }, 60_000);
});

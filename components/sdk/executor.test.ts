import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs, { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger } from './logger.js';
import { PlanBuilder } from './plan-builder.js';
import { runComponent, type RunComponentOptions } from './run-component.js';
import type { Component, ComponentContext, Plan } from './types.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'panfab-sdk-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const profile = { software: { components: { demo: { active: true, greeting: 'hello' } } } };

function component(plan: (ctx: ComponentContext) => Plan | Promise<Plan>): Component {
  return { name: 'demo', plan: async (ctx) => plan(ctx) };
}

function run(c: Component, extra: Partial<RunComponentOptions> = {}) {
  return runComponent(c, { profile, root, log: memoryLogger(), ...extra });
}

const at = (p: string) => join(root, p);

describe('file writer', () => {
  it('writes a new file with mode, then leaves it alone when unchanged', async () => {
    const c = component((ctx) => new PlanBuilder().file('/etc/demo.conf', `${String(ctx.config.greeting)}\n`, { mode: 0o640 }).build());
    const first = await run(c);
    expect(first.ok).toBe(true);
    expect(first.records[0]).toMatchObject({ status: 'done', summary: 'new file, mode 0640' });
    expect(readFileSync(at('etc/demo.conf'), 'utf8')).toBe('hello\n');
    expect(statSync(at('etc/demo.conf')).mode & 0o7777).toBe(0o640);
    const mtime = statSync(at('etc/demo.conf')).mtimeMs;
    const second = await run(c);
    expect(second.records[0]!.status).toBe('unchanged');
    expect(statSync(at('etc/demo.conf')).mtimeMs).toBe(mtime);
  });

  it('keeps a backup of replaced content and shows the diff', async () => {
    mkdirSync(at('etc'));
    writeFileSync(at('etc/demo.conf'), 'old\n', { mode: 0o600 });
    const c = component(() => new PlanBuilder().file('/etc/demo.conf', 'new\n', { backup: '.old' }).build());
    const r = await run(c);
    expect(r.records[0]).toMatchObject({ status: 'done', summary: 'content, backup /etc/demo.conf.old' });
    expect(r.records[0]!.diff).toContain('-old\n+new');
    expect(readFileSync(at('etc/demo.conf.old'), 'utf8')).toBe('old\n');
    expect(readFileSync(at('etc/demo.conf'), 'utf8')).toBe('new\n');
    // The mode of an existing file is kept when the plan does not give one.
    expect(statSync(at('etc/demo.conf')).mode & 0o7777).toBe(0o600);
  });

  it('changes owner and mode only, without rewriting content', async () => {
    mkdirSync(at('etc'));
    writeFileSync(at('etc/o'), 'x', { mode: 0o644 });
    const c = component(() => new PlanBuilder().file('/etc/o', 'x', { mode: 0o600, owner: 1234, group: '4321' }).build());
    const r = await run(c);
    expect(r.records[0]!.summary).toBe('mode 0644 -> 0600, owner 0 -> 1234, group 0 -> 4321');
    const st = statSync(at('etc/o'));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([1234, 4321, 0o600]);
    expect(r.records[0]!.diff).toBeUndefined();
  });

  it('a new or rewritten file is renamed into place with its mode and owner already set (set-id bits survive the chown)', async () => {
    const renamed: Record<string, number[]> = {};
    const rename = fs.promises.rename;
    vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      const st = lstatSync(from);
      renamed[String(to).slice(root.length)] = [st.mode & 0o7777, st.uid, st.gid];
      return rename(from, to);
    });
    try {
      mkdirSync(at('etc'));
      writeFileSync(at('etc/old'), 'old\n', { mode: 0o640 });
      chownSync(at('etc/old'), 555, 666);
      const c = component(() =>
        new PlanBuilder().file('/usr/sbin/tool', '#!/bin/sh\n', { mode: 0o4750, owner: 1234, group: 4321 }).file('/etc/old', 'new\n', { backup: '.bak' }).build(),
      );
      expect((await run(c)).ok).toBe(true);
    } finally {
      vi.restoreAllMocks();
    }
    expect(renamed).toEqual({ '/usr/sbin/tool': [0o4750, 1234, 4321], '/etc/old.bak': [0o640, 555, 666], '/etc/old': [0o640, 555, 666] });
    const st = statSync(at('usr/sbin/tool'));
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o4750, 1234, 4321]);
  });

  it('keeps the owner of an existing file when the plan names none', async () => {
    mkdirSync(at('etc'));
    writeFileSync(at('etc/kept'), 'a');
    chownSync(at('etc/kept'), 555, 666);
    const r = await run(component(() => new PlanBuilder().file('/etc/kept', 'b').build()));
    expect(r.ok).toBe(true);
    expect([statSync(at('etc/kept')).uid, statSync(at('etc/kept')).gid]).toEqual([555, 666]);
  });

  it('resolves owner names from the root tree etc/passwd', async () => {
    mkdirSync(at('etc'));
    writeFileSync(at('etc/passwd'), 'root:x:0:0::/root:/bin/sh\nxenuser:x:4242:4243::/:/bin/false\n');
    writeFileSync(at('etc/group'), 'root:x:0:\nxengroup:x:4243:\n');
    const r = await run(component(() => new PlanBuilder().file('/etc/x', 'x', { owner: 'xenuser', group: 'xengroup' }).build()));
    expect(r.ok).toBe(true);
    expect(statSync(at('etc/x')).uid).toBe(4242);
    const bad = await run(component(() => new PlanBuilder().file('/etc/y', 'y', { owner: 'nosuchuser' }).build()));
    expect(bad).toMatchObject({ ok: false, error: 'file /etc/y: unknown user "nosuchuser"' });
    expect(existsSync(at('etc/y'))).toBe(false);
  });

  it('never writes through a symlink or over a directory', async () => {
    mkdirSync(at('etc/dir'), { recursive: true });
    writeFileSync(at('precious'), 'data');
    symlinkSync(at('precious'), at('etc/link'));
    const viaLink = await run(component(() => new PlanBuilder().file('/etc/link', 'evil').build()));
    expect(viaLink.error).toBe('file /etc/link: /etc/link exists and is a symlink, not a regular file; not replaced');
    const overDir = await run(component(() => new PlanBuilder().file('/etc/dir', 'evil').build()));
    expect(overDir.ok).toBe(false);
    expect(readFileSync(at('precious'), 'utf8')).toBe('data');
  });

  it('rejects paths that climb out of the root before doing anything', async () => {
    const r = await run(component(() => new PlanBuilder().file('/etc/ok', 'x').file('/etc/../../escape', 'x').build()));
    expect(r.ok).toBe(false);
    expect(r.error).toContain("path contains '..'");
    expect(existsSync(at('etc/ok'))).toBe(false);
  });

  it('under --noaction shows the diff and changes nothing', async () => {
    mkdirSync(at('etc'));
    writeFileSync(at('etc/demo.conf'), 'a\nb\n');
    const r = await run(component(() => new PlanBuilder().file('/etc/demo.conf', 'a\nc\n').file('/etc/new', 'n\n').directory('/var/lib/demo').build()), { noaction: true });
    expect(r.records.map((x) => x.status)).toEqual(['planned', 'planned', 'planned']);
    expect(r.records[0]!.diff).toBe('--- /etc/demo.conf\n+++ /etc/demo.conf\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
    expect(r.records[1]!.diff).toContain('--- /dev/null');
    expect(readFileSync(at('etc/demo.conf'), 'utf8')).toBe('a\nb\n');
    expect(existsSync(at('etc/new'))).toBe(false);
    expect(existsSync(at('var/lib/demo'))).toBe(false);
  });

  it('hides the diff of secrets', async () => {
    const r = await run(component(() => new PlanBuilder().file('/etc/secret', 'pw\n', { showDiff: false, mode: 0o600 }).build()));
    expect(r.records[0]!.diff).toBeUndefined();
  });
});

describe('symlinks', () => {
  it('makes, replaces and removes only its own links', async () => {
    mkdirSync(at('etc/xen/auto'), { recursive: true });
    const make = await run(component(() => new PlanBuilder().symlink('/etc/xen/auto/web', '../web.cfg').build()));
    expect(make.records[0]!.status).toBe('done');
    expect(make.ownedLinks).toEqual({ '/etc/xen/auto/web': '../web.cfg' });
    expect(readlinkSync(at('etc/xen/auto/web'))).toBe('../web.cfg');

    const replace = await run(component(() => new PlanBuilder().symlink('/etc/xen/auto/web', '../web2.cfg').build()), { ownedLinks: make.ownedLinks });
    expect(replace.records[0]!.summary).toBe('-> ../web.cfg becomes -> ../web2.cfg');

    symlinkSync('../admin.cfg', at('etc/xen/auto/admin'));
    const foreign = await run(component(() => new PlanBuilder().removeSymlink('/etc/xen/auto/admin').removeSymlink('/etc/xen/auto/web').build()), { ownedLinks: replace.ownedLinks });
    expect(foreign.ok).toBe(true);
    expect(foreign.records.map((r) => r.status)).toEqual(['skipped', 'done']);
    expect(foreign.records[0]!.reason).toBe('kept: not made by this component');
    expect(lstatSync(at('etc/xen/auto/admin')).isSymbolicLink()).toBe(true);
    expect(existsSync(at('etc/xen/auto/web'))).toBe(false);
    expect(foreign.ownedLinks).toEqual({});
  });

  it('refuses to replace a link someone else made', async () => {
    mkdirSync(at('etc'));
    symlinkSync('/elsewhere', at('etc/l'));
    const r = await run(component(() => new PlanBuilder().symlink('/etc/l', '/mine').build()));
    expect(r.ok).toBe(false);
    expect(readlinkSync(at('etc/l'))).toBe('/elsewhere');
  });
});

describe('commands and services', () => {
  it('runs argument arrays without a shell, honouring okExitCodes', async () => {
    const r = await run(
      component(() =>
        new PlanBuilder()
          .command(['sh', '-c', 'echo "$1" > "$PANFAB_ROOT/out"', 'sh', '$(touch injected); `x`'], 'writes out')
          .command(['sh', '-c', 'exit 3'], 'exits 3', { okExitCodes: [0, 3] })
          .build(),
      ),
      { runCommands: true },
    );
    expect(r.ok).toBe(true);
    expect(readFileSync(at('out'), 'utf8')).toBe('$(touch injected); `x`\n');
    expect(existsSync(join(process.cwd(), 'injected'))).toBe(false);
  });

  it('stops at the first failure and skips the rest', async () => {
    const r = await run(component(() => new PlanBuilder().command(['false'], 'fails').file('/etc/after', 'x').build()), { runCommands: true });
    expect(r.ok).toBe(false);
    expect(r.error).toBe('command false: exit status 1');
    expect(r.records[1]).toMatchObject({ status: 'skipped', reason: 'an earlier action failed' });
    expect(existsSync(at('etc/after'))).toBe(false);
  });

  it('kills a command at its timeout and reports it', async () => {
    const t0 = Date.now();
    const r = await run(component(() => new PlanBuilder().command(['sleep', '30'], 'sleeps', { timeout: 300 }).build()), { runCommands: true });
    expect(r.ok).toBe(false);
    expect(r.error).toBe('command sleep 30: timed out after 300 ms');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('reports a missing command as a failure, not a crash', async () => {
    const r = await run(component(() => new PlanBuilder().command(['/nonexistent/cmd'], 'nothing').build()), { runCommands: true });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^command \/nonexistent\/cmd: .*ENOENT/);
  });

  it('under --noaction runs read-only commands only', async () => {
    const r = await run(
      component(() => new PlanBuilder().command(['sh', '-c', 'touch "$PANFAB_ROOT/probe"'], 'nothing', { readOnly: true }).command(['sh', '-c', 'touch "$PANFAB_ROOT/change"'], 'touches').build()),
      { noaction: true, runCommands: true },
    );
    expect(r.records.map((x) => x.status)).toEqual(['done', 'planned']);
    expect(existsSync(at('probe'))).toBe(true);
    expect(existsSync(at('change'))).toBe(false);
  });

  it('runs ifChanged commands and service actions only when their files changed', async () => {
    const calls: string[][] = [];
    const serviceCommand = (unit: string, action: string) => {
      calls.push([action, unit]);
      return ['true'];
    };
    const c = component(() =>
      new PlanBuilder()
        .file('/etc/svc.conf', 'v1\n')
        .service('svc.service', 'reload', { ifChanged: ['/etc/svc.conf'] })
        .command(['sh', '-c', 'echo x >> "$PANFAB_ROOT/count"'], 'counts', { ifChanged: ['/etc/svc.conf'] })
        .build(),
    );
    const first = await run(c, { runCommands: true, serviceCommand });
    expect(first.records.map((x) => x.status)).toEqual(['done', 'done', 'done']);
    const second = await run(c, { runCommands: true, serviceCommand });
    expect(second.records.map((x) => x.status)).toEqual(['unchanged', 'skipped', 'skipped']);
    expect(calls).toEqual([['reload', 'svc.service']]);
    expect(readFileSync(at('count'), 'utf8')).toBe('x\n');
  });

  it('does not run state-changing commands under --root unless told to', async () => {
    const r = await run(component(() => new PlanBuilder().command(['sh', '-c', 'touch "$PANFAB_ROOT/x"'], 'touches').service('a.service', 'restart').build()));
    expect(r.ok).toBe(true);
    expect(r.records.map((x) => [x.status, x.reason])).toEqual([['planned', 'commands disabled'], ['planned', 'commands disabled']]);
    expect(existsSync(at('x'))).toBe(false);
  });

  it('rejects bad unit names and argv before doing anything', async () => {
    const bad = await run(component(() => new PlanBuilder().file('/etc/f', 'x').service('-H evil', 'restart').build()));
    expect(bad.error).toBe('invalid plan: invalid service unit name "-H evil"');
    const nul = await run(component(() => new PlanBuilder().command(['echo', 'a\0b'], 'x').build()));
    expect(nul.error).toContain('NUL');
    expect(existsSync(at('etc/f'))).toBe(false);
  });
});

describe('probes and planning errors', () => {
  it('gives components read-only views under the root', async () => {
    mkdirSync(at('etc'));
    writeFileSync(at('etc/seen'), 'observed');
    let seen: unknown[] = [];
    await run(
      component(async (ctx) => {
        seen = [await ctx.probe.readText('/etc/seen'), await ctx.probe.readText('/etc/missing'), (await ctx.probe.stat('/etc'))?.kind, await ctx.probe.readdir('/etc'), (await ctx.probe.run(['echo', 'hi'])).stdout];
        return new PlanBuilder().build();
      }),
      { noaction: true },
    );
    expect(seen).toEqual(['observed', undefined, 'directory', ['seen'], 'hi\n']);
  });

  it('reports a planning exception as the component failing', async () => {
    const r = await run(component(() => {
      throw new Error('bad disk list');
    }));
    expect(r).toMatchObject({ ok: false, error: 'planning failed: bad disk list' });
  });
});

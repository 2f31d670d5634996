/**
 * `panfab fetch` + `panfab agent` end to end, as separate processes against
 * a --root tree, with profiles served by nginx: dependency order, --noaction,
 * no-op runs, --changed (own subtree, watched paths, retries), failures and
 * skipped dependents, dependency errors, hooks, locks, the JSON report.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { acquireLock } from '../../common/lock.js';
import type { AgentReport } from '../../components/agent/report.js';
import type { JsonObject } from '../../components/sdk/json.js';
import { installTestComponents } from './components.js';
import { startNginx, type Nginx } from './nginx.js';
import { profile, profileJson } from './profiles.js';

const PANFAB = join(process.cwd(), 'bin', 'panfab.js');

let nginx: Nginx;
let port: number;
const roots: string[] = [];

beforeAll(async () => {
  nginx = await startNginx({ listen: ['http'] }, (www, { http }) => [`listen 127.0.0.1:${http};\n    root ${www};`]);
  port = nginx.port.http;
});
afterAll(async () => {
  await nginx?.stop();
});
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

interface Site {
  root: string;
  /** Publish a profile for this root's host; each publication gets a later mtime (nginx ETags are mtime-size). */
  publish(p: JsonObject): void;
  panfab(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** panfab fetch, which must succeed. */
  fetch(): Promise<void>;
  report(): AgentReport;
  read(path: string): string;
}

let serial = 0;
let clock = Date.parse('2026-02-01T00:00:00Z');

function site(extraConfig = '', runCommands = true): Site {
  const root = mkdtempSync(join(tmpdir(), 'panfab-agent-'));
  roots.push(root);
  const name = `node${++serial}.json`;
  mkdirSync(join(root, 'etc/panfab'), { recursive: true });
  writeFileSync(
    join(root, 'etc/panfab/agent.yaml'),
    `url: http://127.0.0.1:${port}/profiles/${name}\nretries: 0\nrun-commands: ${runCommands}\n${installTestComponents(root)}${extraConfig}`,
  );
  return {
    root,
    publish(p) {
      const file = join(nginx.www, 'profiles', name);
      mkdirSync(join(nginx.www, 'profiles'), { recursive: true });
      writeFileSync(file, profileJson(p));
      clock += 1000;
      utimesSync(file, new Date(clock), new Date(clock));
    },
    async panfab(...args) {
      const r = await execa('node', [PANFAB, ...args, '--root', root], { reject: false });
      return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    async fetch() {
      const r = await this.panfab('fetch');
      expect(r.exitCode, r.stderr).toBe(0);
    },
    report: () => JSON.parse(readFileSync(join(root, 'var/lib/panfab/agent/last-report.json'), 'utf8')) as AgentReport,
    read: (path) => readFileSync(join(root, path), 'utf8'),
  };
}

interface Settings {
  motd?: string;
  port?: number;
  fail?: boolean;
  ip?: string;
  extra?: Record<string, JsonObject>;
}

/** The test site's profile: six components with pre/post dependencies. */
function siteProfile(s: Settings = {}): JsonObject {
  return profile({
    ip: s.ip ?? '192.0.2.10',
    components: {
      motd: { active: true, text: s.motd ?? 'hello' },
      svc: { active: true, port: s.port ?? 80, dependencies: { post: ['motd'] } },
      failing: { active: true, fail: s.fail ?? false },
      dependent: { active: true, dependencies: { pre: ['failing'] } },
      netwatch: { active: true },
      manual: { active: true, dispatch: false },
      idle: { active: false },
      ...s.extra,
    },
  });
}

/** Every file and link under root with its content and metadata (the lock file excluded). */
function snapshot(root: string, exclude: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      const rel = relative(root, path);
      if (exclude.includes(rel)) continue;
      const st = lstatSync(path);
      if (e.isDirectory()) {
        out[rel + '/'] = `dir ${st.mode.toString(8)}`;
        walk(path);
      } else if (e.isSymbolicLink()) out[rel] = `-> ${readlinkSync(path)}`;
      else out[rel] = `${st.mode.toString(8)} ${st.mtimeMs} ${readFileSync(path, 'utf8')}`;
    }
  };
  walk(root);
  return out;
}

const names = (r: AgentReport) => r.components.map((c) => c.name);
const statuses = (r: AgentReport) => Object.fromEntries(r.components.map((c) => [c.name, c.status]));

describe('panfab agent', () => {
  it('plans under --noaction, applies in dependency order, then a no-op run changes nothing', async () => {
    const s = site();
    s.publish(siteProfile());
    await s.fetch();

    const before = snapshot(s.root);
    const dry = await s.panfab('agent', '--all', '--noaction');
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('--noaction: nothing is changed');
    expect(dry.stdout).toContain('  file /etc/motd: new file, mode 0644 [would change]\n    --- /dev/null\n    +++ /etc/motd\n    @@ -0,0 +1 @@\n    +hello');
    expect(dry.stdout).toContain(`  run sh -c 'echo reloaded >> "$PANFAB_ROOT/var/log/svc.log"': reloads svc [would run]`);
    expect(snapshot(s.root)).toEqual(before);

    const run = await s.panfab('agent', '--all');
    expect(run.exitCode).toBe(0);
    const report = s.report();
    expect(names(report)).toEqual(['failing', 'dependent', 'manual', 'netwatch', 'svc', 'motd']);
    expect(report).toMatchObject({ ok: true, noaction: false, selection: 'all' });
    expect(report.components.find((c) => c.name === 'svc')!.changes).toBe(3);
    expect(s.read('etc/motd')).toBe('hello\n');
    expect(s.read('var/log/svc.log')).toBe('reloaded\n');
    expect(readlinkSync(join(s.root, 'etc/hosts.link'))).toBe('hosts.panfab');
    expect(existsSync(join(s.root, 'etc/idle'))).toBe(false);
    const state = JSON.parse(s.read('var/lib/panfab/agent/components/netwatch.json'));
    expect(state).toMatchObject({ lastRun: { status: 'ok' }, links: { '/etc/hosts.link': 'hosts.panfab' }, data: { runs: 1 } });

    // Nothing changed in the profile: --changed runs nothing and touches nothing but its report.
    const settled = snapshot(s.root, ['var/lib/panfab/agent/last-report.json']);
    const noop = await s.panfab('agent', '--changed');
    expect(noop.exitCode).toBe(0);
    expect(noop.stdout).toBe('no component to run');
    expect(snapshot(s.root, ['var/lib/panfab/agent/last-report.json'])).toEqual(settled);

    // --all again: every component runs, none changes a file, the reload is not repeated.
    const again = await s.panfab('agent', '--all', '--json');
    expect(again.exitCode).toBe(0);
    const r2 = JSON.parse(again.stdout) as AgentReport;
    expect(r2.components.map((c) => c.changes)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(s.read('var/log/svc.log')).toBe('reloaded\n');
    const after = snapshot(s.root);
    for (const f of ['etc/motd', 'etc/svc.conf', 'etc/hosts.panfab']) expect(after[f]).toBe(settled[f]);
  });

  it('--changed runs what changed (own subtree or watched paths) and retries failures', async () => {
    const s = site();
    s.publish(siteProfile());
    await s.fetch();
    expect((await s.panfab('agent', '--all')).exitCode).toBe(0);

    s.publish(siteProfile({ motd: 'welcome' }));
    await s.fetch();
    expect((await s.panfab('agent', '--changed')).exitCode).toBe(0);
    expect(names(s.report())).toEqual(['motd']);
    expect(s.read('etc/motd')).toBe('welcome\n');
    expect(s.read('etc/motd.old')).toBe('hello\n');

    s.publish(siteProfile({ motd: 'welcome', ip: '192.0.2.99' }));
    await s.fetch();
    const watched = await s.panfab('agent', '--changed');
    expect(names(s.report())).toEqual(['netwatch']);
    expect(watched.stdout).toContain('note: address changed from 192.0.2.10');
    expect(JSON.parse(s.read('var/lib/panfab/agent/components/netwatch.json')).data).toEqual({ runs: 2 });

    // A failure: exit status 1, the pre-dependent is not run, both are retried by --changed.
    s.publish(siteProfile({ motd: 'welcome', ip: '192.0.2.99', fail: true }));
    await s.fetch();
    const failed = await s.panfab('agent', '--all');
    expect(failed.exitCode).toBe(1);
    expect(statuses(s.report())).toMatchObject({ failing: 'failed', dependent: 'skipped', motd: 'ok' });
    expect(failed.stdout).toContain('component failing: FAILED: command sh -c');
    expect(failed.stdout).toContain('exit status 4: broken');
    expect(failed.stdout).toContain('component dependent: skipped (pre-dependency failing failed)');
    expect(s.report().ok).toBe(false);

    const retried = await s.panfab('agent', '--changed');
    expect(retried.exitCode).toBe(1);
    expect(names(s.report())).toEqual(['failing', 'dependent']);

    s.publish(siteProfile({ motd: 'welcome', ip: '192.0.2.99', fail: false }));
    await s.fetch();
    expect((await s.panfab('agent', '--changed')).exitCode).toBe(0);
    expect(statuses(s.report())).toEqual({ failing: 'ok', dependent: 'ok' });
    expect((await s.panfab('agent', '--changed')).stdout).toBe('no component to run');
  });

  it('a dependency cycle or a missing dependency is an error that runs nothing', async () => {
    const s = site();
    const cyclic = siteProfile({ extra: { motd: { active: true, text: 'x', dependencies: { post: ['svc'] } } } });
    writeFileSync(join(s.root, 'cyclic.json'), profileJson(cyclic));
    const r = await s.panfab('agent', '--all', '--profile', join(s.root, 'cyclic.json'));
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('nothing run: dependency cycle: motd -> svc -> motd');
    expect(existsSync(join(s.root, 'etc'))).toBe(true);
    expect(readdirSync(join(s.root, 'etc'))).toEqual(['panfab']);

    const missing = siteProfile({ extra: { dependent: { active: true, dependencies: { pre: ['ghost'] } } } });
    writeFileSync(join(s.root, 'missing.json'), profileJson(missing));
    const m = await s.panfab('agent', '--all', '--profile', join(s.root, 'missing.json'));
    expect(m.exitCode).toBe(2);
    expect(m.stdout).toBe('nothing run: component dependent: pre-dependency ghost is not in the profile');

    const inactive = siteProfile({ extra: { dependent: { active: true, dependencies: { pre: ['idle'] } } } });
    writeFileSync(join(s.root, 'inactive.json'), profileJson(inactive));
    expect((await s.panfab('agent', '--all', '--profile', join(s.root, 'inactive.json'))).stdout).toContain('pre-dependency idle is not active');
    expect(readdirSync(join(s.root, 'etc'))).toEqual(['panfab']);
  });

  it('runs named components only; an inactive one is not run; an unknown one is an error', async () => {
    const s = site();
    s.publish(siteProfile());
    await s.fetch();
    const r = await s.panfab('agent', 'motd', 'manual', 'idle');
    expect(r.exitCode).toBe(0);
    expect(names(s.report())).toEqual(['manual', 'motd']);
    expect(r.stderr).toContain('component idle is not active; not run');
    const unknown = await s.panfab('agent', 'nosuch');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe('panfab agent: component nosuch is not in the profile (/software/components/nosuch)');
    const none = await s.panfab('agent');
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('name the components to run, or give --all or --changed');

    // A damaged state file fails its component and is kept for inspection.
    const stateFile = join(s.root, 'var/lib/panfab/agent/components/motd.json');
    writeFileSync(stateFile, '{"links": {"/etc/x": ');
    const damaged = await s.panfab('agent', 'motd', 'manual');
    expect(damaged.exitCode).toBe(1);
    expect(statuses(s.report())).toEqual({ manual: 'ok', motd: 'failed' });
    expect(damaged.stdout).toContain('damaged state file (not JSON); move it away to start afresh');
    expect(readFileSync(stateFile, 'utf8')).toBe('{"links": {"/etc/x": ');
  });

  it('an active component that is not installed fails the run, its dependents are not run', async () => {
    const s = site();
    const p = siteProfile({ extra: { ghost: { active: true }, dependent: { active: true, dependencies: { pre: ['ghost'] } } } });
    writeFileSync(join(s.root, 'p.json'), profileJson(p));
    const r = await s.panfab('agent', '--all', '--profile', join(s.root, 'p.json'));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('component ghost: FAILED: no component named ghost is installed');
    expect(r.stdout).toContain('component dependent: skipped (pre-dependency ghost failed)');
  });

  it('an invalid --profile is rejected with its profile path before anything runs', async () => {
    const s = site();
    const p = siteProfile();
    (p.system as { network: { hostname: string } }).network.hostname = 'BAD_NAME';
    writeFileSync(join(s.root, 'bad.json'), profileJson(p));
    const r = await s.panfab('agent', '--all', '--profile', join(s.root, 'bad.json'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: \/system\/network\/hostname: must match pattern/);
  });

  it('runs pre and post hooks with the plan and the report; a failing pre hook stops the run', async () => {
    const hookDir = mkdtempSync(join(tmpdir(), 'panfab-hooks-'));
    roots.push(hookDir);
    const hook = (name: string, exit: number) => {
      const path = join(hookDir, name);
      writeFileSync(path, `#!/bin/sh\ncat > "${join(hookDir, name)}.in"\nexit ${exit}\n`);
      chmodSync(path, 0o755);
      return path;
    };
    const s = site(`pre-hook: [${hook('pre', 0)}]\npost-hook: [${hook('post', 0)}]\n`);
    s.publish(siteProfile());
    await s.fetch();
    expect((await s.panfab('agent', 'motd')).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(hookDir, 'pre.in'), 'utf8'))).toMatchObject({ components: ['motd'], noaction: false });
    expect(JSON.parse(readFileSync(join(hookDir, 'post.in'), 'utf8'))).toMatchObject({ components: [{ name: 'motd', status: 'ok' }] });

    const t = site(`pre-hook: [${hook('refuse', 3)}]\n`);
    t.publish(siteProfile());
    await t.fetch();
    const r = await t.panfab('agent', '--all');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('pre hook FAILED');
    expect(existsSync(join(t.root, 'etc/motd'))).toBe(false);
  });

  it('two agent runs are kept apart by the lock', async () => {
    const s = site();
    s.publish(siteProfile());
    await s.fetch();
    mkdirSync(join(s.root, 'var/lib/panfab/agent'), { recursive: true });
    const lock = await acquireLock(join(s.root, 'var/lib/panfab/agent/agent.lock'), 'an agent run');
    try {
      const r = await s.panfab('agent', '--all');
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`an agent run is already running (pid ${process.pid}`);
      expect(existsSync(join(s.root, 'etc/motd'))).toBe(false);
    } finally {
      await lock.release();
    }
  });

  it('under --root without run-commands, commands are reported, not run', async () => {
    const s = site('', false);
    s.publish(siteProfile());
    await s.fetch();
    const r = await s.panfab('agent', 'svc');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('reloads svc [not run (commands disabled)]');
    expect(existsSync(join(s.root, 'var/log/svc.log'))).toBe(false);
    expect(statSync(join(s.root, 'etc/svc.conf')).isFile()).toBe(true);
  });

  it('the shipped systemd units verify, and their commands (and the cron line) configure the host', async () => {
    const unitDir = join(process.cwd(), 'components/agent/systemd');
    const service = readFileSync(join(unitDir, 'panfab-agent.service'), 'utf8');
    // systemd-analyze checks that ExecStart's program exists: point it at this checkout's panfab.
    const tmp = mkdtempSync(join(tmpdir(), 'panfab-units-'));
    roots.push(tmp);
    writeFileSync(join(tmp, 'panfab-agent.service'), service.split('/usr/bin/panfab').join(PANFAB));
    writeFileSync(join(tmp, 'panfab-agent.timer'), readFileSync(join(unitDir, 'panfab-agent.timer')));
    const verify = await execa('systemd-analyze', ['verify', '--man=no', 'panfab-agent.service', 'panfab-agent.timer'], { cwd: tmp, reject: false });
    expect(`${verify.exitCode} ${verify.stderr}`).toBe('0 ');

    const execStart = [...service.matchAll(/^ExecStart=(.*)$/gm)].map((m) => m[1]!.split(' '));
    expect(execStart).toEqual([
      ['/usr/bin/panfab', 'fetch', '--quiet'],
      ['/usr/bin/panfab', 'agent', '--changed', '--quiet'],
    ]);
    const cron = readFileSync(join(unitDir, 'panfab-agent.cron'), 'utf8').split('\n').find((l) => /^[*0-9]/.test(l))!;
    const [min, hour, dom, mon, dow, user, ...command] = cron.split(/\s+/);
    expect([min, hour, dom, mon, dow, user]).toEqual(['*/15', '*', '*', '*', '*', 'root']);
    expect(command.join(' ').split(' && ').map((c) => c.split(' '))).toEqual(execStart);

    const s = site();
    s.publish(siteProfile({ motd: 'from the timer' }));
    for (const [, ...args] of execStart) {
      const r = await s.panfab(...args);
      expect(r).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    }
    expect(s.read('etc/motd')).toBe('from the timer\n');
    expect(s.report().ok).toBe(true);
  });

  it('without a fetched profile, says so', async () => {
    const s = site();
    const r = await s.panfab('agent', '--all');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no current profile in .*: run panfab fetch first/);
  });
});

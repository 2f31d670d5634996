/**
 * `panfab diff` on the fixture site (two Dom0s with two Xen guests each, two
 * physical nodes): template edits compiled with the real compiler, then
 * compared as directories and as git revisions.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { register } from '../../cli/commands/diff.js';
import { runPanfab, tempSite, type TempSite } from './helpers.js';

let site: TempSite | undefined;
afterEach(() => {
  site?.cleanup();
  site = undefined;
});

function open(): TempSite {
  site = tempSite();
  return site;
}

const diff = (args: string[], cwd?: string): ReturnType<typeof runPanfab> => runPanfab(register, ['diff', ...args], cwd);

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=panfab test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
}

describe('panfab diff: two output directories', () => {
  it('reports a change to one shared template once, with the number of nodes it touches', async () => {
    const s = open();
    const before = await s.compile('old');
    s.edit('site/defaults.pan', 'ntp1.example.org', 'ntp2.example.org');
    const after = await s.compile('new');
    const r = await diff([before, after, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.changes).toEqual([{
      kind: 'changed', path: '/software/components/ntpd/servers', old: ['ntp1.example.org'], new: ['ntp2.example.org'], count: 7,
      // node1 sets its own servers: the shared template's change does not reach it.
      nodes: ['dom0a.example.org', 'dom0b.example.org', 'node2.example.org', 'vm1.example.org', 'vm2.example.org', 'vm3.example.org', 'vm4.example.org'],
    }]);
    expect(doc.profiles).toMatchObject({ old: 8, new: 8, unchanged: 1, added: [], removed: [] });
  });

  it("shows a guest's RAM change on the guest and on its Dom0, and nowhere else", async () => {
    const s = open();
    const before = await s.compile('old');
    s.edit('profiles/vm1.example.org.pan', 'GUEST_RAM = 512', 'GUEST_RAM = 1024');
    const after = await s.compile('new');
    const r = await diff([before, after]);
    expect(r).toEqual({
      code: 1,
      err: '',
      out: [
        '2 of 8 profiles changed, 0 added, 0 removed, 6 unchanged',
        '',
        '1 node (dom0a.example.org):',
        '  ~ /software/components/xen/domains/vm1/options/memory  512 -> 1024',
        '',
        '1 node (vm1.example.org):',
        '  ~ /hardware/ram/0/size  512 -> 1024',
        '',
      ].join('\n'),
    });
  });

  it('groups a change that names each node (node name abstracted), and gives per-node details on request', async () => {
    const s = open();
    const before = await s.compile('old');
    s.edit('site/defaults.pan', "INSTALL_SERVER ?= 'install.example.org'", "INSTALL_SERVER ?= 'install2.example.org'");
    const after = await s.compile('new');
    const r = await diff([before, after, '--details']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('8 nodes (dom0a.example.org, dom0b.example.org, node1.example.org, ... +5 more):\n'
      + '  ~ /system/aii/nbp/kslocation  "http://install.example.org/ks/<node>.ks" -> "http://install2.example.org/ks/<node>.ks"\n');
    expect(r.out).toContain('vm3.example.org:\n  ~ /system/aii/nbp/kslocation  "http://install.example.org/ks/vm3.example.org.ks" -> "http://install2.example.org/ks/vm3.example.org.ks"\n');
    const one = await diff([before, after, '--node', 'vm3.example.org']);
    expect(one.out.split('\n')[0]).toBe('1 of 1 profile changed, 0 added, 0 removed, 0 unchanged');
  });

  it('exits 0 when nothing changed, and lists added and removed profiles', async () => {
    const s = open();
    const before = await s.compile('old');
    expect(await diff([before, before])).toEqual({ code: 0, err: '', out: '0 of 8 profiles changed, 0 added, 0 removed, 8 unchanged\n' });
    rmSync(join(s.root, 'profiles', 'node2.example.org.pan'));
    writeFileSync(join(s.root, 'profiles', 'node3.example.org.pan'), "object template node3.example.org;\ninclude 'site/physical';\n");
    const after = await s.compile('new');
    const r = await diff([before, after, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ profiles: { old: 8, new: 8, added: ['node3.example.org'], removed: ['node2.example.org'], changed: [], unchanged: 7 }, changes: [] });
  });

  it('exits 2 with one line on bad input, never a stack trace', async () => {
    const s = open();
    const before = await s.compile('old');
    expect(await diff([before, join(s.scratch, 'missing')])).toEqual({
      code: 2, out: '', err: `panfab diff: ${join(s.scratch, 'missing')}: not a directory of compiled profiles (use --git to compare revisions)\n`,
    });
    expect((await diff([before])).err).toBe('panfab diff: give two directories of compiled profiles, or --git OLD_REV [NEW_REV]\n');
    expect((await diff([before, before, '--bogus'])).code).toBe(2);
    const corrupt = await s.compile('corrupt');
    execFileSync('sh', ['-c', `printf '{"hardware": ' > "${join(corrupt, 'vm1.example.org.json')}"`]);
    const r = await diff([before, corrupt]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^panfab diff: .*vm1\.example\.org\.json:1:14: unexpected end of the document\n$/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('panfab diff --git: two revisions of the template tree', () => {
  it('compiles both revisions (or a revision and the work tree) and compares them, leaving no temporary files', async () => {
    const s = open();
    git(s.root, 'init', '-q');
    git(s.root, 'add', '-A');
    git(s.root, 'commit', '-qm', 'site');
    s.edit('profiles/vm3.example.org.pan', 'GUEST_RAM = 512', 'GUEST_RAM = 2048');
    const temps = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('panfab-diff-') && !f.startsWith('panfab-diff-test-'));
    const before = temps();

    const worktree = await diff(['--git', 'HEAD', '--site', 'panfab.yaml', '--json'], s.root);
    expect(worktree.code).toBe(1);
    expect(JSON.parse(worktree.out).changes.map((c: { path: string; count: number; nodes: string[] }) => [c.path, c.nodes])).toEqual([
      ['/hardware/ram/0/size', ['vm3.example.org']],
      ['/software/components/xen/domains/vm3/options/memory', ['dom0b.example.org']],
    ]);

    git(s.root, 'commit', '-qam', 'vm3 RAM');
    const revisions = await diff(['--git', 'HEAD~1', 'HEAD', '--include-path', 'profiles:.', '--objects', 'profiles'], s.root);
    expect(revisions.out).toContain('1 node (vm3.example.org):\n  ~ /hardware/ram/0/size  512 -> 2048\n');
    expect(await diff(['--git', 'HEAD', 'HEAD', '--site', join(s.root, 'panfab.yaml'), '--repo', s.root])).toMatchObject({ code: 0 });
    expect(temps()).toEqual(before);
  });

  it('exits 2 when a revision fails to compile, naming the revision and file, or does not exist', async () => {
    const s = open();
    git(s.root, 'init', '-q');
    git(s.root, 'add', '-A');
    git(s.root, 'commit', '-qm', 'site');
    s.edit('site/xen-guest.pan', 'GUEST_RAM));', 'GUEST_RAM + "MB"));');
    git(s.root, 'commit', '-qam', 'broken');
    const r = await diff(['--git', 'HEAD~1', 'HEAD', '--site', 'panfab.yaml'], s.root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^panfab diff: compiling HEAD: evaluation error \[HEAD:site\/xen-guest\.pan:5\.\d+-5\.\d+\]/m);
    // Four guests fail, and so do both Dom0s that read them: past five, errors are only counted.
    expect(r.err.match(/^panfab diff: compiling HEAD: /gm)).toHaveLength(5);
    expect(r.err).toContain('panfab diff: ... and 1 more errors (--json lists them all)\n');
    const json = await diff(['--git', 'HEAD~1', 'HEAD', '--site', 'panfab.yaml', '--json'], s.root);
    expect(JSON.parse(json.out).errors).toHaveLength(6);
    const unknown = await diff(['--git', 'nosuchrev', '--site', 'panfab.yaml'], s.root);
    expect(unknown).toMatchObject({ code: 2, out: '' });
    expect(unknown.err).toMatch(/^panfab diff: unknown revision 'nosuchrev' in .*\n$/);
    expect((await diff(['--git', 'HEAD'], s.root)).err).toBe('panfab diff: --git needs the site to compile: --site FILE, or --include-path and --objects\n');
  });
});

/**
 * `panfab example` as a user runs it (the built CLI, `npm run build` first):
 * compile, check, configure the install server into <out>/aii (dhcpd.conf
 * checked by the real dhcpd -t), dry-run the agent on the Dom0s; a second run
 * changes nothing; a broken site exits 1 naming the hosts.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN, REPO, TempDirs } from './helpers.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const panfab = (args: string[], cwd: string) =>
  execa(process.execPath, [join(REPO, 'bin', 'panfab.js'), ...args], { cwd, reject: false, timeout: 120_000, env: { NO_COLOR: '1' } });

/** Whether the agent's built-in components exist yet (components/xen, components/filesystems). */
const componentsBuilt = ['xen', 'filesystems'].every((c) => existsSync(join(REPO, 'dist', 'components', c, 'index.js')));

describe('panfab example', () => {
  let cwd: string;
  let first: Awaited<ReturnType<typeof panfab>>;

  beforeAll(async () => {
    cwd = temp.make('panfab-example-cmd-');
    first = await panfab(['example'], cwd);
  });

  it('compiles the bundled site into ./out/profiles and prints the summary', () => {
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe(`panfab example: site ${join(REPO, 'examples', 'site', 'panfab.yaml')}, 9 object templates`);
    expect(lines).toContain('schema: 9 of 9 profiles pass schema/');
    expect(lines).toContain('Dom0 dom0a.example.org: 3 guests, 24576 of 65536 MiB RAM to guests');
    expect(lines).toContain('errors: none');
    expect(JSON.parse(readFileSync(join(cwd, 'out', 'profiles', 'dom0b.example.org.json'), 'utf8')).system.enclosure.children).toEqual(['app1.example.org', 'app2.example.org']);
    expect(existsSync(join(cwd, 'out', 'profiles', 'dom0b.example.org.xml'))).toBe(true);
  });

  it('configures the install server under out/aii, keeping the admins\' part of dhcpd.conf', () => {
    expect(first.stdout).toContain('install server: panfab aii --configure of 8 hosts into out/aii (dhcpd.conf checked by dhcpd -t): done, 27 changes; log in out/aii/configure.log');
    const dhcpd = readFileSync(join(cwd, 'out', 'aii', 'dhcpd.conf'), 'utf8');
    expect(dhcpd).toContain('subnet 192.0.2.0 netmask 255.255.255.0 {');
    expect(dhcpd).toMatch(/host web1\.example\.org \{[^}]*hardware ethernet 00:16:3e:0a:01:0b;[^}]*fixed-address 192\.0\.2\.11;/);
    expect(readFileSync(join(cwd, 'out', 'aii', 'ks', 'db1.example.org.ks'), 'utf8')).toContain('network --device=00:16:3e:0a:01:0d');
    expect(readFileSync(join(cwd, 'out', 'aii', 'tftp', 'pxelinux.cfg', 'web1.example.org.cfg'), 'utf8')).toContain('inst.ks=http://192.0.2.2/ks/web1.example.org.ks');
    expect(readlinkSync(join(cwd, 'out', 'aii', 'tftp', 'grub', 'grub.cfg-C000020A'))).toBe('localboot.cfg');
  });

  it('dry-runs the agent on each Dom0 under out/root/<dom0>, or says why it cannot', () => {
    for (const dom0 of ['dom0a.example.org', 'dom0b.example.org']) {
      const name = dom0.replace(/\./g, '\\.');
      if (componentsBuilt) {
        // A preview: its probes see this machine (no Xen, no Dom0 disks), whatever it finds does not fail the example.
        expect(first.stdout).toMatch(new RegExp(`^agent dry run for ${name} \\(root out/root/${name}; probes see this machine\\): (ok|refused here \\(this machine is not that Dom0; the example goes on\\)): .*; report in out/agent/${name}\\.txt$`, 'm'));
        expect(readFileSync(join(cwd, 'out', 'agent', `${dom0}.txt`), 'utf8')).toMatch(/^--noaction: nothing is changed; plan against profile /);
        expect(JSON.parse(readFileSync(join(cwd, 'out', 'agent', `${dom0}.json`), 'utf8')).components.map((c: { name: string }) => c.name)).toEqual(['filesystems', 'xen']);
      } else {
        expect(first.stdout).toMatch(new RegExp(`^agent dry run for ${name}: skipped: component \\w+ is not installed`, 'm'));
      }
    }
  });

  it('a second run changes nothing on the install server', async () => {
    const second = await panfab(['example'], cwd);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('(dhcpd.conf checked by dhcpd -t): done, 0 changes;');
  });

  it('a broken site exits 1 with the validation error naming the hosts', async () => {
    const r = await panfab(['example', '--site', join(BROKEN, 'duplicate-mac'), '--out', 'broken-out'], cwd);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('- aii.example.org: validation error [');
    expect(r.stdout).toContain('MAC address 00:16:3e:0a:01:0b is used twice: by app2.example.org (/hardware/cards/nic/eth0) and by web1.example.org (/hardware/cards/nic/eth0)');
    expect(existsSync(join(cwd, 'broken-out', 'profiles', 'aii.example.org.json'))).toBe(false);
  });

  it('a bad panfab.yaml is reported with file:line:column, without a stack trace', async () => {
    const r = await panfab(['example', '--site', join(REPO, 'test', 'example', 'fixtures', 'bad-site')], cwd);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`panfab: ${join(REPO, 'test', 'example', 'fixtures', 'bad-site', 'panfab.yaml')}:4:1: unknown setting 'object' (known: include_path, objects, extends, dhcpd_conf)`);
  });
});

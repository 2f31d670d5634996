/** `panfab aii` and `panfab aii-ack` as the command line parses them (commander, in process). */
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPanfab, type RunResult } from '../cli-harness.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../cli/commands/aii.js';
import { fixtureProfile, makeSite, type TestSite } from '../../aii/testing.js';

let site: TestSite | undefined;
afterEach(() => {
  site?.cleanup();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function setup(): { site: TestSite; common: string[] } {
  site = makeSite([fixtureProfile('pxe1.example.org'), fixtureProfile('dom0a.example.org'), fixtureProfile('vm1.example.org'), fixtureProfile('vm2.example.org')]);
  const c = site.config;
  const yaml = join(site.root, 'aii.yaml');
  writeFileSync(yaml, `next_server: 192.0.2.2\ndhcpd:\n  reload: ${JSON.stringify(c.dhcpd.reload)}\ntftp:\n  serial: "0 115200"\n`);
  return { site, common: ['--config', yaml, '--profiles', site.profiles, '--dhcpd-conf', c.dhcpd.conf, '--tftp-root', c.tftp.root, '--ks-dir', c.kickstart.dir] };
}

const panfab = (args: string[]): Promise<RunResult> => runPanfab(register, args);

describe('panfab aii command line', () => {
  it('runs the verbs on names and regular expressions, with --cascade and --noaction', async () => {
    const { site, common } = setup();
    const dry = await panfab(['aii', '--install', 'dom0a.example.org', '--cascade', '--noaction', ...common]);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^would link {3}.*grub\.cfg-C000020A -> dom0a\.example\.org\.cfg/m);
    expect(dry.out).toMatch(/^would link {3}.*pxelinux\.cfg\/C000020C -> vm2\.example\.org\.cfg/m);
    expect(readFileSync(site.config.dhcpd.conf, 'utf8')).not.toContain('BEGIN panfab');

    expect((await panfab(['aii', '--install', 'dom0a.example.org', '--cascade', ...common])).code).toBe(0);
    expect(readlinkSync(join(site.config.tftp.root, 'pxelinux.cfg', 'C000020B'))).toBe('vm1.example.org.cfg');
    const status = await panfab(['aii', '--status', ...common]);
    expect(status.out.split('\n')).toEqual([
      'dom0a.example.org: install (grub/grub.cfg-C000020A -> dom0a.example.org.cfg)',
      'pxe1.example.org: unconfigured (pxelinux.cfg/0A00020F, no dhcpd entry)',
      'vm1.example.org: install (pxelinux.cfg/C000020B -> vm1.example.org.cfg)',
      'vm2.example.org: install (pxelinux.cfg/C000020C -> vm2.example.org.cfg)',
      '',
    ]);
    expect((await panfab(['aii', '--boot', 'vm[12]\\.example\\.org', ...common])).code).toBe(0);
    expect(readlinkSync(join(site.config.tftp.root, 'pxelinux.cfg', 'C000020C'))).toBe('localboot.cfg');
  });

  it('acknowledges an install with panfab aii-ack', async () => {
    const { site, common } = setup();
    await panfab(['aii', '--install', 'pxe1.example.org', ...common]);
    const ack = await panfab(['aii-ack', 'pxe1.example.org', ...common]);
    expect(ack).toEqual({ code: 0, out: 'pxe1.example.org: install acknowledged, now boots from local disk\n', err: '' });
    expect(readlinkSync(join(site.config.tftp.root, 'pxelinux.cfg', '0A00020F'))).toBe('localboot.cfg');
  });

  it('explains usage errors in one line', async () => {
    const { common } = setup();
    expect(await panfab(['aii', ...common])).toMatchObject({ code: 1, err: 'panfab: aii: give one of --configure, --install, --boot, --rescue, --firmware, --remove, --status\n' });
    expect((await panfab(['aii', '--boot', 'a', '--install', 'b', ...common])).err).toBe('panfab: aii: give one verb per run, not --install and --boot\n');
    expect((await panfab(['aii', '--configure', ...common])).err).toBe('panfab: --configure needs host names, regular expressions or --hostlist\n');
    const bad = await panfab(['aii', '--status', '--next-server', '1.2.3', ...common]);
    expect(bad.err).toBe('panfab: --next-server: "1.2.3" is not an IPv4 address\n');
  });
});

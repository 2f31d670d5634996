import { chmodSync, chownSync, existsSync, lstatSync, readFileSync, readlinkSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVED_FILE_MODE, backupPath } from './apply.js';
import { runAii, type AiiAction } from './run.js';
import { HAND_WRITTEN_DHCPD, SITE_HOSTS, fixtureProfile, makeSite, type TestSite } from './testing.js';

let sites: TestSite[] = [];
afterEach(() => {
  for (const s of sites) s.cleanup();
  sites = [];
});

function site(hosts: readonly string[] = SITE_HOSTS): TestSite {
  const s = makeSite(hosts.map(fixtureProfile));
  sites.push(s);
  return s;
}

interface Outcome {
  code: number;
  out: string[];
  err: string[];
}

async function aii(s: TestSite, action: AiiAction, patterns: string[], extra: { cascade?: boolean; confirm?: boolean; noaction?: boolean; hostsFile?: string } = {}): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAii({ action, patterns, config: s.config, out: (l) => out.push(l), err: (l) => err.push(l), ...extra });
  return { code, out, err };
}

const pxe = (s: TestSite, name: string) => join(s.config.tftp.root, 'pxelinux.cfg', name);
const grub = (s: TestSite, name: string) => join(s.config.tftp.root, 'grub', name);
const link = (path: string) => (existsSync(path) || lstatExists(path) ? readlinkSync(path) : undefined);
function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
const dhcpd = (s: TestSite) => readFileSync(s.config.dhcpd.conf, 'utf8');

async function status(s: TestSite, host: string): Promise<string> {
  const r = await aii(s, 'status', [host]);
  return r.out.join('\n');
}

describe('panfab aii verbs', () => {
  it('--configure writes every file, keeps hand-written dhcpd.conf, reloads once, and leaves protected nodes alone', async () => {
    const s = site();
    const r = await aii(s, 'configure', ['.*']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: node1.example.org: is protected (/system/aii/protected): --configure needs --confirm');
    const conf = dhcpd(s);
    expect(conf.startsWith(HAND_WRITTEN_DHCPD)).toBe(true);
    for (const h of ['dom0a', 'vm1', 'vm2', 'pxe1']) expect(conf).toContain(`host ${h}.example.org {`);
    expect(conf).not.toContain('host node1.example.org');
    expect(s.reloads()).toBe(1);
    expect(readFileSync(backupPath(s.config.dhcpd.conf), 'utf8')).toBe(HAND_WRITTEN_DHCPD);
    expect(existsSync(pxe(s, 'pxe1.example.org.cfg'))).toBe(true);
    expect(existsSync(grub(s, 'dom0a.example.org.cfg'))).toBe(true);
    expect(existsSync(join(s.config.kickstart.dir, 'vm1.example.org.ks'))).toBe(true);
    expect(link(pxe(s, '0A00020F'))).toBe('localboot.cfg'); // a newly configured node boots locally
    expect(link(grub(s, 'grub.cfg-C000020A'))).toBe('localboot.cfg');
    expect(await status(s, 'pxe1.example.org')).toBe('pxe1.example.org: boot (pxelinux.cfg/0A00020F -> localboot.cfg)');

    // Nothing changed: no rewrite, no reload.
    const again = await aii(s, 'configure', ['pxe1.example.org', 'vm.*']);
    expect(again).toMatchObject({ code: 0, out: [] });
    expect(s.reloads()).toBe(1);

    // With --confirm the protected node is configured too.
    expect((await aii(s, 'configure', ['node1.example.org'], { confirm: true })).code).toBe(0);
    expect(dhcpd(s)).toContain('host node1.example.org {');
    expect(s.reloads()).toBe(2);
  });

  it('writes served files readable whatever the umask, and dhcpd.conf and its backup with the live file mode and owner', async () => {
    const s = site(['pxe1.example.org']);
    chmodSync(s.config.dhcpd.conf, 0o640);
    chownSync(s.config.dhcpd.conf, 0, 101);
    const umask = process.umask(0o077);
    try {
      expect((await aii(s, 'configure', ['pxe1.example.org'])).code).toBe(0);
    } finally {
      process.umask(umask);
    }
    const meta = (path: string) => {
      const st = lstatSync(path);
      return [st.mode & 0o7777, st.uid, st.gid];
    };
    expect(meta(s.config.dhcpd.conf)).toEqual([0o640, 0, 101]);
    expect(meta(backupPath(s.config.dhcpd.conf))).toEqual([0o640, 0, 101]);
    for (const served of [pxe(s, 'pxe1.example.org.cfg'), pxe(s, 'localboot.cfg'), join(s.config.kickstart.dir, 'pxe1.example.org.ks')]) {
      expect(meta(served)[0], served).toBe(SERVED_FILE_MODE);
    }
  });

  it('--install, --boot, --rescue and --firmware switch the hex-IP link', async () => {
    const s = site(['pxe1.example.org']);
    expect((await aii(s, 'install', ['pxe1.example.org'])).code).toBe(0);
    expect(link(pxe(s, '0A00020F'))).toBe('pxe1.example.org.cfg');
    expect(await status(s, 'pxe1.example.org')).toBe('pxe1.example.org: install (pxelinux.cfg/0A00020F -> pxe1.example.org.cfg)');
    expect((await aii(s, 'boot', ['pxe1.example.org'])).code).toBe(0);
    expect(link(pxe(s, '0A00020F'))).toBe('localboot.cfg');

    const missing = await aii(s, 'rescue', ['pxe1.example.org']);
    expect(missing.err).toEqual([`error: pxe1.example.org: rescue config ${pxe(s, 'rescue.cfg')} does not exist`]);
    writeFileSync(pxe(s, 'rescue.cfg'), 'DEFAULT rescue\n');
    expect((await aii(s, 'rescue', ['pxe1.example.org'])).code).toBe(0);
    expect(await status(s, 'pxe1.example.org')).toBe('pxe1.example.org: rescue (pxelinux.cfg/0A00020F -> rescue.cfg)');
    const firmware = await aii(s, 'firmware', ['pxe1.example.org']);
    expect(firmware.err[0]).toMatch(/pxe1\.example\.org: .*pxe1\.example\.org\.json: \/system\/aii\/nbp\/firmware: not set/);
    expect(s.reloads()).toBe(1); // only the first run touched dhcpd.conf
  });

  it('--boot of a node that was never configured is refused', async () => {
    const s = site(['pxe1.example.org']);
    const r = await aii(s, 'boot', ['pxe1.example.org']);
    expect(r.code).toBe(1);
    expect(r.err[0]).toContain('is not configured');
    expect(lstatExists(pxe(s, '0A00020F'))).toBe(false);
  });

  it('--remove takes away the entry, configs, link and kickstart; protected nodes need --confirm', async () => {
    const s = site();
    await aii(s, 'configure', ['.*'], { confirm: true });
    expect((await aii(s, 'install', ['vm2.example.org'])).code).toBe(0);
    const r = await aii(s, 'remove', ['vm2.example.org', 'node1.example.org']);
    expect(r.err).toContain('error: node1.example.org: is protected (/system/aii/protected): --remove needs --confirm');
    expect(dhcpd(s)).not.toContain('vm2.example.org');
    expect(dhcpd(s)).toContain('host node1.example.org {');
    expect(dhcpd(s).startsWith(HAND_WRITTEN_DHCPD)).toBe(true);
    expect(existsSync(pxe(s, 'vm2.example.org.cfg'))).toBe(false);
    expect(existsSync(join(s.config.kickstart.dir, 'vm2.example.org.ks'))).toBe(false);
    expect(lstatExists(pxe(s, 'C000020C'))).toBe(false);
    expect(existsSync(pxe(s, 'localboot.cfg'))).toBe(true); // shared

    expect((await aii(s, 'remove', ['node1.example.org'], { confirm: true })).code).toBe(0);
    expect(dhcpd(s)).not.toContain('node1.example.org');
    expect(lstatExists(pxe(s, 'C0000214'))).toBe(false);
  });

  it('--remove of a host whose profile is gone uses what dhcpd.conf recorded', async () => {
    const s = site(['pxe1.example.org', 'vm1.example.org']);
    await aii(s, 'install', ['pxe1.example.org']);
    rmSync(join(s.profiles, 'pxe1.example.org.json'));
    const r = await aii(s, 'remove', ['pxe1.*']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('note: pxe1.example.org: has no profile any more; removing what panfab made for it');
    expect(dhcpd(s)).not.toContain('pxe1');
    expect(lstatExists(pxe(s, '0A00020F'))).toBe(false);
    expect(existsSync(pxe(s, 'pxe1.example.org.cfg'))).toBe(false);
  });

  it('--cascade applies the verb to a Dom0 and its guests', async () => {
    const s = site();
    const r = await aii(s, 'install', ['dom0a.example.org'], { cascade: true });
    expect(r.code).toBe(0);
    expect(link(grub(s, 'grub.cfg-C000020A'))).toBe('dom0a.example.org.cfg');
    expect(link(pxe(s, 'C000020B'))).toBe('vm1.example.org.cfg');
    expect(link(pxe(s, 'C000020C'))).toBe('vm2.example.org.cfg');
    expect(dhcpd(s)).not.toContain('pxe1.example.org');
    // Without --cascade only the Dom0.
    const t = site();
    await aii(t, 'install', ['dom0a.example.org']);
    expect(lstatExists(pxe(t, 'C000020B'))).toBe(false);
  });

  it('a rejected dhcpd.conf leaves everything as it was', async () => {
    const s = site(['pxe1.example.org']);
    const p = fixtureProfile('pxe1.example.org');
    p.system.aii!.dhcp!.options!['no-such-option'] = '1'; // well-formed, unknown to dhcpd
    s.writeProfile(p);
    await expect(aii(s, 'install', ['pxe1.example.org'])).rejects.toThrow(/rejected by \/usr\/sbin\/dhcpd -t, left unchanged:\n.*unknown option dhcp\.no-such-option/);
    expect(dhcpd(s)).toBe(HAND_WRITTEN_DHCPD);
    expect(existsSync(join(s.config.tftp.root))).toBe(false);
    expect(existsSync(join(s.config.kickstart.dir))).toBe(false);
    expect(s.reloads()).toBe(0);
  });

  it('--noaction prints the plan and changes nothing', async () => {
    const s = site(['pxe1.example.org']);
    const r = await aii(s, 'install', ['pxe1.example.org'], { noaction: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`would link   ${pxe(s, '0A00020F')} -> pxe1.example.org.cfg (pxe1.example.org: now install)`);
    expect(r.out.some((l) => l.startsWith(`would dhcpd  ${s.config.dhcpd.conf}: +pxe1.example.org;`))).toBe(true);
    expect(dhcpd(s)).toBe(HAND_WRITTEN_DHCPD);
    expect(existsSync(s.config.tftp.root)).toBe(false);
  });

  it('never overwrites files panfab did not write, nor a hex-IP file that is not a link', async () => {
    const s = site(['pxe1.example.org', 'vm1.example.org']);
    mkdirSync(pxe(s, ''), { recursive: true });
    writeFileSync(pxe(s, 'pxe1.example.org.cfg'), 'DEFAULT hand-made\n');
    writeFileSync(pxe(s, 'C000020B'), 'DEFAULT hand-made\n');
    const r = await aii(s, 'install', ['pxe1.example.org', 'vm1.example.org']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: pxe1.example.org: ${pxe(s, 'pxe1.example.org.cfg')} exists and was not written by panfab aii (no "# Generated by panfab aii" first line); refusing to overwrite it`);
    expect(r.err).toContain(`error: vm1.example.org: ${pxe(s, 'C000020B')} exists and is not a symlink; panfab will not replace it`);
    expect(readFileSync(pxe(s, 'pxe1.example.org.cfg'), 'utf8')).toBe('DEFAULT hand-made\n');
    expect(dhcpd(s)).toBe(HAND_WRITTEN_DHCPD); // neither node was configured
  });

  it('refuses a node whose MAC or address another entry already has', async () => {
    const s = site(['pxe1.example.org']);
    const twin = fixtureProfile('pxe1.example.org');
    twin.system.network.hostname = 'twin';
    twin.hardware.cards!.nic!.eth0!.hwaddr = '52:54:00:aa:bb:cc';
    s.writeProfile(twin);
    const r = await aii(s, 'configure', ['pxe1.example.org', 'twin.example.org']);
    expect(r.err).toContain(`error: twin.example.org: address 10.0.2.15 is already given to pxe1.example.org in ${s.config.dhcpd.conf}`);
    const hand = fixtureProfile('pxe1.example.org');
    hand.system.network.hostname = 'printer2';
    hand.hardware.cards!.nic!.eth0!.hwaddr = '00:11:22:33:44:55';
    hand.system.network.interfaces.eth0!.ip = '10.0.2.99';
    s.writeProfile(hand);
    const h = await aii(s, 'configure', ['printer2.example.org']);
    expect(h.err[0]).toMatch(/dhcpd\.conf:12: a hand-written entry already uses 00:11:22:33:44:55/);
  });

  it('selects hosts by name, regular expression or host list, and says when nothing matches', async () => {
    const s = site();
    const list = join(s.root, 'hosts.txt');
    writeFileSync(list, '# guests\nvm1.example.org\n\nvm2\\..*  # by regex\n');
    const r = await aii(s, 'configure', [], { hostsFile: list });
    expect(r.code).toBe(0);
    expect(r.err).toContain('done: --configure for 2 host(s)');
    await expect(aii(s, 'configure', ['nosuch.*'])).rejects.toThrow('"nosuch.*": matches no known host');
    await expect(aii(s, 'configure', ['vm(1'])).rejects.toThrow(/"vm\(1": not a host name nor a valid regular expression/);
  });

  it('moves a node between boot programs and addresses without leaving its old links behind', async () => {
    const s = site(['dom0a.example.org']);
    await aii(s, 'install', ['dom0a.example.org']);
    expect(link(grub(s, 'grub.cfg-C000020A'))).toBe('dom0a.example.org.cfg');
    const p = fixtureProfile('dom0a.example.org');
    p.system.aii!.nbp.variant = 'pxelinux';
    p.system.aii!.dhcp!.filename = 'pxelinux.0';
    p.system.network.interfaces.eth0!.ip = '192.0.2.30';
    s.writeProfile(p);
    expect((await aii(s, 'install', ['dom0a.example.org'])).code).toBe(0);
    expect(lstatExists(grub(s, 'grub.cfg-C000020A'))).toBe(false);
    expect(existsSync(grub(s, 'dom0a.example.org.cfg'))).toBe(false);
    expect(link(pxe(s, 'C000021E'))).toBe('dom0a.example.org.cfg');
    expect(dhcpd(s)).toContain('fixed-address 192.0.2.30;');
  });
});

describe('one changing run at a time', () => {
  it('refuses to run while another live process holds the lock, and takes over a stale one', async () => {
    const s = site(['pxe1.example.org']);
    const lock = `${s.config.dhcpd.conf}.panfab-lock`;
    writeFileSync(lock, `${process.ppid}\n`); // a live process
    await expect(aii(s, 'configure', ['pxe1.example.org'])).rejects.toThrow(`a panfab aii run is already running (pid ${process.ppid}, lock ${lock})`);
    expect(dhcpd(s)).toBe(HAND_WRITTEN_DHCPD);
    expect((await aii(s, 'status', ['pxe1.example.org'])).code).toBe(0); // reading needs no lock
    writeFileSync(lock, '2147483646\n'); // no such process
    expect((await aii(s, 'configure', ['pxe1.example.org'])).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});

import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../schema/index.js';
import { installNode } from '../node.js';
import { SITE_HOSTS, fixtureProfile } from '../testing.js';
import { renderKickstart } from './render.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../components/agent/config.js';
import { DEFAULT_CONFIG } from '../config.js';

/** The install server's defaults: where %post writes the agent's configuration must be where the agent reads it. */
const opts = DEFAULT_CONFIG.kickstart;
const ks = (p: Profile) => renderKickstart(installNode(p, 'p.json'), opts);

const COMMANDS = new Set(['text', 'url', 'nfs', 'lang', 'keyboard', 'timezone', 'rootpw', 'network', 'ignoredisk', 'zerombr', 'clearpart', 'part', 'volgroup', 'logvol', 'autopart', 'bootloader', 'reboot']);

/** Split a kickstart the way the installer does: sections, and command lines into shell words (python's shlex, like pykickstart). */
async function parseKickstart(text: string): Promise<{ commands: string[][]; sections: Record<string, string[]> }> {
  const script = 'import json,shlex,sys\nprint(json.dumps([shlex.split(l) for l in json.load(sys.stdin)]))';
  const sections: Record<string, string[]> = {};
  const commandLines: string[] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (current !== undefined) {
      if (line === '%end') current = undefined;
      else current.push(line);
    } else if (line.startsWith('%')) {
      current = sections[line.split(' ')[0]!] = [];
    } else if (line !== '' && !line.startsWith('#')) {
      commandLines.push(line);
    }
  }
  expect(current, 'every section is closed by %end').toBeUndefined();
  const r = await execa('python3', ['-c', script], { input: JSON.stringify(commandLines) });
  return { commands: JSON.parse(r.stdout) as string[][], sections };
}

describe('kickstart', () => {
  it('holds only known commands, shell-valid %pre/%post, for every example node', async () => {
    for (const h of SITE_HOSTS) {
      const { commands, sections } = await parseKickstart(ks(fixtureProfile(h)));
      for (const c of commands) expect(COMMANDS.has(c[0]!), `${h}: ${c.join(' ')}`).toBe(true);
      for (const name of ['%pre', '%post']) {
        if (sections[name] === undefined) continue;
        const r = await execa('bash', ['-n'], { input: sections[name].join('\n'), reject: false, all: true });
        expect(r.exitCode, `${h} ${name}: ${r.all}`).toBe(0);
      }
    }
  });

  it('writes network, install source and %packages from the profile', async () => {
    const text = ks(fixtureProfile('pxe1.example.org'));
    const { commands, sections } = await parseKickstart(text);
    expect(commands).toContainEqual(['url', '--url', 'http://10.0.2.2/repos/el9/BaseOS/x86_64/os/']);
    expect(commands).toContainEqual(['network', '--device=52:54:00:12:34:56', '--hostname=pxe1.example.org', '--onboot=yes', '--activate', '--bootproto=static', '--ip=10.0.2.15', '--netmask=255.255.255.0', '--gateway=10.0.2.2', '--nameserver=10.0.2.3']);
    expect(sections['%packages']).toEqual(['@core', 'openssh-server']);
    expect(commands).toContainEqual(['part', 'biosboot', '--fstype=biosboot', '--ondisk=vda', '--size=1']);
  });

  it('has a %post that installs the agent, writes its configuration and calls the ack URL last', async () => {
    const { sections } = await parseKickstart(ks(fixtureProfile('pxe1.example.org')));
    const post = sections['%post']!;
    expect(post).toContain("cat > '/etc/panfab/agent.yaml' <<'PANFAB_AGENT_CONFIG'");
    expect(post.some((l) => l.includes("dnf -y install 'panfab-agent'"))).toBe(true);
    expect(post.at(-1)).toBe("curl -fsS --retry 5 --retry-delay 10 -o /dev/null 'http://10.0.2.2:8079/ack?host=pxe1.example.org'");
    expect(post[0]).toBe('set -eu'); // a failed step stops %post before the acknowledgement
  });

  it("writes the agent's configuration in the agent's format, at the agent's path: its own loader reads it", async () => {
    const { sections } = await parseKickstart(ks(fixtureProfile('pxe1.example.org')));
    const post = sections['%post']!;
    const start = post.indexOf(`cat > '${DEFAULT_CONFIG_FILE}' <<'PANFAB_AGENT_CONFIG'`);
    expect(start).toBeGreaterThan(0);
    const end = post.indexOf('PANFAB_AGENT_CONFIG', start + 1);
    const dir = mkdtempSync(join(tmpdir(), 'panfab-ks-agent-'));
    try {
      // What the here-document writes, run by bash as the installer runs %post, into a tree the agent reads with --root.
      const file = join(dir, DEFAULT_CONFIG_FILE);
      const script = [`mkdir -p ${JSON.stringify(dirname(file))}`, `cat > ${JSON.stringify(file)} <<'PANFAB_AGENT_CONFIG'`, ...post.slice(start + 1, end), 'PANFAB_AGENT_CONFIG'].join('\n');
      await execa('bash', ['-euc', script]);
      const config = await loadConfig({ root: dir }); // no --config: the agent's default file
      expect(config).toMatchObject({ urls: ['http://10.0.2.2/profiles/pxe1.example.org.json'], host: 'pxe1', domain: 'example.org' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes everything anew on cleared disks and keeps preserved data elsewhere', async () => {
    const { commands } = await parseKickstart(ks(fixtureProfile('node1.example.org')));
    const lines = commands.map((c) => c.join(' '));
    expect(lines).toContain('clearpart --drives=sda --all --initlabel --disklabel=msdos');
    expect(lines).toContain('ignoredisk --only-use=nvme0n1,sda');
    expect(lines).toContain('part /boot --fstype=ext4 --ondisk=sda --size=1024 --asprimary --fsoptions=defaults');
    expect(lines).toContain('part pv.sda2 --ondisk=sda --size=1 --grow --asprimary');
    expect(lines).toContain('volgroup vg_system pv.sda2');
    expect(lines).toContain('logvol / --vgname=vg_system --name=lv_root --fstype=xfs --size=51200 --fsoptions=defaults');
    // /data (preserve, on nvme0n1, not cleared) is mounted as it is.
    expect(lines).toContain('part /data --onpart=nvme0n1p1 --noformat --fsoptions=defaults,noatime,inode64');
    expect(lines).toContain('bootloader --location=mbr --boot-drive=sda');
    expect(lines.some((l) => l.includes('swapfile'))).toBe(false); // a loopback file: the agent's job
  });

  it('reuses existing volumes on disks that are not cleared: preserved ones unformatted, the others reformatted', async () => {
    const p = fixtureProfile('pxe1.example.org');
    p.system.aii!.ks.clearpart = [];
    p.system.filesystems![1]!.preserve = true;
    const lines = (await parseKickstart(ks(p))).commands.map((c) => c.join(' '));
    expect(lines.some((l) => l.startsWith('clearpart') || l === 'zerombr')).toBe(false);
    expect(lines).toContain('part /boot --onpart=vda2 --fstype=ext4');
    expect(lines).toContain('volgroup vg0 --useexisting --noformat');
    expect(lines).toContain('logvol / --vgname=vg0 --name=root --useexisting --noformat --fsoptions=defaults');
    expect(lines).toContain('logvol swap --vgname=vg0 --name=swap --useexisting --fstype=swap');
    expect(lines.some((l) => l.startsWith('part biosboot'))).toBe(false);
  });

  it('writes different disk labels in %pre when kickstart cannot', async () => {
    const { commands, sections } = await parseKickstart(ks(fixtureProfile('vm1.example.org')));
    expect(commands.map((c) => c.join(' '))).toContain('clearpart --drives=xvda,xvdb --all');
    expect(sections['%pre']).toEqual(['set -eu', 'parted -s /dev/xvda mklabel msdos', 'parted -s /dev/xvdb mklabel gpt']);
  });

  it('refuses a volume group that is half on cleared disks', () => {
    const p = fixtureProfile('pxe1.example.org');
    p.system.blockdevices!.physical_devs!.vdb = { label: 'gpt' };
    p.system.blockdevices!.partitions!.vdb1 = { holding_dev: 'vdb' };
    p.system.blockdevices!.volume_groups!.vg0!.device_list.push('partitions/vdb1');
    expect(() => ks(p)).toThrow('p.json: /system/blockdevices/volume_groups/vg0: some physical volumes are on disks ks/clearpart clears and some are not');
  });

  it('uses autopart when the profile describes no filesystems', async () => {
    const p = fixtureProfile('pxe1.example.org');
    delete p.system.filesystems;
    const lines = (await parseKickstart(ks(p))).commands.map((c) => c.join(' '));
    expect(lines).toContain('autopart');
    expect(lines).toContain('clearpart --drives=vda --all --initlabel --disklabel=gpt');
  });
});

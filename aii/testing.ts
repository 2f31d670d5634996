/**
 * Helpers for the install server's tests and benchmark: fixture profiles
 * and a throw-away install-server tree (profiles, TFTP root, kickstart dir,
 * dhcpd.conf with hand-written parts, a reload command that counts).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_DIR } from '../schema/fixtures.js';
import type { Profile } from '../schema/index.js';
import { repositoryRoot } from '../schema/repo-root.js';
import { DEFAULT_CONFIG, type AiiServerConfig } from './config.js';

/** Profiles shipped for tests: schema/fixtures (the shared ones) and aii/fixtures. */
export const FIXTURE_DIRS = [FIXTURE_DIR, join(repositoryRoot(), 'aii', 'fixtures')];

/** A fresh copy of a fixture profile, to be changed freely. */
export function fixtureProfile(fqdn: string): Profile {
  for (const dir of FIXTURE_DIRS) {
    try {
      return JSON.parse(readFileSync(join(dir, `${fqdn}.json`), 'utf8')) as Profile;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error(`no fixture profile ${fqdn}`);
}

export const HAND_WRITTEN_DHCPD = `# Hand-written by the site admins: panfab must keep this byte for byte.
option domain-name "example.org";
default-lease-time 600;
max-lease-time 7200;
authoritative;

subnet 192.0.2.0 netmask 255.255.255.0 {
  option routers 192.0.2.1;
}

host printer.example.org {
  hardware ethernet 00:11:22:33:44:55;
  fixed-address 192.0.2.250;
}
`;

export interface TestSite {
  readonly root: string;
  readonly profiles: string;
  readonly config: AiiServerConfig;
  /** Lines the reload command appended (one per reload). */
  reloads(): number;
  writeProfile(profile: Profile): string;
  cleanup(): void;
}

/** A temporary install-server tree holding the given profiles. */
export function makeSite(profiles: Profile[], dhcpd: string = HAND_WRITTEN_DHCPD): TestSite {
  const root = mkdtempSync(join(tmpdir(), 'panfab-aii-'));
  const profileDir = join(root, 'profiles');
  mkdirSync(profileDir);
  const reloadLog = join(root, 'reloads.log');
  writeFileSync(join(root, 'dhcpd.conf'), dhcpd);
  const config: AiiServerConfig = {
    ...DEFAULT_CONFIG,
    profiles: profileDir,
    profileCache: join(root, 'cache'),
    nextServer: '192.0.2.2',
    dhcpd: { ...DEFAULT_CONFIG.dhcpd, conf: join(root, 'dhcpd.conf'), reload: ['/bin/sh', '-c', 'echo reload >> "$1"', 'reload', reloadLog] },
    tftp: { ...DEFAULT_CONFIG.tftp, root: join(root, 'tftp'), serial: '0 115200' },
    kickstart: { ...DEFAULT_CONFIG.kickstart, dir: join(root, 'ks') },
    ack: { listen: '127.0.0.1:0', trusted: [] },
  };
  const site: TestSite = {
    root,
    profiles: profileDir,
    config,
    reloads: () => {
      try {
        return readFileSync(reloadLog, 'utf8').split('\n').filter((l) => l === 'reload').length;
      } catch {
        return 0;
      }
    },
    writeProfile: (p) => {
      const fqdn = `${p.system.network.hostname}.${p.system.network.domainname}`;
      writeFileSync(join(profileDir, `${fqdn}.json`), JSON.stringify(p, null, 2));
      return fqdn;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const p of profiles) site.writeProfile(p);
  return site;
}

/** The fixture profiles of the example site used by most tests. */
export const SITE_HOSTS = ['dom0a.example.org', 'vm1.example.org', 'vm2.example.org', 'node1.example.org', 'pxe1.example.org'];

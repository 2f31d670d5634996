/**
 * examples/broken/<check>/: the example site with one mistake each. Each
 * fails with a validation error that names the offending hosts and values;
 * the hosts the mistake does not touch still compile.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROKEN, TempDirs, runSite } from './helpers.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

interface Expectation {
  /** The object whose own validation fails. */
  readonly object: string;
  /** Exact message of its validation error. */
  readonly message: string;
  /** Objects that fail only because they read the failing one (value() of it). */
  readonly consequences: readonly string[];
}

const VARIANTS: Readonly<Record<string, Expectation>> = {
  'guest-on-two-hosts': {
    object: 'dom0b.example.org',
    message:
      'guest web2.example.org is assigned to two hosts, dom0a.example.org and dom0b.example.org: dom0b.example.org lists it among its guests, ' +
      'but its profile places it on dom0a.example.org (/system/enclosure/parent); XEN_DB lists it under dom0a.example.org and dom0b.example.org',
    consequences: ['aii.example.org'],
  },
  'duplicate-mac': {
    object: 'aii.example.org',
    message: 'MAC address 00:16:3e:0a:01:0b is used twice: by app2.example.org (/hardware/cards/nic/eth0) and by web1.example.org (/hardware/cards/nic/eth0)',
    consequences: [],
  },
  'dom0-memory': {
    object: 'dom0a.example.org',
    message:
      "dom0a.example.org: its guests' memory plus the Dom0's exceed its RAM: 77824 MiB needed, 65536 MiB installed " +
      '(Dom0 4096 MiB (XEN_DOM0_MEM), db1.example.org 65536 MiB, web1.example.org 4096 MiB, web2.example.org 4096 MiB)',
    consequences: ['aii.example.org'],
  },
  'volume-group-full': {
    object: 'dom0b.example.org',
    message:
      'dom0b.example.org: volume group vg_xen is too small for its logical volumes: they need 1081920 MiB, it holds 953868 MiB ' +
      '(physical_devs/sdb 953869 MiB); volumes: app1.example.org_xvda 40960 MiB, app2.example.org_xvda 40960 MiB, app2.example.org_xvdb 1000000 MiB',
    consequences: ['aii.example.org'],
  },
};

describe('examples/broken', () => {
  it('has one variant per consistency check', () => {
    const dirs = readdirSync(BROKEN, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(dirs.sort()).toEqual(Object.keys(VARIANTS).sort());
  });

  for (const [variant, expected] of Object.entries(VARIANTS)) {
    it(`${variant}: ${expected.object} fails validation, naming the hosts involved`, async () => {
      const run = await runSite(join(BROKEN, variant), temp.make(`panfab-broken-${variant}-`), false);
      expect(run.exitCode).toBe(1);
      expect(run.failures.map((f) => f.object)).toEqual([expected.object, ...expected.consequences]);
      const [own, ...others] = run.failures;
      expect(own?.message).toBe(expected.message);
      expect(own?.kind).toBe('validation');
      expect(own?.text).toMatch(/^validation error \[/);
      for (const f of others) expect(f.message).toBe(`value(): object '${expected.object}' could not be compiled: ${expected.message}`);
      // What the mistake does not touch still compiles and passes the schemas.
      expect(run.hosts.length).toBe(9 - run.failures.length);
      expect(run.schemaErrors).toEqual([]);
      expect(run.lines).toContain('install server and agent steps skipped: fix the errors first');
    });
  }
});

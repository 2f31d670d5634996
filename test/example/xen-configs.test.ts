/**
 * The example Dom0s' domains, as the xen component renders them (boot and
 * install variants), are accepted by Xen's own parser (libxlutil, through
 * components/xen/checker/xlcheck.c; needs gcc and Debian libxen-dev), and say
 * what the guests' profiles say.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildXlcheck, entriesOf, runXlcheck } from '../../components/xen/checker/xlcheck.js';
import { readXenSettings } from '../../components/xen/model.js';
import { bootConfig, installConfig } from '../../components/xen/variants.js';
import { renderXl } from '../../components/xen/xl-format.js';
import type { JsonObject } from '../../components/sdk/json.js';
import { SITE, TempDirs, profileOf, runSite, type SiteRun } from './helpers.js';

const temp = new TempDirs();
let run: SiteRun;
let xlcheck: string;
let dir: string;

beforeAll(async () => {
  dir = temp.make('panfab-example-xl-');
  [run, xlcheck] = await Promise.all([runSite(SITE, join(dir, 'out')), buildXlcheck(dir)]);
});
afterAll(() => temp.cleanup());

it("every domain's xl configs pass Xen's parser and carry the guest's MAC, memory and disks", async () => {
  const checked: string[] = [];
  for (const dom0 of ['dom0a.example.org', 'dom0b.example.org']) {
    const settings = readXenSettings(profileOf(run, dom0).software!.components!.xen as unknown as JsonObject);
    for (const d of settings.domains) {
      const guest = profileOf(run, d.name);
      const mac = guest.hardware.cards!.nic!.eth0!.hwaddr;
      for (const config of [bootConfig(d), installConfig(d)]) {
        if (config === undefined) continue;
        const file = join(dir, `${d.name}.${config.variant}.cfg`);
        writeFileSync(file, renderXl(d, config));
        const r = await runXlcheck(xlcheck, file, ['memory:long', 'name:string']);
        expect(r.stderr, file).toBe('');
        expect(r.ok, file).toBe(true);
        expect(entriesOf(r, 'vif').map((v) => v.mac)).toEqual([mac]);
        expect(entriesOf(r, 'disk').map((x) => x.target)).toEqual(Object.keys(guest.hardware.harddisks!).map((dev) => `/dev/vg_xen/${d.name}_${dev}`));
        expect(entriesOf(r, 'memory')).toEqual([{ key: 'memory', type: 'long', value: guest.hardware.ram![0]!.size }]);
        checked.push(`${d.name} ${config.variant}`);
      }
    }
  }
  // Only db1 boots with pygrub, so only it has an install variant.
  expect(checked.sort()).toEqual(['app1.example.org boot', 'app2.example.org boot', 'db1.example.org boot', 'db1.example.org install', 'web1.example.org boot', 'web2.example.org boot']);
});

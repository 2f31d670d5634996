/**
 * A guest's data lives only in its own template: changing web2's RAM there
 * (in a copy of the site) changes web2's entry in dom0a's profile, and
 * nothing else in it.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SITE, TempDirs, profileOf, runSite } from './helpers.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

it("changing a guest's RAM in its own template changes its entry in its host's profile", async () => {
  const site = join(temp.make('panfab-ram-site-'), 'site');
  cpSync(SITE, site, { recursive: true });
  const before = await runSite(site, temp.make('panfab-ram-before-'));
  expect(before.failures).toEqual([]);

  const template = join(site, 'profiles', 'web2.example.org.pan');
  const text = readFileSync(template, 'utf8');
  const edited = text.replace("'/hardware/ram' = list(dict('size', 4096));", "'/hardware/ram' = list(dict('size', 6144));");
  expect(edited).not.toBe(text);
  writeFileSync(template, edited);
  const after = await runSite(site, temp.make('panfab-ram-after-'));
  expect(after.failures).toEqual([]);

  const domains = (run: typeof before) => profileOf(run, 'dom0a.example.org').software!.components!.xen!.domains;
  expect(domains(before)['web2.example.org']?.options.memory).toBe(4096);
  expect(domains(after)['web2.example.org']?.options.memory).toBe(6144);
  // Only that value moved: the rest of dom0a's profile, and the other Dom0, are as before.
  const withoutWeb2Memory = (run: typeof before) => {
    const p = structuredClone(profileOf(run, 'dom0a.example.org'));
    delete (p.software!.components!.xen!.domains['web2.example.org']!.options as { memory?: number }).memory;
    return p;
  };
  expect(withoutWeb2Memory(after)).toEqual(withoutWeb2Memory(before));
  expect(profileOf(after, 'dom0b.example.org')).toEqual(profileOf(before, 'dom0b.example.org'));
  expect(profileOf(after, 'web2.example.org').hardware.ram).toEqual([{ size: 6144 }]);
  expect(after.lines).toContain('Dom0 dom0a.example.org: 3 guests, 26624 of 65536 MiB RAM to guests');
});

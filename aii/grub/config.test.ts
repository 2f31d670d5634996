import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { installNode } from '../node.js';
import { fixtureProfile } from '../testing.js';
import { grubInstallConfig, grubLinkName, grubLocalbootConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'panfab-grub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** grub's own parser (grub-common): exit 0 and silence for a valid script. */
async function grubScriptCheck(text: string): Promise<{ exitCode: number | undefined; output: string }> {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(path, text);
  const r = await execa('grub-script-check', [path], { reject: false, all: true });
  return { exitCode: r.exitCode, output: r.all ?? '' };
}

describe('grub2 configs (checked by grub-script-check)', () => {
  it('names the per-node link after the hex IP', () => {
    expect(grubLinkName('C000020A')).toBe('grub.cfg-C000020A');
  });

  it('writes a valid install menu entry with every argument single-quoted', async () => {
    const node = installNode(fixtureProfile('dom0a.example.org'), 'dom0a.json');
    const text = grubInstallConfig(node);
    expect(text).toContain("menuentry 'AlmaLinux 9 Xen host install (dom0a.example.org)' --id install {");
    expect(text).toContain("  linux '/panfab/el9/vmlinuz' 'inst.ks=http://192.0.2.2/ks/dom0a.example.org.ks' 'ksdevice=f8:bc:12:4a:10:20'");
    expect(text).toContain("  initrd '/panfab/el9/initrd.img'");
    expect(await grubScriptCheck(text)).toEqual({ exitCode: 0, output: '' });
    expect(await grubScriptCheck(grubLocalbootConfig())).toEqual({ exitCode: 0, output: '' });
  });

  it('grub-script-check does reject a broken script (the check can fail)', async () => {
    expect((await grubScriptCheck("menuentry 'x' {\n  linux /k\n")).exitCode).not.toBe(0);
  });
});

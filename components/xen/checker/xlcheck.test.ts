/** The Xen config checker itself: it accepts what xl accepts and rejects, with the parser's message, what xl rejects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildXlcheck, entriesOf, runXlcheck } from './xlcheck.js';

let dir: string;
let xlcheck: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'panfab-xlcheck-'));
  xlcheck = await buildXlcheck(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = [
  'name = "vm1"',
  'type = "pv"',
  'memory = 512',
  'on_reboot = "destroy"',
  'disk = [ "format=raw, vdev=xvda, access=rw, target=/dev/vg0/vm1_xvda", "format=qcow2, vdev=xvdb, access=ro, target=/srv/vm1.qcow2" ]',
  'vif = [ "mac=00:16:3e:00:00:01,bridge=xenbr0,ip=192.0.2.5" ]',
  'bootloader = "/usr/bin/pygrub"',
  'bootloader_args = [ "--entry=0" ]',
];

function check(lines: string[], typed: string[] = []) {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(file, lines.join('\n') + '\n');
  return runXlcheck(xlcheck, file, typed);
}

function replace(key: string, line: string): string[] {
  return GOOD.map((l) => (l.startsWith(`${key} =`) ? line : l));
}

describe('xlcheck', () => {
  it('accepts a good config and reports what libxlutil read', async () => {
    const r = await check(GOOD, ['memory:long', 'type:string']);
    expect(r.stderr).toBe('');
    expect(r.ok).toBe(true);
    expect(entriesOf(r, 'disk')).toMatchObject([
      { vdev: 'xvda', target: '/dev/vg0/vm1_xvda', format: 'raw', readwrite: 1 },
      { vdev: 'xvdb', target: '/srv/vm1.qcow2', format: 'qcow2', readwrite: 0 },
    ]);
    expect(entriesOf(r, 'vif')).toMatchObject([{ mac: '00:16:3e:00:00:01', bridge: 'xenbr0', ip: '192.0.2.5' }]);
    expect(r.entries).toContainEqual({ key: 'memory', type: 'long', value: 512 });
  });

  const rejections: [string, string[], string[], RegExp][] = [
    ['a syntax error', [...GOOD, 'memory = = 3'], [], /syntax error/],
    ['an unquoted string', [...GOOD, 'extra = console=hvc0'], [], /config parsing error/],
    ['a disk spec with an unknown key', replace('disk', 'disk = [ "format=raw, vdev=xvda, acces=rw, target=/x" ]'), [], /unknown parameter.*rejected by xlu_disk_parse/s],
    ['a disk spec without vdev', replace('disk', 'disk = [ "format=raw, access=rw, target=/x" ]'), [], /disk/],
    ['a disk spec with an unknown format', replace('disk', 'disk = [ "format=vmdk2, vdev=xvda, access=rw, target=/x" ]'), [], /xlu_disk_parse/],
    ['a vif with a bad MAC', replace('vif', 'vif = [ "mac=00:16:3e:00:01,bridge=xenbr0" ]'), [], /invalid mac/],
    ['a vif with an unknown key', replace('vif', 'vif = [ "mac=00:16:3e:00:00:01,brige=xenbr0" ]'), [], /unknown key "brige"/],
    ['an unknown shutdown action', replace('on_reboot', 'on_reboot = "reboot"'), [], /on_reboot: unknown action "reboot"/],
    ['an unknown domain type', replace('type', 'type = "hvm2"'), [], /unknown domain type "hvm2"/],
    ['bootloader_args as a string', replace('bootloader_args', 'bootloader_args = "--entry=0"'), [], /bootloader_args is not a list/],
    ['a missing name', GOOD.filter((l) => !l.startsWith('name')), [], /name is missing/],
    ['a missing typed value', GOOD, ['vcpus:long'], /vcpus: not a number \(missing\)/],
    ['a list where a string is expected', GOOD, ['disk:string'], /disk: not a string \(wrong type\)/],
    ['a boolean other than 0/1', [...GOOD, 'localtime = 2'], ['localtime:bool'], /localtime: a boolean must be 0 or 1/],
    ['a negative number', [...GOOD, 'vcpus = -1'], [], /lexical error/],
  ];
  for (const [what, lines, typed, message] of rejections) {
    it(`rejects ${what}`, async () => {
      const r = await check(lines, typed);
      expect(r.ok).toBe(false);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('fails on a missing file with status 2', async () => {
    const r = await runXlcheck(xlcheck, join(dir, 'nope.cfg'));
    expect(r.exitCode).toBe(2);
  });
});

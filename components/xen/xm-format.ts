/**
 * Domain configs in the legacy xm format, for old hosts: the file is Python
 * (xm exec'd it), so strings are Python literals, booleans 1/0, disks in
 * xm's `phy:/dev/vg/lv,xvda,w` form and bootloader arguments in `bootargs`.
 */
import type { DiskSpec, DomainSpec } from './model.js';
import type { DomainConfig } from './variants.js';
import { headerLines, listOf, settingValue, vifSpec } from './xl-format.js';

/** A Python string literal (JSON's escapes are Python's for the characters a profile may hold). */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

function pyList(items: string[]): string {
  return listOf(items, pyString);
}

/** xm's disk spec: `phy:` for volumes and devices, `file:` for raw images, `tap:qcow2:` for qcow2. */
export function xmDiskSpec(d: DiskSpec): string {
  const mode = d.access === 'rw' ? 'w' : 'r';
  const prefix = d.backing.kind !== 'file' ? 'phy:' : d.format === 'qcow2' ? 'tap:qcow2:' : 'file:';
  return `${prefix}${d.target},${d.vdev},${mode}`;
}

export function renderXm(d: DomainSpec, c: DomainConfig): string {
  const lines = [...headerLines(d, c), ...c.settings.map((s) => `${s.key} = ${settingValue(s.value, pyString)}`)];
  lines.push(`disk = ${pyList(c.disks.map(xmDiskSpec))}`);
  lines.push(`vif = ${pyList(c.vifs.map(vifSpec))}`);
  if (c.bootloader) lines.push(`bootloader = ${pyString(c.bootloader)}`);
  if (c.bootloaderArgs) lines.push(`bootargs = ${pyString(c.bootloaderArgs.join(' '))}`);
  return lines.join('\n') + '\n';
}

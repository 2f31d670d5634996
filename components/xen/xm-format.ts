/**
 * Domain configs in the legacy xm format, for old hosts: the file is Python
 * (xm exec'd it), so strings are Python literals, booleans 1/0, disks in
 * xm's `phy:/dev/vg/lv,xvda,w` form and bootloader arguments in `bootargs`.
 */
import type { DiskSpec, DomainSpec } from './model.js';
import type { DomainConfig } from './variants.js';
import { renderConfig, type ConfigDialect } from './xl-format.js';

/** A Python string literal (JSON's escapes are Python's for the characters a profile may hold). */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

/** xm's disk spec: `phy:` for volumes and devices, `file:` for raw images, `tap:qcow2:` for qcow2. */
export function xmDiskSpec(d: DiskSpec): string {
  const mode = d.access === 'rw' ? 'w' : 'r';
  const prefix = d.backing.kind !== 'file' ? 'phy:' : d.format === 'qcow2' ? 'tap:qcow2:' : 'file:';
  return `${prefix}${d.target},${d.vdev},${mode}`;
}

const XM_DIALECT: ConfigDialect = {
  quote: pyString,
  diskSpec: xmDiskSpec,
  bootloaderArgsLine: (args) => `bootargs = ${pyString(args.join(' '))}`,
};

export function renderXm(d: DomainSpec, c: DomainConfig): string {
  return renderConfig(XM_DIALECT, d, c);
}

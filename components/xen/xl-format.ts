/**
 * Domain configs in xl's format (xl.cfg(5)): `key = value` lines, numbers
 * bare, strings double-quoted (backslash and quote escaped), lists of
 * strings in brackets, booleans as 0/1 (xl reads them as numbers). Disk
 * specs use xl's key=value form with the target last.
 */
import type { DiskSpec, DomainSpec, VifSpec, XenValue } from './model.js';
import type { DomainConfig } from './variants.js';

/** First line of every config this component writes: how it knows a config is its own. */
export const HEADER_PREFIX = '# Written by panfab (component xen)';

export function headerLines(d: DomainSpec, c: DomainConfig): string[] {
  const what = c.variant === 'install' ? 'install variant: boots the installer, destroyed when it reboots' : 'boot variant';
  return [`${HEADER_PREFIX} for domain ${d.name} (${what}).`, '# Do not edit: change the profile instead; this file is rewritten.'];
}

export function xlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A list of strings in either format: both read `[ "a", "b" ]`, they differ only in quoting. */
function listOf(items: string[], quote: (s: string) => string): string {
  return items.length === 0 ? '[ ]' : `[ ${items.map(quote).join(', ')} ]`;
}

/** A setting's value; xm's Python and xl's config language agree on all but string quoting. */
function settingValue(v: XenValue, quote: (s: string) => string): string {
  switch (v.type) {
    case 'long':
      return String(v.value);
    case 'bool':
      return v.value ? '1' : '0';
    case 'string':
      return quote(v.value);
    case 'list':
      return listOf(v.value, quote);
  }
}

/** `format=raw, vdev=xvda, access=rw, target=/dev/vg/lv`: target last, as xl wants. */
export function xlDiskSpec(d: DiskSpec): string {
  return `format=${d.format}, vdev=${d.vdev}, access=${d.access}, target=${d.target}`;
}

export function vifSpec(v: VifSpec): string {
  return [`mac=${v.mac}`, ...(v.bridge ? [`bridge=${v.bridge}`] : []), ...(v.ip ? [`ip=${v.ip}`] : [])].join(',');
}

/** What differs between the config formats: string quoting, disk specs and the bootloader arguments' line. */
export interface ConfigDialect {
  quote(s: string): string;
  diskSpec(d: DiskSpec): string;
  bootloaderArgsLine(args: string[]): string;
}

/** A domain config: the header, the settings, disks, vifs, then the bootloader and its arguments. */
export function renderConfig(dialect: ConfigDialect, d: DomainSpec, c: DomainConfig): string {
  const quote = dialect.quote;
  const lines = [...headerLines(d, c), ...c.settings.map((s) => `${s.key} = ${settingValue(s.value, quote)}`)];
  lines.push(`disk = ${listOf(c.disks.map((k) => dialect.diskSpec(k)), quote)}`);
  lines.push(`vif = ${listOf(c.vifs.map(vifSpec), quote)}`);
  if (c.bootloader) lines.push(`bootloader = ${quote(c.bootloader)}`);
  if (c.bootloaderArgs) lines.push(dialect.bootloaderArgsLine(c.bootloaderArgs));
  return lines.join('\n') + '\n';
}

const XL_DIALECT: ConfigDialect = {
  quote: xlString,
  diskSpec: xlDiskSpec,
  bootloaderArgsLine: (args) => `bootloader_args = ${listOf(args, xlString)}`,
};

export function renderXl(d: DomainSpec, c: DomainConfig): string {
  return renderConfig(XL_DIALECT, d, c);
}

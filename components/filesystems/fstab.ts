/**
 * /etc/fstab with a managed part: the lines between the BEGIN and END
 * markers are written from the profile; every other line is kept byte for
 * byte. A mount point (or swap device, by path, UUID= or LABEL=) that a
 * foreign line already mounts gets no managed line: the foreign line is
 * left to its owner and a note says so, rather than mounting twice (an
 * installed host's fstab, written by the installer, stays as it is).
 */
import type { FsSpec } from './model.js';
import type { FsPlanning } from './planning.js';

export const FSTAB = '/etc/fstab';
export const BEGIN = '# BEGIN panfab filesystems: written by the panfab agent from /system/filesystems; edit the profile, not these lines';
export const END = '# END panfab filesystems';

/** fstab's octal escapes for the characters that would split a field. */
export function fstabEscape(s: string): string {
  return s.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export interface FstabParts {
  before: string[];
  after: string[];
  /** Whether the file has a managed part. */
  managed: boolean;
}

/** Split a fstab into the lines before and after its managed part (text lines, without newlines). */
export function splitFstab(text: string): FstabParts {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const begin = lines.findIndex((l) => l.startsWith('# BEGIN panfab filesystems'));
  const end = begin < 0 ? -1 : lines.findIndex((l, i) => i > begin && l === END);
  if (begin < 0 || end < 0) return { before: lines, after: [], managed: false };
  return { before: lines.slice(0, begin), after: lines.slice(end + 1), managed: true };
}

/** What foreign lines mount: mount points and swap devices. */
function foreignTargets(lines: string[]): { mountpoints: Set<string>; swaps: Set<string> } {
  const mountpoints = new Set<string>();
  const swaps = new Set<string>();
  for (const line of lines) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3 || fields[0]!.startsWith('#')) continue;
    if (fields[2] === 'swap') swaps.add(unescape(fields[0]!));
    else mountpoints.add(unescape(fields[1]!));
  }
  return { mountpoints, swaps };
}

export function fstabLine(fs: FsSpec): string {
  const swap = fs.type === 'swap';
  const opts = fs.mount || fs.mountopts.split(',').includes('noauto') ? fs.mountopts : `${fs.mountopts},noauto`;
  return [fstabEscape(fs.device), swap ? 'none' : fstabEscape(fs.mountpoint), fs.type, opts, fs.freq, fs.pass].join(' ');
}

/** Plan /etc/fstab's managed part for the filesystems that hold (or will hold) their filesystem. */
export async function planFstab(p: FsPlanning, ready: Set<number>): Promise<void> {
  const text = (await p.ctx.probe.readText(FSTAB)) ?? '';
  const parts = splitFstab(text);
  const foreign = foreignTargets([...parts.before, ...parts.after]);
  const managed: string[] = [];
  for (const fs of p.spec.filesystems) {
    if (!ready.has(fs.index) || fs.mountpoint === 'none') continue;
    const names = [fs.device, ...(p.aliases.get(fs.index) ?? [])];
    const taken = fs.type === 'swap' ? names.some((n) => foreign.swaps.has(n)) : foreign.mountpoints.has(fs.mountpoint);
    if (taken) {
      p.b.note(`${FSTAB} already has a line for ${fs.type === 'swap' ? fs.device : fs.mountpoint} that panfab did not write: kept, and no managed line is added for ${fs.where}`);
      continue;
    }
    managed.push(fstabLine(fs));
  }
  if (managed.length === 0 && !parts.managed) return;
  const lines = [...parts.before, BEGIN, ...managed, END, ...parts.after];
  p.b.file(FSTAB, lines.join('\n') + '\n');
}

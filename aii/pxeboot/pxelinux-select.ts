/**
 * What pxelinux would boot from a parsed config when nobody is at the
 * keyboard, and what that means for a Xen guest: a Linux kernel with its
 * initrds and command line, a local boot, or another config file.
 *
 * The unattended choice: with a menu (UI), the ONTIMEOUT entry when a
 * TIMEOUT is set, else the highlighted one (MENU DEFAULT, else the DEFAULT
 * label, else the first visible label). Without a menu, DEFAULT boots at
 * once unless PROMPT 1 with a TIMEOUT makes ONTIMEOUT apply. A command line
 * selects a label when it equals a label name (names with blanks, as
 * `panfab aii` may write) or when its first word does (ldlinux's
 * find_label); otherwise its first word is a kernel file and the rest its
 * arguments.
 */
import { PxeConfigError, type PxeConfig, type PxeLabel, type SourcePos } from './pxelinux-config.js';

export type BootChoice =
  | { kind: 'linux'; label: string; kernel: string; initrds: string[]; args: string; at: SourcePos }
  | { kind: 'localboot'; label: string; value: number; at: SourcePos }
  | { kind: 'config'; label: string; file: string; at: SourcePos };

/** Values for IPAPPEND/SYSAPPEND. */
export interface NetworkFacts {
  ip: string;
  server: string;
  gateway?: string;
  netmask?: string;
  mac: string;
  uuid?: string;
}

/** Split a kernel command line on blanks outside double quotes. */
export function splitCommandLine(line: string): string[] {
  return line.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? [];
}

function commandLineOf(cfg: PxeConfig): { value: string; at: SourcePos } | undefined {
  const timed = cfg.timeout > 0 ? cfg.ontimeout : undefined;
  if (cfg.ui) {
    const highlighted = cfg.menuDefault ?? (cfg.default && findLabel(cfg, cfg.default.value)?.name) ?? cfg.labels.find((l) => !l.hidden)?.name;
    if (timed) return timed;
    if (highlighted !== undefined) return { value: highlighted, at: cfg.labels.find((l) => l.name === highlighted)?.at ?? { file: cfg.file, line: 1, column: 1 } };
    return cfg.default;
  }
  if (cfg.prompt && timed) return timed;
  return cfg.default ?? cfg.ontimeout;
}

export function findLabel(cfg: PxeConfig, commandLine: string): PxeLabel | undefined {
  const exact = cfg.labels.find((l) => l.name === commandLine);
  if (exact) return exact;
  const word = commandLine.split(/\s+/)[0];
  return cfg.labels.find((l) => l.name === word);
}

function ipappendArgs(flags: number, net: NetworkFacts): string[] {
  const out: string[] = [];
  if (flags & 1) out.push(`ip=${net.ip}:${net.server}:${net.gateway ?? '0.0.0.0'}:${net.netmask ?? '0.0.0.0'}`);
  if (flags & 2) out.push(`BOOTIF=01-${net.mac.replace(/:/g, '-')}`);
  if (flags & 4 && net.uuid) out.push(`SYSUUID=${net.uuid}`);
  return out;
}

/** Kernel arguments without `initrd=`, and the initrds that APPEND (first) or INITRD name. */
function linuxArgs(label: PxeLabel, cfg: PxeConfig): { args: string[]; initrds: string[] } {
  const words = splitCommandLine(label.append ?? cfg.append ?? '');
  const initrds: string[] = [];
  const args: string[] = [];
  for (const w of words) {
    if (/^initrd=/i.test(w)) initrds.push(...w.slice(7).split(',').filter(Boolean));
    else args.push(w);
  }
  // As ldlinux: an initrd= in APPEND overrides the INITRD directive.
  if (initrds.length === 0 && label.initrd) initrds.push(...label.initrd.split(',').filter(Boolean));
  return { args, initrds };
}

function unsupported(at: SourcePos, what: string): never {
  throw new PxeConfigError(at, `${what}; panfab pxeboot boots Linux kernels (KERNEL/LINUX) and LOCALBOOT only`);
}

function kernelKind(label: PxeLabel): 'linux' | 'localboot' {
  const k = label.kernel!;
  const lower = k.file.toLowerCase();
  if (k.keyword === 'linux') return 'linux';
  if (k.keyword === 'com32' || lower.endsWith('.c32')) {
    if (/(^|\/)chain\.c32$/.test(lower)) return 'localboot';
    unsupported(k.at, `LABEL ${label.name} runs the COM32 module ${k.file}`);
  }
  if (k.keyword !== 'kernel') unsupported(k.at, `LABEL ${label.name} uses ${k.keyword.toUpperCase()}`);
  if (/\.(0|n12|pxe|krn)$/.test(lower)) unsupported(k.at, `LABEL ${label.name} chains to another network boot program ${k.file}`);
  if (/\.(bin|bs|bss|com|cbt|img)$/.test(lower)) unsupported(k.at, `LABEL ${label.name} boots ${k.file}, which is not a Linux kernel`);
  return 'linux';
}

function labelChoice(cfg: PxeConfig, label: PxeLabel, ipappend: number, net: NetworkFacts): BootChoice {
  if (label.localboot !== undefined) return { kind: 'localboot', label: label.name, value: label.localboot, at: label.at };
  if (label.config) return { kind: 'config', label: label.name, file: label.config.file, at: label.config.at };
  if (!label.kernel) throw new PxeConfigError(label.at, `LABEL ${label.name} has no KERNEL, LINUX, LOCALBOOT or CONFIG`);
  if (kernelKind(label) === 'localboot') return { kind: 'localboot', label: label.name, value: 0, at: label.kernel.at };
  const { args, initrds } = linuxArgs(label, cfg);
  args.push(...ipappendArgs(ipappend, net));
  return { kind: 'linux', label: label.name, kernel: label.kernel.file, initrds, args: args.join(' '), at: label.at };
}

export interface ChooseOptions {
  /** Boot this label instead of the unattended choice. */
  label?: string;
  net: NetworkFacts;
}

export function chooseBoot(cfg: PxeConfig, opts: ChooseOptions): BootChoice {
  if (opts.label !== undefined) {
    const label = cfg.labels.find((l) => l.name === opts.label);
    if (!label) throw new PxeConfigError({ file: cfg.file, line: 1, column: 1 }, `no LABEL '${opts.label}' (labels: ${cfg.labels.map((l) => l.name).join(', ') || 'none'})`);
    return labelChoice(cfg, label, label.ipappend ?? cfg.ipappend ?? 0, opts.net);
  }
  const line = commandLineOf(cfg);
  if (!line) throw new PxeConfigError({ file: cfg.file, line: 1, column: 1 }, 'nothing to boot: no DEFAULT, ONTIMEOUT or MENU DEFAULT');
  const label = findLabel(cfg, line.value);
  if (label) return labelChoice(cfg, label, label.ipappend ?? cfg.ipappend ?? 0, opts.net);
  // Not a label: "kernel arguments...", as typed at the boot: prompt.
  const [kernel, ...rest] = splitCommandLine(line.value);
  const pseudo: PxeLabel = { name: kernel, at: line.at, kernel: { keyword: 'kernel', file: kernel, at: line.at }, append: rest.join(' '), hidden: false };
  return labelChoice(cfg, pseudo, cfg.ipappend ?? 0, opts.net);
}

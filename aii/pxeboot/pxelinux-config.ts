/**
 * Parser for the pxelinux config language (syslinux 6 doc/syslinux.txt and
 * doc/menu.txt), the subset a network install uses: DEFAULT, LABEL,
 * KERNEL/LINUX (and the other kernel-type keywords, recognised so that they
 * can be refused clearly), INITRD, APPEND, IPAPPEND/SYSAPPEND, LOCALBOOT,
 * CONFIG, INCLUDE and MENU INCLUDE, MENU LABEL/DEFAULT/HIDE, PROMPT, TIMEOUT,
 * ONTIMEOUT, UI, SAY, SERIAL, TEXT HELP blocks and comments. The remaining
 * syslinux directives are accepted and ignored; an unknown word is an error
 * (pxelinux would silently ignore a misspelt APPEND and boot without it).
 */
import { PxebootError } from './errors.js';

export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

export type KernelKeyword = 'kernel' | 'linux' | 'boot' | 'bss' | 'pxe' | 'fdimage' | 'comboot' | 'com32';

export interface PxeLabel {
  name: string;
  at: SourcePos;
  kernel?: { keyword: KernelKeyword; file: string; at: SourcePos };
  /** Undefined when the label has no APPEND (the global one applies); `APPEND -` gives ''. */
  append?: string;
  initrd?: string;
  localboot?: number;
  config?: { file: string; at: SourcePos };
  ipappend?: number;
  menuLabel?: string;
  hidden: boolean;
}

export interface PxeConfig {
  file: string;
  default?: { value: string; at: SourcePos };
  ontimeout?: { value: string; at: SourcePos };
  /** Name of the label marked MENU DEFAULT. */
  menuDefault?: string;
  ui?: string;
  prompt: boolean;
  /** In tenths of a second, as pxelinux counts. */
  timeout: number;
  append?: string;
  ipappend?: number;
  serial?: string;
  say: string[];
  labels: PxeLabel[];
}

/** Reads an INCLUDEd file; resolves names the way the caller's server layout requires. */
export type IncludeLoader = (name: string) => Promise<{ file: string; text: string }>;

export class PxeConfigError extends PxebootError {
  constructor(
    readonly pos: SourcePos,
    detail: string,
  ) {
    super(`${formatPos(pos)}: ${detail}`);
    this.name = 'PxeConfigError';
  }
}

const MAX_INCLUDE_DEPTH = 16;

/** Accepted and ignored: they only affect pxelinux's interactive console or hardware. */
const IGNORED = new Set([
  'totaltimeout', 'onerror', 'console', 'display', 'noescape', 'nocomplete', 'nohalt', 'allowoptions', 'implicit',
  'kbdmap', 'font', 'path', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12', 'f0',
]);

const KERNEL_KEYWORDS = new Set<KernelKeyword>(['kernel', 'linux', 'boot', 'bss', 'pxe', 'fdimage', 'comboot', 'com32']);

interface Line {
  keyword: string;
  arg: string;
  keywordAt: SourcePos;
  argAt: SourcePos;
}

interface ParseState {
  config: PxeConfig;
  label: PxeLabel | undefined;
  /** Files being read, to refuse INCLUDE loops. */
  stack: string[];
  load: IncludeLoader | undefined;
}

function splitLine(raw: string, file: string, line: number): Line | undefined {
  const text = raw.replace(/\r$/, '');
  const m = /^(\s*)(\S+)(\s*)(.*?)\s*$/.exec(text);
  if (!m || m[2].startsWith('#')) return undefined;
  const kwCol = m[1].length + 1;
  return {
    keyword: m[2].toLowerCase(),
    arg: m[4],
    keywordAt: { file, line, column: kwCol },
    argAt: { file, line, column: kwCol + m[2].length + m[3].length },
  };
}

function need(l: Line, what: string): string {
  if (l.arg === '') throw new PxeConfigError(l.keywordAt, `${l.keyword.toUpperCase()} needs ${what}`);
  return l.arg;
}

function integer(l: Line, what: string): number {
  const value = need(l, what);
  if (!/^-?\d+$/.test(value)) throw new PxeConfigError(l.argAt, `${l.keyword.toUpperCase()} expects ${what}, got '${value}'`);
  return Number(value);
}

function inLabel(s: ParseState, l: Line): PxeLabel {
  if (!s.label) throw new PxeConfigError(l.keywordAt, `${l.keyword.toUpperCase()} outside a LABEL`);
  return s.label;
}

/** First word of an argument (file names cannot contain blanks in pxelinux). */
function firstWord(l: Line, what: string): string {
  return need(l, what).split(/\s+/)[0];
}

async function include(s: ParseState, l: Line, name: string): Promise<void> {
  if (!s.load) throw new PxeConfigError(l.keywordAt, 'INCLUDE is not available here');
  if (s.stack.length >= MAX_INCLUDE_DEPTH) throw new PxeConfigError(l.argAt, `INCLUDE nested more than ${MAX_INCLUDE_DEPTH} deep`);
  let loaded: { file: string; text: string };
  try {
    loaded = await s.load(name);
  } catch (e) {
    throw new PxeConfigError(l.argAt, `cannot INCLUDE ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (s.stack.includes(loaded.file)) throw new PxeConfigError(l.argAt, `INCLUDE loop: ${[...s.stack, loaded.file].join(' -> ')}`);
  await parseInto(s, loaded.text, loaded.file);
}

async function menuLine(s: ParseState, l: Line): Promise<void> {
  const m = /^(\S+)\s*(.*)$/.exec(l.arg);
  const sub = m ? m[1].toLowerCase() : '';
  const rest = m ? m[2] : '';
  switch (sub) {
    case 'label':
      inLabel(s, l).menuLabel = rest;
      return;
    case 'default':
      s.config.menuDefault = inLabel(s, l).name;
      return;
    case 'hide':
      inLabel(s, l).hidden = true;
      return;
    case 'include':
      if (rest === '') throw new PxeConfigError(l.argAt, 'MENU INCLUDE needs a file name');
      return include(s, l, rest.split(/\s+/)[0]);
    case '':
      throw new PxeConfigError(l.keywordAt, 'MENU needs a sub-command');
    default:
      return; // MENU TITLE, COLOR, BEGIN, END, SEPARATOR...: presentation only
  }
}

function labelLine(s: ParseState, l: Line): boolean {
  switch (l.keyword) {
    case 'label': {
      const name = need(l, 'a name');
      s.label = { name, at: l.keywordAt, hidden: false };
      s.config.labels.push(s.label);
      return true;
    }
    case 'initrd':
      inLabel(s, l).initrd = firstWord(l, 'a file name');
      return true;
    case 'localboot':
      inLabel(s, l).localboot = integer(l, 'a number');
      return true;
    case 'config':
      inLabel(s, l).config = { file: firstWord(l, 'a file name'), at: l.argAt };
      return true;
    default:
      if (!KERNEL_KEYWORDS.has(l.keyword as KernelKeyword)) return false;
      inLabel(s, l).kernel = { keyword: l.keyword as KernelKeyword, file: firstWord(l, 'a file name'), at: l.argAt };
      return true;
  }
}

function globalLine(s: ParseState, l: Line): boolean {
  const c = s.config;
  switch (l.keyword) {
    case 'default':
      c.default = { value: need(l, 'a label or command line'), at: l.argAt };
      return true;
    case 'ontimeout':
      c.ontimeout = { value: need(l, 'a label or command line'), at: l.argAt };
      return true;
    case 'ui':
      c.ui = need(l, 'a module');
      return true;
    case 'prompt':
      c.prompt = integer(l, 'a number') !== 0;
      return true;
    case 'timeout':
      c.timeout = integer(l, 'a number of tenths of a second');
      return true;
    case 'say':
      c.say.push(l.arg);
      return true;
    case 'serial':
      c.serial = need(l, 'a port');
      return true;
    case 'append':
      // APPEND before the first LABEL is the default for every label.
      if (s.label) s.label.append = l.arg === '-' ? '' : l.arg;
      else c.append = l.arg === '-' ? '' : l.arg;
      return true;
    case 'ipappend':
    case 'sysappend':
      if (s.label) s.label.ipappend = integer(l, 'a number');
      else c.ipappend = integer(l, 'a number');
      return true;
    default:
      return IGNORED.has(l.keyword);
  }
}

async function parseInto(s: ParseState, text: string, file: string): Promise<void> {
  s.stack.push(file);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = splitLine(lines[i], file, i + 1);
    if (!l) continue;
    if (l.keyword === 'text') {
      // TEXT HELP ... ENDTEXT: free text shown by the menu.
      const end = lines.findIndex((x, j) => j > i && /^\s*endtext\b/i.test(x));
      if (end < 0) throw new PxeConfigError(l.keywordAt, 'TEXT without ENDTEXT');
      i = end;
      continue;
    }
    if (l.keyword === 'include') await include(s, l, firstWord(l, 'a file name'));
    else if (l.keyword === 'menu') await menuLine(s, l);
    else if (!labelLine(s, l) && !globalLine(s, l)) throw new PxeConfigError(l.keywordAt, `unknown directive '${l.keyword.toUpperCase()}'`);
  }
  s.stack.pop();
}

/** Parse a config; INCLUDE / MENU INCLUDE read further files through `load`. */
export async function parsePxelinuxConfig(text: string, file: string, load?: IncludeLoader): Promise<PxeConfig> {
  const config: PxeConfig = { file, prompt: false, timeout: 0, say: [], labels: [] };
  await parseInto({ config, label: undefined, stack: [], load }, text, file);
  return config;
}

/**
 * The bootloader's answer to Xen, in pygrub's three formats (Xen 4.17
 * tools/pygrub/src/pygrub, format_simple / format_sxp):
 *
 *   simple   "kernel PATH\nramdisk PATH\nargs CMDLINE\n\n"
 *   simple0  the same with NUL instead of newline (what libxl asks for)
 *   sxp      linux (kernel 'PATH')(ramdisk 'PATH')(args 'CMDLINE')   (xend)
 *
 * `ramdisk` and `args` lines appear only when non-empty; a value containing
 * the separator cannot be represented and is refused, as pygrub does.
 * libxl reads the output file after the bootloader exits, maps the kernel
 * and ramdisk, then unlinks them.
 */
import { open } from 'node:fs/promises';
import { PxebootError } from './errors.js';
import type { XenOutputFormat } from './xen-args.js';

export interface XenAnswer {
  kernel: string;
  ramdisk?: string;
  args?: string;
}

/** Python's repr() of a str, which pygrub's sxp output uses. */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function formatSimple(answer: XenAnswer, sep: string): string {
  for (const [name, value] of Object.entries(answer)) {
    if (typeof value === 'string' && value.includes(sep)) {
      throw new PxebootError(`the ${name} '${value.replace(/[\0\n]/g, ' ')}' contains the output separator; Xen's simple format cannot carry it`);
    }
  }
  let s = `kernel ${answer.kernel}${sep}`;
  if (answer.ramdisk) s += `ramdisk ${answer.ramdisk}${sep}`;
  if (answer.args) s += `args ${answer.args}${sep}`;
  return s + sep;
}

export function formatXenAnswer(format: XenOutputFormat, answer: XenAnswer): string {
  if (format === 'simple') return formatSimple(answer, '\n');
  if (format === 'simple0') return formatSimple(answer, '\0');
  let s = `linux (kernel ${pythonRepr(answer.kernel)})`;
  if (answer.ramdisk) s += `(ramdisk ${pythonRepr(answer.ramdisk)})`;
  if (answer.args) s += `(args ${pythonRepr(answer.args)})`;
  return s;
}

/**
 * Write the answer to `output` (libxl pre-creates it; xend used a FIFO) or
 * to standard output. Written in place, not by rename: the reader holds the
 * path (or the FIFO) and the content is a message, not a file to replace.
 */
export async function writeXenAnswer(output: string | undefined, text: string, stdout: NodeJS.WritableStream): Promise<void> {
  const bytes = Buffer.from(text, 'latin1');
  if (output === undefined) {
    await new Promise<void>((resolve, reject) => stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
    return;
  }
  try {
    const handle = await open(output, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new PxebootError(`cannot write the answer to ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * TFTP packets (RFC 1350) with option negotiation (RFC 2347: OACK, error 8)
 * and the blksize, timeout and tsize options (RFC 2348, RFC 2349). Decoding
 * is strict and raises MalformedPacketError naming the byte offset.
 */
import { MalformedPacketError } from './errors.js';

export const TftpOpcode = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

export const TftpErrorCode = {
  NOT_DEFINED: 0,
  FILE_NOT_FOUND: 1,
  ACCESS_VIOLATION: 2,
  DISK_FULL: 3,
  ILLEGAL_OPERATION: 4,
  UNKNOWN_TID: 5,
  FILE_EXISTS: 6,
  NO_SUCH_USER: 7,
  OPTION_REFUSED: 8,
} as const;

/** Largest block size RFC 2348 allows (and so the largest DATA payload). */
export const MAX_BLKSIZE = 65464;
export const MIN_BLKSIZE = 8;
export const DEFAULT_BLKSIZE = 512;

const MODES = new Set(['netascii', 'octet', 'mail']);

/** Option names (lower case) to values, in packet order. */
export type TftpOptions = Map<string, string>;

export type TftpPacket =
  | { op: 'RRQ' | 'WRQ'; filename: string; mode: string; options: TftpOptions }
  | { op: 'DATA'; block: number; data: Buffer }
  | { op: 'ACK'; block: number }
  | { op: 'ERROR'; code: number; message: string }
  | { op: 'OACK'; options: TftpOptions };

function malformed(message: string, offset: number): never {
  throw new MalformedPacketError('TFTP', message, offset);
}

/** NUL-terminated strings from `start` to the end of the packet. */
function readStrings(buf: Buffer, start: number, what: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let i = start;
  while (i < buf.length) {
    const nul = buf.indexOf(0, i);
    if (nul < 0) malformed(`${what}: string at offset ${i} is not NUL-terminated`, i);
    out.push({ text: buf.subarray(i, nul).toString('latin1'), offset: i });
    i = nul + 1;
  }
  return out;
}

function readOptions(strings: Array<{ text: string; offset: number }>, what: string): TftpOptions {
  if (strings.length % 2 !== 0) {
    const last = strings[strings.length - 1];
    malformed(`${what}: option '${last.text}' at offset ${last.offset} has no value`, last.offset);
  }
  const options: TftpOptions = new Map();
  for (let i = 0; i < strings.length; i += 2) {
    const name = strings[i].text.toLowerCase();
    if (name === '') malformed(`${what}: empty option name at offset ${strings[i].offset}`, strings[i].offset);
    if (options.has(name)) malformed(`${what}: option '${name}' repeated at offset ${strings[i].offset}`, strings[i].offset);
    options.set(name, strings[i + 1].text);
  }
  return options;
}

function decodeRequest(buf: Buffer, op: 'RRQ' | 'WRQ'): TftpPacket {
  const strings = readStrings(buf, 2, op);
  if (strings.length < 2) malformed(`${op}: missing ${strings.length === 0 ? 'file name' : 'transfer mode'}`, buf.length);
  const [filename, mode] = strings;
  if (filename.text === '') malformed(`${op}: empty file name at offset 2`, 2);
  const lowerMode = mode.text.toLowerCase();
  if (!MODES.has(lowerMode)) malformed(`${op}: unknown transfer mode '${mode.text}' at offset ${mode.offset}`, mode.offset);
  return { op, filename: filename.text, mode: lowerMode, options: readOptions(strings.slice(2), op) };
}

function decodeError(buf: Buffer): TftpPacket {
  if (buf.length < 5) malformed(`ERROR: ${buf.length} bytes, expected at least 5`, buf.length);
  const code = buf.readUInt16BE(2);
  const nul = buf.indexOf(0, 4);
  if (nul < 0) malformed('ERROR: message at offset 4 is not NUL-terminated', 4);
  if (nul !== buf.length - 1) malformed(`ERROR: ${buf.length - nul - 1} stray bytes after the message at offset ${nul + 1}`, nul + 1);
  return { op: 'ERROR', code, message: buf.subarray(4, nul).toString('latin1') };
}

export function decodeTftp(packet: Uint8Array): TftpPacket {
  const buf = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (buf.length < 2) malformed(`${buf.length} bytes, too short for an opcode`, 0);
  const opcode = buf.readUInt16BE(0);
  switch (opcode) {
    case TftpOpcode.RRQ:
      return decodeRequest(buf, 'RRQ');
    case TftpOpcode.WRQ:
      return decodeRequest(buf, 'WRQ');
    case TftpOpcode.DATA:
      if (buf.length < 4) malformed(`DATA: ${buf.length} bytes, expected at least 4`, buf.length);
      if (buf.length - 4 > MAX_BLKSIZE) malformed(`DATA: ${buf.length - 4} data bytes exceed the largest block size ${MAX_BLKSIZE}`, 4);
      return { op: 'DATA', block: buf.readUInt16BE(2), data: Buffer.from(buf.subarray(4)) };
    case TftpOpcode.ACK:
      if (buf.length !== 4) malformed(`ACK: ${buf.length} bytes, expected 4`, Math.min(buf.length, 4));
      return { op: 'ACK', block: buf.readUInt16BE(2) };
    case TftpOpcode.ERROR:
      return decodeError(buf);
    case TftpOpcode.OACK: {
      const options = readOptions(readStrings(buf, 2, 'OACK'), 'OACK');
      if (options.size === 0) malformed('OACK: no options', 2);
      return { op: 'OACK', options };
    }
    default:
      return malformed(`unknown opcode ${opcode} at offset 0`, 0);
  }
}

function cstring(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.includes(0)) throw new RangeError(`TFTP ${what} contains a NUL byte`);
  return Buffer.concat([bytes, Buffer.alloc(1)]);
}

function u16(op: number, value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(op, 0);
  b.writeUInt16BE(value & 0xffff, 2);
  return b;
}

function encodeOptions(options: TftpOptions): Buffer[] {
  return [...options].flatMap(([name, value]) => [cstring(name, 'option name'), cstring(value, `option ${name}`)]);
}

export function encodeTftp(packet: TftpPacket): Buffer {
  switch (packet.op) {
    case 'RRQ':
    case 'WRQ':
      if (packet.filename === '') throw new RangeError('TFTP request with an empty file name');
      return Buffer.concat([
        Buffer.from([0, TftpOpcode[packet.op]]),
        cstring(packet.filename, 'file name'),
        cstring(packet.mode, 'mode'),
        ...encodeOptions(packet.options),
      ]);
    case 'DATA':
      if (packet.data.length > MAX_BLKSIZE) throw new RangeError(`TFTP DATA of ${packet.data.length} bytes exceeds ${MAX_BLKSIZE}`);
      return Buffer.concat([u16(TftpOpcode.DATA, packet.block), packet.data]);
    case 'ACK':
      return u16(TftpOpcode.ACK, packet.block);
    case 'ERROR':
      return Buffer.concat([u16(TftpOpcode.ERROR, packet.code), cstring(packet.message, 'error message')]);
    case 'OACK':
      return Buffer.concat([Buffer.from([0, TftpOpcode.OACK]), ...encodeOptions(packet.options)]);
  }
}

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeTftp, encodeTftp, type TftpPacket } from './tftp-codec.js';
import { MalformedPacketError } from './errors.js';

/** A packet captured from real tftpd-hpa / our client (see test/pxeboot/capture/capture.ts). */
function fixture(name: string): Buffer {
  const text = readFileSync(new URL(`./fixtures/${name}.hex`, import.meta.url), 'utf8');
  return Buffer.from(text.replace(/^#.*$/gm, '').replace(/\s+/g, ''), 'hex');
}

function malformed(bytes: number[] | Buffer): string {
  try {
    decodeTftp(Buffer.from(bytes));
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedPacketError);
    return (e as Error).message;
  }
  throw new Error('decoded a malformed packet');
}

const s = (text: string): number[] => [...Buffer.from(text + '\0', 'latin1')];

describe('TFTP codec on packets captured from tftpd-hpa 5.2', () => {
  it('decodes the OACK to our blksize/tsize request', () => {
    const p = decodeTftp(fixture('tftp-oack-tftpd'));
    expect(p.op).toBe('OACK');
    const options = (p as Extract<TftpPacket, { op: 'OACK' }>).options;
    expect(options.get('blksize')).toBe('1468');
    expect(Number(options.get('tsize'))).toBeGreaterThan(0);
  });

  it('decodes an OACK carrying tsize only', () => {
    const p = decodeTftp(fixture('tftp-oack-tsize-only-tftpd')) as Extract<TftpPacket, { op: 'OACK' }>;
    expect([...p.options.keys()]).toEqual(['tsize']);
  });

  it('decodes DATA block 1 holding the whole small file', () => {
    const p = decodeTftp(fixture('tftp-data-tftpd')) as Extract<TftpPacket, { op: 'DATA' }>;
    expect(p.block).toBe(1);
    expect(p.data.toString('latin1')).toContain('LOCALBOOT 0');
  });

  it('decodes the ERROR for a missing file', () => {
    expect(decodeTftp(fixture('tftp-error-not-found-tftpd'))).toEqual({ op: 'ERROR', code: 1, message: 'File not found' });
  });

  it('re-encodes our RRQ and ACKs byte for byte', () => {
    for (const name of ['tftp-rrq-panfab', 'tftp-ack0-panfab', 'tftp-ack1-panfab']) {
      const raw = fixture(name);
      expect(encodeTftp(decodeTftp(raw)).equals(raw)).toBe(true);
    }
    const rrq = decodeTftp(fixture('tftp-rrq-panfab'));
    expect(rrq).toEqual({ op: 'RRQ', filename: 'pxelinux.cfg/localboot.cfg', mode: 'octet', options: new Map([['blksize', '1468'], ['tsize', '0']]) });
  });

  it('reads option names case-insensitively and modes in any case', () => {
    const p = decodeTftp(Buffer.from([0, 1, ...s('f'), ...s('OcTeT'), ...s('BlkSize'), ...s('1024')]));
    expect(p).toEqual({ op: 'RRQ', filename: 'f', mode: 'octet', options: new Map([['blksize', '1024']]) });
  });
});

describe('TFTP codec: malformed packets', () => {
  it('too short, unknown opcode', () => {
    expect(malformed([0])).toBe('malformed TFTP packet: 1 bytes, too short for an opcode');
    expect(malformed([0, 9, 0, 0])).toBe('malformed TFTP packet: unknown opcode 9 at offset 0');
  });

  it('requests: unterminated strings, missing mode, unknown mode, dangling or repeated options', () => {
    expect(malformed([0, 1, ...Buffer.from('file')])).toMatch(/RRQ: string at offset 2 is not NUL-terminated/);
    expect(malformed([0, 1, ...s('file')])).toMatch(/RRQ: missing transfer mode/);
    expect(malformed([0, 1, ...s('file'), ...s('binary')])).toMatch(/RRQ: unknown transfer mode 'binary' at offset 7/);
    expect(malformed([0, 1, ...s('file'), ...s('octet'), ...s('blksize')])).toMatch(/RRQ: option 'blksize' at offset 13 has no value/);
    expect(malformed([0, 1, ...s('f'), ...s('octet'), ...s('tsize'), ...s('0'), ...s('TSIZE'), ...s('0')])).toMatch(/option 'tsize' repeated at offset 18/);
    expect(malformed([0, 2, ...s(''), ...s('octet')])).toMatch(/WRQ: empty file name/);
  });

  it('ACK of the wrong length; DATA too short or larger than any block size', () => {
    expect(malformed([0, 4, 0])).toBe('malformed TFTP packet: ACK: 3 bytes, expected 4');
    expect(malformed([0, 4, 0, 1, 0])).toBe('malformed TFTP packet: ACK: 5 bytes, expected 4');
    expect(malformed([0, 3, 0])).toMatch(/DATA: 3 bytes, expected at least 4/);
    expect(malformed(Buffer.concat([Buffer.from([0, 3, 0, 1]), Buffer.alloc(65465)]))).toMatch(/DATA: 65465 data bytes exceed the largest block size 65464/);
  });

  it('ERROR without NUL, with stray bytes, or too short', () => {
    expect(malformed([0, 5, 0, 1, 0x41])).toMatch(/ERROR: message at offset 4 is not NUL-terminated/);
    expect(malformed([0, 5, 0, 1, 0x41, 0, 0x42])).toMatch(/ERROR: 1 stray bytes after the message at offset 6/);
    expect(malformed([0, 5, 0, 1])).toMatch(/ERROR: 4 bytes, expected at least 5/);
  });

  it('OACK without options', () => {
    expect(malformed([0, 6])).toBe('malformed TFTP packet: OACK: no options');
  });
});

describe('TFTP codec: encoding', () => {
  it('round-trips every packet type', () => {
    const packets: TftpPacket[] = [
      { op: 'RRQ', filename: 'a/b', mode: 'octet', options: new Map([['blksize', '1468']]) },
      { op: 'WRQ', filename: 'x', mode: 'netascii', options: new Map() },
      { op: 'DATA', block: 65535, data: Buffer.from('abc') },
      { op: 'ACK', block: 0 },
      { op: 'ERROR', code: 5, message: 'Unknown transfer ID' },
      { op: 'OACK', options: new Map([['tsize', '42']]) },
    ];
    for (const p of packets) expect(decodeTftp(encodeTftp(p))).toEqual(p);
  });

  it('refuses NUL inside strings', () => {
    expect(() => encodeTftp({ op: 'RRQ', filename: 'a\0b', mode: 'octet', options: new Map() })).toThrow(/file name contains a NUL/);
  });
});

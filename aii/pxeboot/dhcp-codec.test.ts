import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BOOTREPLY, BROADCAST_FLAG, decodeDhcp, encodeDhcp, optionIp, optionIps, optionString, optionU32, optionU8 } from './dhcp-codec.js';
import { DhcpMessageType, DhcpOption } from './dhcp-options.js';
import { MalformedPacketError } from './errors.js';

/** A packet captured from real dhcpd / our client (see test/pxeboot/capture/capture.ts). */
function fixture(name: string): Buffer {
  const text = readFileSync(new URL(`./fixtures/${name}.hex`, import.meta.url), 'utf8');
  return Buffer.from(text.replace(/^#.*$/gm, '').replace(/\s+/g, ''), 'hex');
}

function malformed(packet: Buffer): string {
  try {
    decodeDhcp(packet);
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedPacketError);
    return (e as Error).message;
  }
  throw new Error('decoded a malformed packet');
}

/** A minimal valid BOOTREPLY with `options` bytes after the cookie. */
function withOptions(options: number[]): Buffer {
  const base = encodeDhcp({ op: BOOTREPLY, xid: 1, chaddr: Buffer.alloc(6, 1), options: [] });
  const head = base.subarray(0, 240);
  return Buffer.concat([head, Buffer.from(options)]);
}

describe('DHCP codec on packets captured from ISC dhcpd 4.4', () => {
  it('decodes the OFFER: header, siaddr, file, options', () => {
    const p = decodeDhcp(fixture('dhcp-offer-dhcpd'));
    expect(p.op).toBe(BOOTREPLY);
    expect(p.flags & BROADCAST_FLAG).toBe(BROADCAST_FLAG);
    expect(p.chaddr.toString('hex')).toBe('00163e5a0b01');
    expect(p.yiaddr).toBe('192.0.2.15');
    expect(p.siaddr).toBe('192.0.2.2');
    expect(p.file).toBe('pxelinux.0');
    expect(optionU8(p, DhcpOption.MESSAGE_TYPE)).toBe(DhcpMessageType.OFFER);
    expect(optionIp(p, DhcpOption.SERVER_ID)).toBe('192.0.2.2');
    expect(optionIp(p, DhcpOption.SUBNET_MASK)).toBe('255.255.255.0');
    expect(optionIps(p, DhcpOption.ROUTER)).toEqual(['192.0.2.1']);
    expect(optionU32(p, DhcpOption.LEASE_TIME)).toBe(600);
  });

  it('decodes the ACK and keeps the transaction of the REQUEST', () => {
    const request = decodeDhcp(fixture('dhcp-request-panfab'));
    const ack = decodeDhcp(fixture('dhcp-ack-dhcpd'));
    expect(optionU8(ack, DhcpOption.MESSAGE_TYPE)).toBe(DhcpMessageType.ACK);
    expect(ack.xid).toBe(request.xid);
    expect(optionIp(request, DhcpOption.REQUESTED_IP)).toBe('192.0.2.15');
    expect(optionIp(request, DhcpOption.SERVER_ID)).toBe('192.0.2.2');
    expect(ack.yiaddr).toBe('192.0.2.15');
  });

  it('decodes an OFFER whose options overflow into the file field (option 52)', () => {
    const p = decodeDhcp(fixture('dhcp-offer-overload-dhcpd'));
    expect(optionU8(p, DhcpOption.OVERLOAD)).toBe(1);
    expect(p.file).toBe(''); // the field held options, not a name
    // Domain search list (119) travelled in the file field; root path (17) in the options field.
    expect(p.options.get(119)?.subarray(0, 7).toString('latin1')).toBe('\x05alpha\x07');
    expect(optionString(p, 17)).toBe('/export/roots/guest2.example.org/'.repeat(6));
    expect(optionString(p, DhcpOption.DOMAIN_NAME)).toBe('installation-network-with-a-long-name.example.org');
  });

  it('re-encodes our own DISCOVER byte for byte', () => {
    const raw = fixture('dhcp-discover-panfab');
    const p = decodeDhcp(raw);
    expect(p.op).toBe(1);
    expect(optionString(p, DhcpOption.VENDOR_CLASS_ID)).toBe('PXEClient:Arch:00000:UNDI:002001');
    const again = encodeDhcp({ ...p, options: [...p.options] });
    expect(again.equals(raw)).toBe(true);
  });
});

describe('DHCP codec: encoding', () => {
  it('pads to the BOOTP minimum of 300 bytes and ends options with 255', () => {
    const b = encodeDhcp({ op: 1, xid: 7, chaddr: Buffer.alloc(6), options: [[DhcpOption.MESSAGE_TYPE, Buffer.from([1])]] });
    expect(b.length).toBe(300);
    expect([...b.subarray(240, 244)]).toEqual([53, 1, 1, 255]);
  });

  it('splits options longer than 255 bytes and decoding joins them again (RFC 3396)', () => {
    const long = Buffer.alloc(600, 0x61);
    const b = encodeDhcp({ op: 1, xid: 7, chaddr: Buffer.alloc(6), options: [[17, long]] });
    expect([b[240], b[241], b[240 + 257], b[240 + 258]]).toEqual([17, 255, 17, 255]);
    expect(decodeDhcp(b).options.get(17)?.equals(long)).toBe(true);
  });

  it('refuses to encode an option of the wrong shape', () => {
    expect(() => encodeDhcp({ op: 1, xid: 7, chaddr: Buffer.alloc(6), options: [[DhcpOption.SERVER_ID, Buffer.alloc(3)]] })).toThrow(/server identifier.*length 3, expected 4/);
  });

  it('drops trailing NULs of text options some servers add', () => {
    const p = decodeDhcp(withOptions([67, 5, 0x61, 0x2e, 0x30, 0, 0, 255]));
    expect(optionString(p, DhcpOption.BOOTFILE_NAME)).toBe('a.0');
  });
});

describe('DHCP codec: malformed packets are refused with the offset', () => {
  const offer = (): Buffer => Buffer.from(fixture('dhcp-offer-dhcpd'));

  it('truncated below header + cookie', () => {
    expect(malformed(offer().subarray(0, 200))).toBe('malformed DHCP packet: 200 bytes, shorter than the 236-byte BOOTP header plus the 4-byte magic cookie');
  });

  it('truncated inside the options', () => {
    const p = offer();
    const cut = p.subarray(0, 245); // in the middle of option 54's value
    expect(malformed(cut)).toBe('malformed DHCP packet: option 54 at offset 243 in the options field: length 4 runs past the end of the field (0 bytes left)');
  });

  it('bad magic cookie', () => {
    const p = offer();
    p.writeUInt32BE(0x63825364, 236);
    expect(malformed(p)).toBe('malformed DHCP packet: bad magic cookie 63825364 at offset 236 (expected 63825363)');
  });

  it('bad op and oversized hardware address length', () => {
    const a = offer();
    a[0] = 3;
    expect(malformed(a)).toMatch(/op 3 at offset 0/);
    const b = offer();
    b[2] = 17;
    expect(malformed(b)).toMatch(/hardware address length 17 at offset 2/);
  });

  it('option length running past the end', () => {
    expect(malformed(withOptions([53, 1, 2, 54, 9, 1, 2, 3]))).toBe(
      'malformed DHCP packet: option 54 at offset 243 in the options field: length 9 runs past the end of the field (3 bytes left)',
    );
  });

  it('a length byte missing at the very end', () => {
    expect(malformed(withOptions([53, 1, 2, 54]))).toMatch(/option 54 at offset 243 in the options field has no length byte/);
  });

  it('no end option', () => {
    expect(malformed(withOptions([53, 1, 2, 0, 0]))).toBe('malformed DHCP packet: the options field has no end option (255)');
  });

  it('known options with wrong lengths or values', () => {
    expect(malformed(withOptions([53, 2, 1, 1, 255]))).toMatch(/option 53 \(message type\) at offset 240: length 2, expected 1/);
    expect(malformed(withOptions([53, 1, 99, 255]))).toMatch(/option 53 \(message type\) at offset 240: unknown message type 99/);
    expect(malformed(withOptions([3, 6, 1, 2, 3, 4, 5, 6, 255]))).toMatch(/option 3 \(router\) at offset 240: length 6 is not a multiple of 4/);
    expect(malformed(withOptions([57, 2, 1, 0, 255]))).toMatch(/maximum message size.*256 is below the minimum of 576/);
  });

  it('overload with a value other than 1, 2 or 3', () => {
    expect(malformed(withOptions([52, 1, 4, 255]))).toMatch(/option 52 \(option overload\) at offset 240: value 4 is not 1, 2 or 3/);
  });

  it('overload loop: option 52 inside the overloaded file field', () => {
    const p = withOptions([52, 1, 1, 255]);
    p[108] = 52;
    p[109] = 1;
    p[110] = 3;
    p[111] = 255;
    expect(malformed(p)).toBe('malformed DHCP packet: option 52 (option overload) at offset 108 inside the file field (overload loop)');
  });

  it('an option in the overloaded sname field running past the field', () => {
    const p = withOptions([52, 1, 2, 255]);
    p[44 + 60] = 12;
    p[44 + 61] = 10;
    expect(malformed(p)).toMatch(/option 12 at offset 104 in the sname field: length 10 runs past the end of the field \(2 bytes left\)/);
  });

  it('a repeated overload option concatenates to an invalid length', () => {
    expect(malformed(withOptions([52, 1, 1, 52, 1, 1, 255]))).toMatch(/option 52 \(option overload\) at offset 240: length 2, expected 1/);
  });
});

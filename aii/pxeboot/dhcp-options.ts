/**
 * DHCP option codes used by a PXE client (RFC 2132, RFC 4578, RFC 5071) and
 * the shape each one must have. Options not listed here pass unchecked.
 */

export const DhcpOption = {
  PAD: 0,
  SUBNET_MASK: 1,
  ROUTER: 3,
  DNS_SERVER: 6,
  HOST_NAME: 12,
  DOMAIN_NAME: 15,
  BROADCAST_ADDRESS: 28,
  VENDOR_SPECIFIC: 43,
  REQUESTED_IP: 50,
  LEASE_TIME: 51,
  OVERLOAD: 52,
  MESSAGE_TYPE: 53,
  SERVER_ID: 54,
  PARAMETER_REQUEST_LIST: 55,
  MESSAGE: 56,
  MAX_MESSAGE_SIZE: 57,
  RENEWAL_TIME: 58,
  REBINDING_TIME: 59,
  VENDOR_CLASS_ID: 60,
  CLIENT_ID: 61,
  TFTP_SERVER_NAME: 66,
  BOOTFILE_NAME: 67,
  CLIENT_ARCH: 93,
  CLIENT_NDI: 94,
  CLIENT_UUID: 97,
  PXELINUX_CONFIGFILE: 209,
  PXELINUX_PATHPREFIX: 210,
  PXELINUX_REBOOTTIME: 211,
  END: 255,
} as const;

export const DhcpMessageType = {
  DISCOVER: 1,
  OFFER: 2,
  REQUEST: 3,
  DECLINE: 4,
  ACK: 5,
  NAK: 6,
  RELEASE: 7,
  INFORM: 8,
} as const;

interface OptionShape {
  name: string;
  /** Exact length. */
  length?: number;
  /** Minimum length (default 0, or `length`). */
  min?: number;
  /** Length must be a multiple of this. */
  multipleOf?: number;
  /** Extra check of the value; returns a problem or undefined. */
  check?: (value: Buffer) => string | undefined;
}

const address = (name: string): OptionShape => ({ name, length: 4 });
const addresses = (name: string): OptionShape => ({ name, min: 4, multipleOf: 4 });
const seconds = (name: string): OptionShape => ({ name, length: 4 });
const text = (name: string): OptionShape => ({ name, min: 1 });

const SHAPES: ReadonlyMap<number, OptionShape> = new Map<number, OptionShape>([
  [DhcpOption.SUBNET_MASK, address('subnet mask')],
  [DhcpOption.ROUTER, addresses('router')],
  [DhcpOption.DNS_SERVER, addresses('domain name server')],
  [DhcpOption.HOST_NAME, text('host name')],
  [DhcpOption.DOMAIN_NAME, text('domain name')],
  [DhcpOption.BROADCAST_ADDRESS, address('broadcast address')],
  [DhcpOption.REQUESTED_IP, address('requested IP address')],
  [DhcpOption.LEASE_TIME, seconds('lease time')],
  [DhcpOption.OVERLOAD, { name: 'option overload', length: 1, check: (v) => (v[0] >= 1 && v[0] <= 3 ? undefined : `value ${v[0]} is not 1, 2 or 3`) }],
  // 1-8 from RFC 2132, 9-18 from RFC 3203, 4388, 6926, 7724.
  [DhcpOption.MESSAGE_TYPE, { name: 'message type', length: 1, check: (v) => (v[0] >= 1 && v[0] <= 18 ? undefined : `unknown message type ${v[0]}`) }],
  [DhcpOption.SERVER_ID, address('server identifier')],
  [DhcpOption.PARAMETER_REQUEST_LIST, text('parameter request list')],
  [DhcpOption.MESSAGE, text('message')],
  [DhcpOption.MAX_MESSAGE_SIZE, { name: 'maximum message size', length: 2, check: (v) => (v.readUInt16BE(0) >= 576 ? undefined : `${v.readUInt16BE(0)} is below the minimum of 576`) }],
  [DhcpOption.RENEWAL_TIME, seconds('renewal time')],
  [DhcpOption.REBINDING_TIME, seconds('rebinding time')],
  [DhcpOption.VENDOR_CLASS_ID, text('vendor class identifier')],
  [DhcpOption.CLIENT_ID, { name: 'client identifier', min: 2 }],
  [DhcpOption.TFTP_SERVER_NAME, text('TFTP server name')],
  [DhcpOption.BOOTFILE_NAME, text('boot file name')],
  [DhcpOption.CLIENT_ARCH, { name: 'client system architecture', min: 2, multipleOf: 2 }],
  [DhcpOption.CLIENT_NDI, { name: 'client network device interface', length: 3 }],
  [DhcpOption.CLIENT_UUID, { name: 'client machine identifier', length: 17, check: (v) => (v[0] === 0 ? undefined : `type ${v[0]} is not 0 (UUID)`) }],
  [DhcpOption.PXELINUX_CONFIGFILE, text('pxelinux config file')],
  [DhcpOption.PXELINUX_PATHPREFIX, text('pxelinux path prefix')],
  [DhcpOption.PXELINUX_REBOOTTIME, seconds('pxelinux reboot time')],
]);

export function optionName(code: number): string {
  return SHAPES.get(code)?.name ?? `option ${code}`;
}

/** Why `value` is not a valid option `code`, or undefined when it is (or the option is unknown). */
export function optionProblem(code: number, value: Buffer): string | undefined {
  const shape = SHAPES.get(code);
  if (!shape) return undefined;
  const len = value.length;
  if (shape.length !== undefined && len !== shape.length) return `length ${len}, expected ${shape.length}`;
  if (len < (shape.min ?? 0)) return `length ${len}, expected at least ${shape.min}`;
  if (shape.multipleOf && len % shape.multipleOf !== 0) return `length ${len} is not a multiple of ${shape.multipleOf}`;
  return shape.check?.(value);
}

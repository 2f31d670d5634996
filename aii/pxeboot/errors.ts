/**
 * Failures of `panfab pxeboot`. Every one carries a single-line message meant
 * for the operator (it ends up in Xen's bootloader log), never a stack trace.
 */
export class PxebootError extends Error {
  constructor(
    message: string,
    /** Process exit status when this error ends the bootloader. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'PxebootError';
  }
}

/** A packet that does not follow its protocol; `offset` is the byte where decoding failed. */
export class MalformedPacketError extends PxebootError {
  constructor(
    readonly protocol: 'DHCP' | 'TFTP',
    message: string,
    readonly offset: number,
  ) {
    super(`malformed ${protocol} packet: ${message}`);
    this.name = 'MalformedPacketError';
  }
}

/** Bad command-line usage (exit status 2, as getopt-based tools such as pygrub use). */
export class UsageError extends PxebootError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** Abort reason used when a signal stops the bootloader. */
export function interruptedBy(signal: NodeJS.Signals): PxebootError {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  return new PxebootError(`interrupted by ${signal}`, 128 + (numbers[signal] ?? 0));
}

/** The message of any thrown value, as one line. */
export function messageOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, ' ');
}

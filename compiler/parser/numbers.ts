/**
 * Numeric literals as panc reads them: longs are 64-bit signed (decimal,
 * `0x` hexadecimal, leading-`0` octal), doubles are IEEE doubles.
 * Returns a message instead of a value when the literal is invalid.
 */
import { LONG_MAX } from '../java/long.js';

export function parseLongLiteral(image: string): bigint | string {
  let value: bigint;
  if (image.length > 1 && image.charCodeAt(0) === 48 /* 0 */) {
    const second = image.charAt(1);
    if (second === 'x' || second === 'X') {
      value = BigInt(image);
    } else if (/^[0-7]+$/.test(image)) {
      value = BigInt('0o' + image.slice(1));
    } else {
      return `invalid octal number '${image}'`;
    }
  } else {
    value = BigInt(image);
  }
  if (value > LONG_MAX) return `number '${image}' is out of the 64-bit signed range`;
  return value;
}

export function parseDoubleLiteral(image: string): number | string {
  const value = Number(image);
  if (!Number.isFinite(value)) return `number '${image}' is out of the double range`;
  return value;
}

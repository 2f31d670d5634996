/**
 * Loaders for the JDK-generated tables in fixtures/ (produced with OpenJDK
 * 17.0.15 on this machine; the tests do not need Java to run).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function fixtureLines(name: string): string[] {
  const path = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** A double from its IEEE bits in hex (as Long.toHexString(doubleToRawLongBits) prints them). */
export function doubleFromHex(hex: string): number {
  u64[0] = BigInt.asUintN(64, BigInt('0x' + hex));
  return f64[0];
}

export function doubleToHex(x: number): string {
  f64[0] = x;
  return u64[0].toString(16);
}

/** Undo the escaping of Fmt.java's output column (\\, \t, \n). */
export function unescapeTsv(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}

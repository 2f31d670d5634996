import { describe, expect, it } from 'vitest';
import { javaFormat, type JavaArg } from './format.js';
import { JavaFormatError } from './errors.js';
import { doubleFromHex, fixtureLines, unescapeTsv } from './fixtures.js';

const L = (v: number | bigint): JavaArg => ({ kind: 'long', value: BigInt(v) });
const D = (v: number): JavaArg => ({ kind: 'double', value: v });
const S = (v: string): JavaArg => ({ kind: 'string', value: v });

/** Fmt.java's typed argument notation: L:long, D:hex bits, S:string, B:boolean, N: null. */
function toArg(a: string): JavaArg {
  const v = a.slice(2);
  switch (a[0]) {
    case 'L':
      return L(BigInt(v));
    case 'D':
      return D(doubleFromHex(v));
    case 'S':
      return S(v);
    case 'B':
      return { kind: 'boolean', value: v === 'true' };
    default:
      return { kind: 'null' };
  }
}

function run(fmt: string, args: JavaArg[]): string {
  try {
    return '=' + javaFormat(fmt, args);
  } catch (e) {
    if (!(e instanceof JavaFormatError) && !(e as { javaClass?: string }).javaClass) throw e;
    return `!${(e as JavaFormatError).javaClass}: ${(e as Error).message}`;
  }
}

describe('javaFormat', () => {
  it('matches the real JDK 17 on the recorded table (conversions x flags x width x precision, errors)', () => {
    const lines = fixtureLines('format.jdk17.tsv');
    expect(lines.length).toBeGreaterThan(6000);
    const wrong: string[] = [];
    for (const line of lines) {
      const fields = line.split('\t');
      const expected = unescapeTsv(fields.pop()!);
      const got = run(fields[0], fields.slice(1).map(toArg));
      if (got !== expected) wrong.push(`${JSON.stringify(fields)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['%.2f', [D(1.15)], '1.15'],
    ['%.1f', [D(0.05)], '0.1'],
    ['%.0f', [D(2.5)], '3'],
    // Java rounds the Double.toString digits HALF_UP, not the exact binary value (C prints 1.00).
    ['%.2f', [D(1.005)], '1.01'],
    ['%s=%d', [S('a'), L(42)], 'a=42'],
    ['%5s|%-5s|', [S('ab'), S('cd')], '   ab|cd   |'],
    ['%x %X %o', [L(-1), L(255), L(8)], 'ffffffffffffffff FF 10'],
    ['%,d', [L(-1234567)], '-1,234,567'],
    ['%08.3f', [D(-3.14159)], '-003.142'],
    ['%e', [D(12345.678)], '1.234568e+04'],
    ['%g', [D(0.0001)], '0.000100000'],
    ['%b %b %b', [{ kind: 'null' }, { kind: 'boolean', value: false }, S('x')], 'false false true'],
    ['%2$s %1$s %<s', [S('a'), S('b')], 'b a a'],
    ['%s', [{ kind: 'object', text: '[1, 2]' }], '[1, 2]'],
    ['%h', [S('hello')], '5e918d2'],
    ['100%% done%n', [], '100% done\n'],
    ['%s', [D(1e7)], '1.0E7'],
  ] as Array<[string, JavaArg[], string]>)('%s is %s', (fmt, args, expected) => {
    expect(javaFormat(fmt, args)).toBe(expected);
  });

  it.each([
    ['%d', [S('x')], 'java.util.IllegalFormatConversionException', 'd != java.lang.String'],
    ['%x', [D(1)], 'java.util.IllegalFormatConversionException', 'x != java.lang.Double'],
    ['%f', [L(1)], 'java.util.IllegalFormatConversionException', 'f != java.lang.Long'],
    ['%s %s', [S('x')], 'java.util.MissingFormatArgumentException', "Format specifier '%s'"],
    ['%q', [], 'java.util.UnknownFormatConversionException', "Conversion = 'q'"],
    ['%-d', [L(1)], 'java.util.MissingFormatWidthException', '%-d'],
    ['%#s', [S('x')], 'java.util.FormatFlagsConversionMismatchException', 'Conversion = s, Flags = #'],
    ['%d', [{ kind: 'object', text: 'x', className: 'org.quattor.pan.dml.data.HashResource' }], 'java.util.IllegalFormatConversionException', 'd != org.quattor.pan.dml.data.HashResource'],
  ] as Array<[string, JavaArg[], string, string]>)('%s throws %s', (fmt, args, javaClass, message) => {
    let error: unknown;
    try {
      javaFormat(fmt, args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JavaFormatError);
    expect(error).toMatchObject({ javaClass, message });
  });

  it('checks the whole format before printing anything, as Formatter.parse does', () => {
    // The bad conversion wins over the type mismatch of the first specifier.
    expect(() => javaFormat('%d %q', [S('x')])).toThrow("Conversion = 'q'");
  });

  it('refuses %h of an object without a hash code, and date/time conversions, with a clear error', () => {
    expect(() => javaFormat('%h', [{ kind: 'object', text: 'x' }])).toThrow(/not supported/);
    expect(() => javaFormat('%tY', [L(0)])).toThrow(/not supported/);
    expect(javaFormat('%tY', [{ kind: 'null' }])).toBe('null');
  });
});

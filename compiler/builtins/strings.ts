/**
 * String built-ins. Regular expressions, String.format and digests follow
 * Java (compiler/java/), since panc's behaviour is Java's.
 */
import { javaBase64Decode, javaBase64Encode, javaDigest } from '../java/digest.js';
import { JavaError } from '../java/errors.js';
import { javaFormat, type JavaArg } from '../java/format.js';
import { compileJavaRegex, javaFind, javaMatchGroups, javaReplaceAll, javaSplit } from '../java/regex.js';
import { escapeKey, unescapeKey } from '../model/path.js';
import { toBigInt } from '../model/numbers.js';
import { PanDouble, PanList, UNDEF, type PanValue } from '../model/values.js';
import { argInt, argString, describe, fail } from './args.js';
import { panToString } from './convert.js';
import type { BuiltinSpec } from './registry.js';

function regex(fn: string, pattern: string): RegExp {
  try {
    return compileJavaRegex(pattern);
  } catch (e) {
    return fail(`invalid regular expression in ${fn}(): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** substr(s, start[, length]): Perl-like, negative start and length count from the end. */
function substr(args: PanValue[]): string {
  const s = argString('substr', args, 0);
  let start = argInt('substr', args, 1);
  const n = s.length;
  if (start < 0) start += n;
  if (start < 0 || start > n) fail(`substr(): start index ${String(args[1])} is out of range for a string of length ${n}`);
  let end = n;
  if (args.length > 2) {
    const len = argInt('substr', args, 2);
    end = len >= 0 ? start + len : n + len;
    if (end > n || end < start) fail(`substr(): length ${len} is out of range`);
  }
  return s.slice(start, end);
}

function toJavaArg(v: PanValue): JavaArg {
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'number' || typeof v === 'bigint') return { kind: 'long', value: toBigInt(v) };
  if (v instanceof PanDouble) return { kind: 'double', value: v.value };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (v === null) return { kind: 'null' };
  return { kind: 'object', text: panToString(v) };
}

export function panFormat(args: readonly PanValue[]): string {
  const fmt = argString('format', args, 0);
  try {
    return javaFormat(fmt, args.slice(1).map(toJavaArg));
  } catch (e) {
    if (e instanceof JavaError) fail(`invalid format specification or mismatched types in format(): ${e.message}`);
    throw e;
  }
}

function join(args: PanValue[]): string {
  const sep = argString('join', args, 0);
  let parts: PanValue[];
  if (args.length === 2 && args[1] instanceof PanList) parts = args[1].items;
  else parts = args.slice(1);
  return parts.map((p) => {
    if (typeof p !== 'string') fail(`join() can only join strings, not ${describe(p)}`);
    return p;
  }).join(sep);
}

function splitArgs(args: PanValue[]): [string, number, string] {
  const re = argString('split', args, 0);
  if (args.length === 3) return [re, argInt('split', args, 1), argString('split', args, 2)];
  return [re, 0, argString('split', args, 1)];
}

function matches(args: PanValue[]): PanList {
  const s = argString('matches', args, 0);
  const groups = javaMatchGroups(regex('matches', argString('matches', args, 1)), s);
  if (groups === null) return new PanList([]);
  // Unmatched trailing groups are left out and unmatched inner ones are undef, as in panc.
  let n = groups.length;
  while (n > 0 && groups[n - 1] === undefined) n--;
  return new PanList(groups.slice(0, n).map((g: string | undefined) => g ?? UNDEF));
}

/** splice(string, start, length[, replacement]) on strings; the list form is in lists.ts. */
export function spliceString(args: PanValue[]): string {
  const s = argString('splice', args, 0);
  let start = argInt('splice', args, 1);
  const len = argInt('splice', args, 2);
  const repl = args.length > 3 ? argString('splice', args, 3) : '';
  if (start < 0) start += s.length;
  if (start < 0 || start > s.length) fail(`splice(): start index ${String(args[1])} is out of range`);
  if (len < 0) fail('splice(): length must not be negative');
  return s.slice(0, start) + repl + s.slice(Math.min(s.length, start + len));
}

function base64Decode(s: string): string {
  try {
    return javaBase64Decode(s);
  } catch (e) {
    return fail(`base64_decode(): invalid base64 data: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function digest(args: PanValue[]): string {
  try {
    return javaDigest(argString('digest', args, 0), argString('digest', args, 1));
  } catch (e) {
    return fail(`digest(): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Compile-time checks of a constant regular expression argument (panc: syntax errors). */
function regexCheck(fn: string, at: number, subject?: number) {
  return (consts: readonly (PanValue | undefined)[]): void => {
    if (subject !== undefined) {
      const s = consts[subject];
      if (s === null || s === UNDEF) fail(`${fn}(): the string argument cannot be ${s === null ? 'null' : 'undef'}`);
    }
    const p = consts[at];
    if (typeof p === 'string') regex(fn, p);
  };
}

export const stringBuiltins: BuiltinSpec[] = [
  { name: 'substr', minArgs: 2, maxArgs: 3, pure: true, call: substr },
  { name: 'to_lowercase', minArgs: 1, maxArgs: 1, pure: true, call: (a) => argString('to_lowercase', a, 0).toLowerCase() },
  { name: 'to_uppercase', minArgs: 1, maxArgs: 1, pure: true, call: (a) => argString('to_uppercase', a, 0).toUpperCase() },
  {
    name: 'match', minArgs: 2, maxArgs: 2, pure: true, check: regexCheck('match', 1, 0),
    call: (a) => javaFind(regex('match', argString('match', a, 1)), argString('match', a, 0)),
  },
  { name: 'matches', minArgs: 2, maxArgs: 2, pure: true, check: regexCheck('matches', 1, 0), call: matches },
  {
    name: 'replace', minArgs: 3, maxArgs: 3, pure: true, check: regexCheck('replace', 0),
    call: (a) => {
      const re = regex('replace', argString('replace', a, 0));
      try {
        return javaReplaceAll(re, argString('replace', a, 2), argString('replace', a, 1));
      } catch (e) {
        return fail(`replace(): ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  },
  {
    name: 'split', minArgs: 2, maxArgs: 3, pure: true, check: regexCheck('split', 0),
    call: (a) => {
      const [re, limit, s] = splitArgs(a);
      return new PanList(javaSplit(regex('split', re), s, limit));
    },
  },
  {
    name: 'join', minArgs: 1, maxArgs: Infinity, pure: true, call: join,
    check: (consts) => {
      if (consts.some((c) => c === null)) fail('join() arguments cannot be null');
    },
  },
  { name: 'format', minArgs: 1, maxArgs: Infinity, pure: true, call: panFormat },
  { name: 'escape', minArgs: 1, maxArgs: 1, pure: true, call: (a) => escapeKey(argString('escape', a, 0)) },
  { name: 'unescape', minArgs: 1, maxArgs: 1, pure: true, call: (a) => unescapeKey(argString('unescape', a, 0)) },
  { name: 'base64_encode', minArgs: 1, maxArgs: 1, pure: true, call: (a) => javaBase64Encode(argString('base64_encode', a, 0)) },
  { name: 'base64_decode', minArgs: 1, maxArgs: 1, pure: true, call: (a) => base64Decode(argString('base64_decode', a, 0)) },
  { name: 'digest', minArgs: 2, maxArgs: 2, pure: true, call: digest },
];


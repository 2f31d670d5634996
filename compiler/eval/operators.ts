/**
 * Pan's unary and binary operators, with panc's type rules: arithmetic on
 * longs (wrapping) and doubles (a long mixed with a double gives a double),
 * `+` also concatenates two strings, comparisons between numbers, between
 * strings and (equality only) between booleans. Anything else is an
 * evaluation error.
 */
import type { BinaryOp, UnaryOp } from '../ast.js';
import { PanError } from '../errors.js';
import {
  longAdd, longAnd, longCompare, longDiv, longMod, longMul, longNeg, longNot, longOr, longSub, longXor,
} from '../model/numbers.js';
import { PanDouble, isLong, kindOf, type PanLong, type PanValue } from '../model/values.js';

const OP_NAMES: Record<BinaryOp, string> = {
  '+': 'add (+)', '-': 'subtract (-)', '*': 'multiply (*)', '/': 'divide (/)', '%': 'modulus (%)',
  '&': 'bitwise and (&)', '|': 'bitwise or (|)', '^': 'bitwise xor (^)',
  '&&': 'logical and (&&)', '||': 'logical or (||)',
  '==': 'equal (==)', '!=': 'not equal (!=)', '<': 'less than (<)', '<=': 'less than or equal (<=)',
  '>': 'greater than (>)', '>=': 'greater than or equal (>=)',
};

function fail(message: string): never {
  throw new PanError('evaluation', message);
}

function num(v: PanValue): number {
  return v instanceof PanDouble ? v.value : Number(v as PanLong);
}

function arith(op: '+' | '-' | '*' | '/' | '%', a: PanValue, b: PanValue): PanValue {
  if (isLong(a) && isLong(b)) {
    switch (op) {
      case '+': return longAdd(a, b);
      case '-': return longSub(a, b);
      case '*': return longMul(a, b);
      case '/':
        if (b === 0 || b === 0n) fail('division by zero');
        return longDiv(a, b);
      case '%':
        if (b === 0 || b === 0n) fail('division by zero');
        return longMod(a, b);
    }
  }
  const x = num(a);
  const y = num(b);
  switch (op) {
    case '+': return new PanDouble(x + y);
    case '-': return new PanDouble(x - y);
    case '*': return new PanDouble(x * y);
    case '/':
      if (y === 0) fail('division by zero');
      return new PanDouble(x / y);
    case '%':
      if (y === 0) fail('division by zero');
      return new PanDouble(x % y);
  }
}

function isNumber(v: PanValue): boolean {
  return isLong(v) || v instanceof PanDouble;
}

/** -1, 0, 1 for numbers (mixed long/double) and strings; null when not comparable. */
function compare(a: PanValue, b: PanValue): number | null {
  if (isLong(a) && isLong(b)) return longCompare(a, b);
  if (isNumber(a) && isNumber(b)) {
    const x = num(a);
    const y = num(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

export function binaryOp(op: BinaryOp, a: PanValue, b: PanValue): PanValue {
  switch (op) {
    case '+':
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (isNumber(a) && isNumber(b)) return arith(op, a, b);
      return fail(`arguments for ${OP_NAMES[op]} operation must be longs, doubles, or strings`);
    case '-':
    case '*':
    case '/':
    case '%':
      if (isNumber(a) && isNumber(b)) return arith(op, a, b);
      return fail(`arguments for ${OP_NAMES[op]} operation must be longs or doubles`);
    case '&':
    case '|':
    case '^':
      if (isLong(a) && isLong(b)) {
        return op === '&' ? longAnd(a, b) : op === '|' ? longOr(a, b) : longXor(a, b);
      }
      return fail(`arguments for ${OP_NAMES[op]} operation must be longs`);
    case '==':
    case '!=': {
      let eq: boolean;
      if (typeof a === 'boolean' && typeof b === 'boolean') eq = a === b;
      else {
        const c = compare(a, b);
        if (c === null) return fail(`arguments for ${OP_NAMES[op]} operation must be numbers, strings or booleans of compatible types; got ${kindOf(a)} and ${kindOf(b)}`);
        eq = c === 0;
      }
      return op === '==' ? eq : !eq;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = compare(a, b);
      if (c === null) return fail(`arguments for ${OP_NAMES[op]} operation must be numbers or strings of compatible types; got ${kindOf(a)} and ${kindOf(b)}`);
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
    case '&&':
    case '||':
      // Short-circuit forms are compiled inline; this handles constant folding.
      if (typeof a !== 'boolean' || typeof b !== 'boolean') return fail(`arguments for ${OP_NAMES[op]} operation must be booleans`);
      return op === '&&' ? a && b : a || b;
  }
}

export function requireBoolean(op: '&&' | '||' | '!', v: PanValue): boolean {
  if (typeof v !== 'boolean') {
    const name = op === '!' ? 'logical not (!)' : OP_NAMES[op];
    return fail(`argument for ${name} operation must be a boolean; got ${kindOf(v)}`);
  }
  return v;
}

export function unaryOp(op: UnaryOp, v: PanValue): PanValue {
  switch (op) {
    case '-':
      if (isLong(v)) return longNeg(v);
      if (v instanceof PanDouble) return new PanDouble(-v.value);
      return fail(`argument for unary minus (-) operation must be a long or double; got ${kindOf(v)}`);
    case '+':
      // panc lets unary plus through for strings too (`'a' + +s` appears in real templates).
      if (isNumber(v) || typeof v === 'string') return v;
      return fail(`argument for unary plus (+) operation must be a long, double or string; got ${kindOf(v)}`);
    case '!':
      return !requireBoolean('!', v);
    case '~':
      if (isLong(v)) return longNot(v);
      return fail(`argument for bitwise not (~) operation must be a long; got ${kindOf(v)}`);
  }
}


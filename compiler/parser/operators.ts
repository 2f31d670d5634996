/**
 * Binary operators: all are parsed as one flat `operand (op operand)*` list
 * (one grammar rule instead of nine nested ones, which keeps parsing fast)
 * and folded here by precedence, every level left-associative:
 * `||` < `&&` < `|` < `^` < `&` < `== !=` < `< <= > >=` < `+ -` < `* / %`.
 */
import type { BinaryOp, Expr } from '../ast.js';
import { spanRanges } from './locations.js';

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '+': 8,
  '-': 8,
  '*': 9,
  '/': 9,
  '%': 9,
};

export function isBinaryOp(image: string): image is BinaryOp {
  return Object.prototype.hasOwnProperty.call(PRECEDENCE, image);
}

function combine(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, loc: spanRanges(left.loc, right.loc) };
}

/** Folds `operands[0] ops[0] operands[1] ops[1] ...` (operands.length === ops.length + 1). */
export function foldBinary(operands: readonly Expr[], ops: readonly BinaryOp[]): Expr {
  const values: Expr[] = [operands[0]!];
  const pending: BinaryOp[] = [];
  const reduce = (): void => {
    const right = values.pop()!;
    const left = values.pop()!;
    values.push(combine(pending.pop()!, left, right));
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1]!] >= PRECEDENCE[op]) reduce();
    pending.push(op);
    values.push(operands[i + 1]!);
  }
  while (pending.length > 0) reduce();
  return values[0]!;
}

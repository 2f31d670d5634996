/**
 * The expressions directly inside a DML expression, in reading order: what
 * a pass over an expression tree recurses into (locals, costly statements).
 */
import type { Expr } from '../ast.js';

const NONE: readonly Expr[] = [];

export function subExpressions(x: Expr): readonly Expr[] {
  switch (x.kind) {
    case 'assign': return [...x.indices, x.value];
    case 'foreach': return [x.collection, x.body];
    case 'call': return x.args;
    case 'var': return x.indices;
    case 'unary': return [x.operand];
    case 'binary': return [x.left, x.right];
    case 'if': return x.else ? [x.cond, x.then, x.else] : [x.cond, x.then];
    case 'while': return [x.cond, x.body];
    case 'for': return [x.init, x.cond, x.step, x.body];
    case 'block': return x.body;
    default: return NONE;
  }
}

import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'node:v8';
import type { Expr, RecordField, RecordTypeSpec, SourceRange, Statement, TemplateAst, TypeSpec, TypeStatement } from '../ast.js';
import { formatRange } from '../errors.js';
import { parseExpression, parseTemplate } from './index.js';
import { PanParser } from './parser.js';
import { buildLexer } from './tokens.js';

/** The node without its locations, for comparing shapes. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'loc' && key !== 'nameLoc' && key !== 'headerLoc') out[key] = shape(value);
  }
  return out;
}

function expr(source: string): unknown {
  return shape(parseExpression(source, 'test.pan'));
}

function statements(body: string): Statement[] {
  return [...parseTemplate(`object template t;\n${body}`, 't.pan').statements];
}

function statement(body: string): unknown {
  const all = statements(body);
  expect(all).toHaveLength(1);
  return shape(all[0]);
}

function typeOf(spec: string): unknown {
  const [first] = statements(`type t = ${spec};`);
  return shape((first as { type: TypeSpec }).type);
}

const long = (value: number) => ({ kind: 'long', value: BigInt(value) });
const str = (value: string) => ({ kind: 'string', value });
const v = (name: string, ...indices: unknown[]) => ({ kind: 'var', name, indices });
const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'binary', op, left, right });
const ref = (name: string, extra: object = {}) => ({ kind: 'ref', name, ...extra });

describe('grammar', () => {
  it('passes chevrotain\'s grammar checks (the compiler skips them at start-up)', () => {
    expect(() => new PanParser(true)).not.toThrow();
  });

  it('has token definitions that pass chevrotain\'s lexer checks (also skipped at start-up)', () => {
    const lexer = buildLexer(true);
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(lexer.tokenize('"/x" = 1;').tokens.map((t) => t.image)).toEqual(['"/x"', '=', '1', ';']);
  });
});

describe('template header', () => {
  it.each([
    ['object template a/b;', 'object', 'a/b'],
    ['structure template s;', 'structure', 's'],
    ['declaration template d;', 'declaration', 'd'],
    ['unique template u;', 'unique', 'u'],
    ['template se-dpm-disk.example.org;', 'ordinary', 'se-dpm-disk.example.org'],
    ['declaration template /obj/test/x;', 'declaration', '/obj/test/x'],
  ])('%s', (source, kind, name) => {
    const ast = parseTemplate(source, 'x.pan');
    expect([ast.kind, ast.name, ast.statements]).toEqual([kind, name, []]);
  });

  it('locates the name and the whole header', () => {
    const ast = parseTemplate('# c\n@{doc}\nunique  template  a/b ;', 'x.pan');
    expect(formatRange(ast.nameLoc)).toBe('3.19-3.21');
    expect(formatRange(ast.headerLoc)).toBe('3.1-3.23');
    expect(ast.annotations).toEqual([{ name: '', text: 'doc', loc: { startLine: 2, startCol: 1, endLine: 2, endCol: 6 } }]);
  });
});

describe('statements', () => {
  it('include takes any expression', () => {
    expect(statement("include 'a/b';")).toEqual({ kind: 'include', expr: str('a/b') });
    expect(statement("include { 'a' + X };")).toEqual({
      kind: 'include',
      expr: { kind: 'block', body: [bin('+', str('a'), v('X'))] },
    });
    expect(statement("include if_exists('x');")).toEqual({
      kind: 'include',
      expr: { kind: 'call', name: 'if_exists', args: [str('x')] },
    });
    expect(statement('include PKG;')).toEqual({ kind: 'include', expr: v('PKG') });
  });

  it('variable, final and conditional', () => {
    expect(statement('variable X = 1;')).toEqual({ kind: 'variable', name: 'X', final: false, conditional: false, expr: long(1) });
    expect(statement('final variable X ?= 1;')).toEqual({ kind: 'variable', name: 'X', final: true, conditional: true, expr: long(1) });
  });

  it('path assignments with quoted, double-quoted, heredoc and unquoted paths', () => {
    expect(statement("'/a/b' = 1;")).toEqual({ kind: 'assign', path: { text: '/a/b' }, final: false, conditional: false, expr: long(1) });
    expect(statement('final "/a/{x y}" ?= null;')).toEqual({
      kind: 'assign',
      path: { text: '/a/{x y}' },
      final: true,
      conditional: true,
      expr: { kind: 'null' },
    });
    expect(statement('/a/b-c/0 = undef;')).toEqual({
      kind: 'assign',
      path: { text: '/a/b-c/0' },
      final: false,
      conditional: false,
      expr: { kind: 'undef' },
    });
    expect(statement("'rel/path' = true;")).toMatchObject({ path: { text: 'rel/path' } });
  });

  it('bind, valid, type, function, prefix', () => {
    expect(statement("bind '/x' = long;")).toEqual({ kind: 'bind', path: { text: '/x' }, type: { base: ref('long') } });
    expect(statement("valid '/x' = SELF > 0;")).toEqual({
      kind: 'valid',
      path: { text: '/x' },
      expr: bin('>', v('SELF'), long(0)),
    });
    expect(statement('type t = string;')).toEqual({ kind: 'type', name: 't', type: { base: ref('string') } });
    expect(statement('function f = ARGV[0];')).toEqual({ kind: 'function', name: 'f', body: v('ARGV', long(0)) });
    expect(statement("prefix '/software/packages';")).toEqual({ kind: 'prefix', path: { text: '/software/packages' } });
    expect(statement("prefix '';")).toEqual({ kind: 'prefix', path: { text: '' } });
  });

  it('skips empty statements', () => {
    expect(statements(";; variable X = 1;; ;").map((s) => s.kind)).toEqual(['variable']);
  });

  it('keeps annotations on the statement they precede', () => {
    const [first, second] = statements("@{one} @two{2}\nvariable X = 1;\n'/a' = 2;\n@{dangling}");
    expect(first!.annotations?.map((a) => a.text)).toEqual(['one', '2']);
    expect(first!.annotations?.map((a) => a.name)).toEqual(['', 'two']);
    expect(second!.annotations).toBeUndefined();
  });

  it('locates statements from their first token to the semicolon', () => {
    const [first, second] = statements("final '/a' = 1 ;\n  variable X\n = 2;");
    expect(formatRange(first!.loc)).toBe('2.1-2.16');
    expect(formatRange(second!.loc)).toBe('3.3-4.5');
    expect(formatRange((second as { nameLoc: SourceRange }).nameLoc)).toBe('3.12-3.12');
  });
});

describe('type specs', () => {
  it('type references with ranges', () => {
    expect(typeOf('long(0..10)')).toEqual({ base: ref('long', { range: { min: 0n, max: 10n } }) });
    expect(typeOf('string(3)')).toEqual({ base: ref('string', { range: { min: 3n, max: 3n } }) });
    expect(typeOf('long(-0x5..)')).toEqual({ base: ref('long', { range: { min: -5n } }) });
    expect(typeOf('long(..010)')).toEqual({ base: ref('long', { range: { max: 8n } }) });
    expect(typeOf('long(+1..-1)')).toEqual({ base: ref('long', { range: { min: 1n, max: -1n } }) });
    expect(typeOf('dict()')).toEqual({ base: ref('dict') });
  });

  it('suffixes: lists, dicts, links, in order', () => {
    expect(typeOf('long[]')).toEqual({ base: { kind: 'list', element: ref('long') } });
    expect(typeOf('long[1..3]{}')).toEqual({
      base: { kind: 'dict', element: { kind: 'list', element: ref('long'), range: { min: 1n, max: 3n } } },
    });
    expect(typeOf('string{2}*')).toEqual({
      base: { kind: 'link', element: { kind: 'dict', element: ref('string'), range: { min: 2n, max: 2n } } },
    });
  });

  it('default and validation', () => {
    expect(typeOf("string = 'x' with match(SELF, 'x')")).toEqual({
      base: ref('string'),
      default: str('x'),
      validation: { kind: 'call', name: 'match', args: [v('SELF'), str('x')] },
    });
    expect(typeOf('long with SELF > 0')).toEqual({ base: ref('long'), validation: bin('>', v('SELF'), long(0)) });
  });

  it('choices, with a trailing comma and a range', () => {
    expect(typeOf("choice('a', 'b',)")).toEqual({ base: { kind: 'choice', choices: [str('a'), str('b')] } });
    expect(typeOf("choice('aa', 'bbb')(3)[]")).toEqual({
      base: { kind: 'list', element: { kind: 'choice', choices: [str('aa'), str('bbb')], range: { min: 3n, max: 3n } } },
    });
  });

  it('records: fields quoted or bare, required or optional, includes, annotations', () => {
    const spec = typeOf(`extensible {
      @{the a field}
      include base
      'a' : long = 1
      "b-c" ? string[] with length(SELF) > 0
      d : t(1..2) = 5 'e' ? boolean
      @{last field} f : long
    }(1..3)`);
    expect(spec).toEqual({
      base: {
        kind: 'record',
        extensible: true,
        range: { min: 1n, max: 3n },
        members: [
          { kind: 'include', name: 'base' },
          { kind: 'field', name: 'a', required: true, type: { base: ref('long'), default: long(1) } },
          {
            kind: 'field',
            name: 'b-c',
            required: false,
            type: {
              base: { kind: 'list', element: ref('string') },
              validation: bin('>', { kind: 'call', name: 'length', args: [v('SELF')] }, long(0)),
            },
          },
          { kind: 'field', name: 'd', required: true, type: { base: ref('t', { range: { min: 1n, max: 2n } }), default: long(5) } },
          { kind: 'field', name: 'e', required: false, type: { base: ref('boolean') } },
          { kind: 'field', name: 'f', required: true, type: { base: ref('long') }, annotations: [{ name: '', text: 'last field' }] },
        ],
      },
    });
    expect(typeOf('{}[]')).toEqual({ base: { kind: 'list', element: { kind: 'record', extensible: false, members: [] } } });
  });

  it('locates a default value expression (panc bug-gh-37: 12.18-12.28)', () => {
    const source = 'object template bug-gh-37;\n' + '\n'.repeat(9) + 'type t = {\n    "a" : long = value("/a")\n};\n';
    const [typeStatement] = parseTemplate(source, 'bug-gh-37.pan').statements;
    const record = (typeStatement as TypeStatement).type.base as RecordTypeSpec;
    const field = record.members[0] as RecordField;
    expect(formatRange(field.type.default!.loc)).toBe('12.18-12.28');
    expect(formatRange((field.type.default as { nameLoc: SourceRange }).nameLoc)).toBe('12.18-12.22');
    expect(formatRange(field.type.loc)).toBe('12.11-12.28');
  });
});

describe('DML expressions', () => {
  it('literals', () => {
    expect(expr('0x1F')).toEqual(long(31));
    expect(expr('0123')).toEqual(long(83));
    expect(expr('9223372036854775807')).toEqual({ kind: 'long', value: 9223372036854775807n });
    expect(expr('4.56e+1')).toEqual({ kind: 'double', value: 45.6 });
    expect(expr('1.')).toEqual({ kind: 'double', value: 1 });
    expect(expr('true')).toEqual({ kind: 'boolean', value: true });
    expect(expr('false')).toEqual({ kind: 'boolean', value: false });
    expect(expr("'it''s'")).toEqual(str("it's"));
  });

  it('C-like precedence, left-associative', () => {
    expect(expr('1 + 2 * 3')).toEqual(bin('+', long(1), bin('*', long(2), long(3))));
    expect(expr('1 - 2 - 3')).toEqual(bin('-', bin('-', long(1), long(2)), long(3)));
    expect(expr('a || b && c')).toEqual(bin('||', v('a'), bin('&&', v('b'), v('c'))));
    expect(expr('a && b | c')).toEqual(bin('&&', v('a'), bin('|', v('b'), v('c'))));
    expect(expr('a | b ^ c')).toEqual(bin('|', v('a'), bin('^', v('b'), v('c'))));
    expect(expr('a ^ b & c')).toEqual(bin('^', v('a'), bin('&', v('b'), v('c'))));
    expect(expr('a & b == c')).toEqual(bin('&', v('a'), bin('==', v('b'), v('c'))));
    expect(expr('a != b < c')).toEqual(bin('!=', v('a'), bin('<', v('b'), v('c'))));
    expect(expr('a >= b + c')).toEqual(bin('>=', v('a'), bin('+', v('b'), v('c'))));
    expect(expr('a - b % c')).toEqual(bin('-', v('a'), bin('%', v('b'), v('c'))));
    expect(expr('a * b / c % d')).toEqual(bin('%', bin('/', bin('*', v('a'), v('b')), v('c')), v('d')));
    expect(expr('(1 + 2) * 3')).toEqual(bin('*', bin('+', long(1), long(2)), long(3)));
    expect(expr('a <= b > c')).toEqual(bin('>', bin('<=', v('a'), v('b')), v('c')));
  });

  it('unary operators bind tightest and nest', () => {
    expect(expr('-1 * 2')).toEqual(bin('*', { kind: 'unary', op: '-', operand: long(1) }, long(2)));
    expect(expr('!~+-x')).toEqual({
      kind: 'unary',
      op: '!',
      operand: { kind: 'unary', op: '~', operand: { kind: 'unary', op: '+', operand: { kind: 'unary', op: '-', operand: v('x') } } },
    });
  });

  it('variables with subscripts and calls (user, builtin, return, SELF)', () => {
    expect(expr("x[1]['a']")).toEqual(v('x', long(1), str('a')));
    expect(expr('f()')).toEqual({ kind: 'call', name: 'f', args: [] });
    expect(expr("dict('a', 1,)")).toEqual({ kind: 'call', name: 'dict', args: [str('a'), long(1)] });
    expect(expr('return(x)')).toEqual({ kind: 'call', name: 'return', args: [v('x')] });
    expect(expr('SELF(10)')).toEqual({ kind: 'call', name: 'SELF', args: [long(10)] });
  });

  it('assignments are right-associative expressions', () => {
    expect(expr('a = b = 1')).toEqual({ kind: 'assign', name: 'a', indices: [], value: { kind: 'assign', name: 'b', indices: [], value: long(1) } });
    expect(expr("x[i]['k'] = y + 1")).toEqual({ kind: 'assign', name: 'x', indices: [v('i'), str('k')], value: bin('+', v('y'), long(1)) });
  });

  it('blocks: separators, empty statements, trailing semicolon', () => {
    expect(expr('{ a = 1; ; b; }')).toEqual({
      kind: 'block',
      body: [{ kind: 'assign', name: 'a', indices: [], value: long(1) }, v('b')],
    });
    expect(expr('{}')).toEqual({ kind: 'block', body: [] });
    expect(expr('{ 1 }')).toEqual({ kind: 'block', body: [long(1)] });
  });

  it('if / else if / else, while, for, foreach', () => {
    expect(expr('if (a) 1 else if (b) 2 else 3')).toEqual({
      kind: 'if',
      cond: v('a'),
      then: long(1),
      else: { kind: 'if', cond: v('b'), then: long(2), else: long(3) },
    });
    expect(expr('if (a) if (b) 1 else 2')).toEqual({
      kind: 'if',
      cond: v('a'),
      then: { kind: 'if', cond: v('b'), then: long(1), else: long(2) },
    });
    expect(expr('while (i < 3) i = i + 1')).toEqual({
      kind: 'while',
      cond: bin('<', v('i'), long(3)),
      body: { kind: 'assign', name: 'i', indices: [], value: bin('+', v('i'), long(1)) },
    });
    expect(expr('for (i = 0; i < 3; i = i + 1) { x }')).toMatchObject({ kind: 'for', init: { kind: 'assign' }, cond: { op: '<' }, body: { kind: 'block' } });
    expect(expr('foreach (k; v; SELF) { k; }')).toEqual({ kind: 'foreach', key: 'k', value: 'v', collection: v('SELF'), body: { kind: 'block', body: [v('k')] } });
  });

  it('locates every node from its first to its last character', () => {
    const node = parseExpression('x[1] = -f(a, "b") + { 2 }', 'e.pan') as Extract<Expr, { kind: 'assign' }>;
    expect(formatRange(node.loc)).toBe('1.1-1.25');
    const sum = node.value as Extract<Expr, { kind: 'binary' }>;
    expect(formatRange(sum.loc)).toBe('1.8-1.25');
    expect(formatRange(sum.left.loc)).toBe('1.8-1.17');
    expect(formatRange(sum.right.loc)).toBe('1.21-1.25');
    const ifNode = parseExpression('if (c)\n  1\nelse\n  { 2; }', 'e.pan');
    expect(formatRange(ifNode.loc)).toBe('1.1-4.8');
  });
});

describe('AST as plain data', () => {
  it('round-trips through v8.serialize', () => {
    const source = `@(a=b) unique template x/y;
@{doc}
type t = extensible { 'a' : long(0..) = -5 with SELF > 0 } [] ;
variable V ?= <<EOF;
text
EOF
'/x' = { foreach (k; v; list(1.5, 'a', null, undef, true)) { x[k] = v; }; if (1) 2 else 3; };
bind '/x' = choice('a')*;
`;
    const ast: TemplateAst = parseTemplate(source, 'x.pan');
    expect(deserialize(serialize(ast))).toStrictEqual(ast);
  });
});

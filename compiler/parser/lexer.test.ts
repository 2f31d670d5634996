import { describe, expect, it } from 'vitest';
import type { IToken } from 'chevrotain';
import { tokenize } from './lexer.js';

/** `[type, image]` of every token. */
function kinds(source: string): [string, string][] {
  const { tokens, problem } = tokenize(source);
  expect(problem).toBeUndefined();
  return tokens.map((t) => [t.tokenType.name, t.image]);
}

function single(source: string): IToken {
  const { tokens, problem } = tokenize(source);
  expect(problem).toBeUndefined();
  expect(tokens).toHaveLength(1);
  return tokens[0]!;
}

function problemOf(source: string): { message: string; start: number; end: number } {
  const { problem } = tokenize(source);
  expect(problem).toBeDefined();
  return { message: problem!.message, start: problem!.start, end: problem!.end };
}

function position(token: IToken): string {
  return `${token.startLine}.${token.startColumn}-${token.endLine}.${token.endColumn}`;
}

describe('numbers', () => {
  it('lexes decimal, hexadecimal and octal longs as one token each', () => {
    expect(kinds('1965 0xff 0XdeadBEEF 0123 0')).toEqual([
      ['LongLiteral', '1965'],
      ['LongLiteral', '0xff'],
      ['LongLiteral', '0XdeadBEEF'],
      ['LongLiteral', '0123'],
      ['LongLiteral', '0'],
    ]);
  });

  it('lexes the double forms, including a trailing dot', () => {
    expect(kinds('1.5 1e3 4.56e+1 7.25E-2 1.').map(([kind]) => kind)).toEqual(Array(5).fill('DoubleLiteral'));
  });

  it('keeps `1..5` a range, not a double', () => {
    expect(kinds('1..5')).toEqual([
      ['LongLiteral', '1'],
      ['DotDot', '..'],
      ['LongLiteral', '5'],
    ]);
    expect(kinds('-0x5..')).toEqual([
      ['Minus', '-'],
      ['LongLiteral', '0x5'],
      ['DotDot', '..'],
    ]);
  });

  it('rejects a double without its leading digit', () => {
    expect(problemOf('x = .1;')).toEqual({ message: "unexpected character '.'", start: 4, end: 4 });
  });
});

describe('single-quoted strings', () => {
  it('have no escapes; a doubled quote is one quote', () => {
    expect(single("'f^o$o\"b\\a`r'").payload).toBe('f^o$o"b\\a`r');
    expect(single("'foo''bar'").payload).toBe("foo'bar");
    expect(single("'foo'''''").payload).toBe("foo''");
    expect(single("''").payload).toBe('');
  });

  it('may span lines', () => {
    const token = single("'a\nb'");
    expect(token.payload).toBe('a\nb');
    expect(position(token)).toBe('1.1-2.2');
  });

  it('must be terminated', () => {
    expect(problemOf("x = 'foo'';\n").message).toBe('unterminated string');
    expect(problemOf("x = 'foo'';\n").start).toBe(4);
  });
});

describe('double-quoted strings', () => {
  it('decode the Java-like escapes', () => {
    expect(single('"a\\nb\\tc\\rd\\be\\ff\\\\g\\"h\\\'i"').payload).toBe('a\nb\tc\rd\be\ff\\g"h\'i');
    expect(single('"\\x41\\x7a\\x0A"').payload).toBe('Az\n');
  });

  it('treat backslash-newline as a line continuation', () => {
    const token = single('"one \\\ntwo \\\r\nthree"');
    expect(token.payload).toBe('one two three');
    expect(position(token)).toBe('1.1-3.6');
  });

  it('reject any other escape, naming it', () => {
    expect(problemOf('"\\xx"')).toEqual({ message: "invalid escape sequence '\\x'", start: 1, end: 2 });
    expect(problemOf('"ab\\q"')).toEqual({ message: "invalid escape sequence '\\q'", start: 3, end: 4 });
    expect(problemOf('"\\u0041"').message).toBe("invalid escape sequence '\\u'");
    expect(problemOf('"\\0"').message).toBe("invalid escape sequence '\\0'");
  });

  it('reject a backslash followed by a space, even before a line break', () => {
    expect(problemOf('"line 1 \\ \nline 2";').message).toBe("invalid escape sequence '\\ '");
  });

  it('reject an unescaped line break or the end of the file', () => {
    expect(problemOf('"line 1\nline 2";')).toEqual({ message: 'unterminated string', start: 0, end: 6 });
    expect(problemOf('x = "').message).toBe('unterminated string');
  });
});

describe('here-documents', () => {
  it('take the following lines up to the tag line, final line break included', () => {
    const { tokens } = tokenize("'/x' = <<EOT;\nline 1\n  line 2\nEOT\n'/y' = 1;");
    expect(tokens.map((t) => t.image)).toEqual(["'/x'", '=', '<<EOT', ';', "'/y'", '=', '1', ';']);
    expect(tokens[2]!.payload).toBe('line 1\n  line 2\n');
    expect(position(tokens[2]!)).toBe('1.8-1.12');
    expect(position(tokens[4]!)).toBe('5.1-5.4');
  });

  it('lex the rest of the <<TAG line normally, comments included', () => {
    const { tokens } = tokenize('f(<<A, 2); # note\nbody\nA\n;');
    expect(tokens.map((t) => t.image)).toEqual(['f', '(', '<<A', ',', '2', ')', ';', ';']);
    expect(tokens[2]!.payload).toBe('body\n');
  });

  it('take their bodies one after the other when several start on one line', () => {
    const { tokens } = tokenize('f(<<A, <<B);\na1\nA\nb1\nb2\nB\nx');
    expect(tokens.map((t) => t.payload).filter((p) => p !== undefined)).toEqual(['a1\n', 'b1\nb2\n']);
    expect(tokens[tokens.length - 1]!.image).toBe('x');
    expect(tokens[tokens.length - 1]!.startLine).toBe(7);
  });

  it('may be empty', () => {
    expect(tokenize('<<EOF;\nEOF\n').tokens[0]!.payload).toBe('');
  });

  it('do not end at an indented or partial tag line', () => {
    expect(problemOf('"/x" = <<EOT;\nxx\n EOT\nEOTS\n').message).toBe("unterminated here-document: no line 'EOT' after it");
    expect(tokenize('<<EOT;\n EOT\nEOT x\nEOT\n').tokens[0]!.payload).toBe(' EOT\nEOT x\n');
  });

  it('handle CRLF line ends', () => {
    const { tokens } = tokenize('a = <<EOF;\r\nx\r\nEOF\r\nb');
    expect(tokens[2]!.payload).toBe('x\r\n');
    expect(position(tokens[4]!)).toBe('4.1-4.1');
  });

  it('need a tag right after <<', () => {
    expect(kinds('a << b').map(([kind]) => kind)).toEqual(['Identifier', 'Lt', 'Lt', 'Identifier']);
  });
});

describe('annotations', () => {
  it('keep the text of @name{...} and @{...}, nested braces and lines included', () => {
    const token = single('@documentation{\n  desc = a {nested} block\n}');
    expect(token.payload).toEqual({ name: 'documentation', text: '\n  desc = a {nested} block\n' });
    expect(position(token)).toBe('1.1-3.1');
    expect(single('@{ plain }').payload).toEqual({ name: '', text: ' plain ' });
  });

  it('allow space between the name and the brace', () => {
    expect(single('@documentation {x}').payload).toEqual({ name: 'documentation', text: 'x' });
  });

  it('parse @(...) into key=value entries and bare words', () => {
    const token = single("@(a=b, c = 'd e'\n  flag version=1.2-3)");
    expect(token.payload).toEqual({
      name: '',
      text: "a=b, c = 'd e'\n  flag version=1.2-3",
      entries: [
        { key: 'a', value: 'b' },
        { key: 'c', value: 'd e' },
        { key: 'flag', value: '' },
        { key: 'version', value: '1.2-3' },
      ],
    });
    expect(single('@()').payload).toEqual({ name: '', text: '', entries: [] });
  });

  it('reject other characters in @(...)', () => {
    expect(problemOf('@(a&=b)')).toEqual({ message: "invalid annotation entry at '&'", start: 3, end: 3 });
    expect(problemOf('@(\na=b\nc&=d)').start).toBe(8);
  });

  it('must be closed', () => {
    expect(problemOf('@{ never closed').message).toBe('unterminated annotation');
    expect(problemOf('@doc{ {inner} ').message).toBe('unterminated annotation');
    expect(problemOf('@(a=b').message).toBe('unterminated annotation');
  });

  it('need a brace or parenthesis after @ and the name', () => {
    expect(problemOf('@doc x').message).toBe("unexpected character '@'");
  });
});

describe('names and keywords', () => {
  it('tell keywords from names that start with one', () => {
    expect(kinds('foreach for format if_exists include included variables')).toEqual([
      ['Foreach', 'foreach'],
      ['For', 'for'],
      ['Identifier', 'format'],
      ['Identifier', 'if_exists'],
      ['Include', 'include'],
      ['Identifier', 'included'],
      ['Identifier', 'variables'],
    ]);
  });

  it('reserve the literals and choice', () => {
    expect(kinds('true false null undef choice').map(([kind]) => kind)).toEqual(['True', 'False', 'Null', 'Undef', 'Choice']);
  });

  it('lex a template name as one token, whatever its characters', () => {
    expect(kinds('object template se-dpm-disk.example.org;')).toEqual([
      ['Object', 'object'],
      ['Template', 'template'],
      ['TemplateName', 'se-dpm-disk.example.org'],
      ['Semicolon', ';'],
    ]);
    expect(kinds('declaration template /obj/test/x ;')[2]).toEqual(['TemplateName', '/obj/test/x']);
    expect(kinds('template repository/el7x_x86_64+a; x')[3]).toEqual(['Identifier', 'x']);
  });
});

describe('unquoted paths', () => {
  it('are recognised only where a statement path can stand', () => {
    expect(kinds('/a/b-c/0 = 1; bind /x = long; a = b/c;').map(([kind]) => kind)).toEqual([
      'UnquotedPath', 'Assign', 'LongLiteral', 'Semicolon',
      'Bind', 'UnquotedPath', 'Assign', 'Identifier', 'Semicolon',
      'Identifier', 'Assign', 'Identifier', 'Slash', 'Identifier', 'Semicolon',
    ]);
  });
});

describe('layout', () => {
  it('skips comments and counts lines and columns across them', () => {
    const { tokens } = tokenize('# comment\n\t x # more\r\n  y');
    expect(tokens.map((t) => [t.image, position(t)])).toEqual([
      ['x', '2.3-2.3'],
      ['y', '3.3-3.3'],
    ]);
  });

  it('reports the first problem in reading order', () => {
    expect(problemOf('"\\q" \x01 "unterminated').message).toBe("invalid escape sequence '\\q'");
    expect(problemOf('\x01 "\\q"').message).toBe("unexpected character '\\u0001'");
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lexer, T_EOF, TOKEN_NAMES, type LexerOptions } from '../../src/syntax/lexer.js';
import { ParseError } from '../../src/errors/error.js';
import { source, utf8 } from './util.js';

/** The tokens of a text, as `name` or `name:value`, up to end of file. */
function tokens(text: string, options: LexerOptions = {}): string[] {
  const lexer = new Lexer(source(text), options);
  const out: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const k = lexer.next();
    if (k === T_EOF) break;
    const name = utf8(TOKEN_NAMES[k]!);
    const v = lexer.value;
    const valued = ['identifier', 'string', 'indented string', 'integer', 'floating-point literal', 'path', 'URI'];
    const isValued = valued.includes(name) || (name.endsWith(' path') && name !== 'end of path');
    out.push(isValued ? `${name}:${typeof v === 'string' ? utf8(v) : String(v)}` : name);
  }
  return out;
}

/** Offsets [start, end) of each token. */
function spans(text: string): [number, number][] {
  const lexer = new Lexer(source(text));
  const out: [number, number][] = [];
  while (lexer.next() !== T_EOF) out.push([lexer.start, lexer.end]);
  return out;
}

function lexError(text: string, options: LexerOptions = {}): string {
  const lexer = new Lexer(source(text), options);
  try {
    while (lexer.next() !== T_EOF);
  } catch (err) {
    assert.ok(err instanceof ParseError);
    return `${utf8(err.message)} @ ${err.pos!.offset}`;
  }
  throw new Error('expected a lexer error');
}

describe('lexer: identifiers and keywords', () => {
  it('tells keywords from identifiers by longest match', () => {
    assert.deepEqual(tokens('if iff then in inherit or or-else'), [
      "'if'",
      'identifier:iff',
      "'then'",
      "'in'",
      "'inherit'",
      "'or'",
      'identifier:or-else',
    ]);
  });
  it("accepts ' and - inside identifiers", () => {
    assert.deepEqual(tokens("a' a-b _x x_'-y"), ["identifier:a'", 'identifier:a-b', 'identifier:_x', "identifier:x_'-y"]);
  });
  it('lexes a->b as an identifier ending in -', () => {
    assert.deepEqual(tokens('a->b'), ['identifier:a-', "'>'", 'identifier:b']);
  });
  it('lexes operators', () => {
    assert.deepEqual(tokens('== != <= >= && || -> // ++ ... < > + - * / ? : @ ; ! . ( ) { } [ ] = ,'), [
      "'=='",
      "'!='",
      "'<='",
      "'>='",
      "'&&'",
      "'||'",
      "'->'",
      "'//'",
      "'++'",
      "'...'",
      "'<'",
      "'>'",
      "'+'",
      "'-'",
      "'*'",
      "'/'",
      "'?'",
      "':'",
      "'@'",
      "';'",
      "'!'",
      "'.'",
      "'('",
      "')'",
      "'{'",
      "'}'",
      "'['",
      "']'",
      "'='",
      "','",
    ]);
  });
  it('returns invalid token for characters outside the grammar', () => {
    assert.deepEqual(tokens("& | $ ' ~ ` % ^ \\ é"), Array(11).fill('invalid token'));
  });
  it('treats a NUL byte as the end of the input', () => {
    assert.deepEqual(tokens('1 \0 2'), ['integer:1']);
  });
});

describe('lexer: numbers', () => {
  it('lexes integers and floats in every form', () => {
    assert.deepEqual(tokens('0 42 007 1.5 1. .5 1.e3 1.5E-3 2.5e+2 0.5'), [
      'integer:0',
      'integer:42',
      'integer:7',
      'floating-point literal:1.5',
      'floating-point literal:1',
      'floating-point literal:0.5',
      'floating-point literal:1000',
      'floating-point literal:0.0015',
      'floating-point literal:250',
      'floating-point literal:0.5',
    ]);
  });
  it('needs a dot for a float: 1e3 is an integer and an identifier', () => {
    assert.deepEqual(tokens('1e3'), ['integer:1', 'identifier:e3']);
  });
  it('splits 00.5 and 0. as CppNix does', () => {
    assert.deepEqual(tokens('00.5'), ['integer:0', 'floating-point literal:0.5']);
    assert.deepEqual(tokens('0.'), ['integer:0', "'.'"]);
    assert.deepEqual(tokens('1.5.3'), ['floating-point literal:1.5', 'floating-point literal:0.3']);
    assert.deepEqual(tokens('5.e'), ['floating-point literal:5', 'identifier:e']);
  });
  it('keeps integers exact up to 2^63-1', () => {
    assert.deepEqual(tokens('9223372036854775807'), ['integer:9223372036854775807']);
    assert.equal(lexError('9223372036854775808'), "invalid integer '9223372036854775808' @ 0");
    assert.equal(lexError('x 99999999999999999999999'), "invalid integer '99999999999999999999999' @ 2");
  });
  it('rejects floats out of range, as strtod does', () => {
    assert.equal(lexError('1.5e400'), "invalid float '1.5e400' @ 0");
    assert.equal(lexError('0.1e-400'), "invalid float '0.1e-400' @ 0");
    assert.equal(lexError('1.0e-310'), "invalid float '1.0e-310' @ 0");
    assert.deepEqual(tokens('2.2250738585072014e-308'), ['floating-point literal:2.2250738585072014e-308']);
  });
});

describe('lexer: strings', () => {
  it('unescapes \\n \\r \\t and any other escaped character', () => {
    assert.deepEqual(tokens('"a\\nb\\rc\\td\\\\e\\"f\\qg\\$"'), ["'\"'", 'string:a\nb\rc\td\\e"fqg$', "'\"'"]);
  });
  it('normalises CR and CRLF to LF, but not escaped \\r', () => {
    assert.deepEqual(tokens('"a\r\nb\rc\\r"'), ["'\"'", 'string:a\nb\nc\r', "'\"'"]);
  });
  it('splits interpolations', () => {
    assert.deepEqual(tokens('"a${b}c"'), ["'\"'", 'string:a', "'${'", 'identifier:b', "'}'", 'string:c', "'\"'"]);
  });
  it('keeps $${ and a $ before the closing quote literal', () => {
    assert.deepEqual(tokens('"a$${b}"'), ["'\"'", 'string:a$${b}', "'\"'"]);
    assert.deepEqual(tokens('"a$"'), ["'\"'", 'string:a$', "'\"'"]);
    assert.deepEqual(tokens('"$"'), ["'\"'", 'string:$', "'\"'"]);
  });
  it('ends the input at a lone $ or \\ at the end', () => {
    const lexer = new Lexer(source('"ab\\'));
    lexer.next();
    lexer.next();
    assert.equal(lexer.next(), T_EOF);
    assert.deepEqual([lexer.start, lexer.end], [3, 4]);
  });
  it('nests braces inside interpolations', () => {
    assert.deepEqual(tokens('"${ { a = "}"; }.a }x"'), [
      "'\"'",
      "'${'",
      "'{'",
      'identifier:a',
      "'='",
      "'\"'",
      'string:}',
      "'\"'",
      "';'",
      "'}'",
      "'.'",
      'identifier:a',
      "'}'",
      'string:x',
      "'\"'",
    ]);
  });
  it('rejects NUL bytes in strings', () => {
    assert.equal(lexError('"a\0b"'), "input string 'a␀b' cannot be represented as Nix string because it contains null bytes @ 1");
  });
});

describe('lexer: indented strings', () => {
  it("drops a first line of spaces with the opening ''", () => {
    const lexer = new Lexer(source("''   \n  x''"));
    lexer.next();
    assert.deepEqual([lexer.start, lexer.end], [0, 6]);
  });
  it("lexes the escapes ''$ ''' ''\\x and lone ' and $", () => {
    assert.deepEqual(tokens("''a''$b'''c''\\nd'$e$''"), [
      'start of an indented string',
      'indented string:a',
      'indented string:$',
      'indented string:b',
      "indented string:''",
      'indented string:c',
      'indented string:\n',
      'indented string:d',
      "indented string:'",
      'indented string:$e',
      'indented string:$',
      'end of an indented string',
    ]);
  });
  it('keeps $${ literal and interpolates ${', () => {
    assert.deepEqual(tokens("''$${a}${b}''"), [
      'start of an indented string',
      'indented string:$${a}',
      "'${'",
      'identifier:b',
      "'}'",
      'end of an indented string',
    ]);
  });
});

describe('lexer: paths, search paths and URIs', () => {
  it('lexes paths of every shape', () => {
    assert.deepEqual(tokens('./a /a/b a/b ../x a.b/c-d+e_f 1/2 ~/x'), [
      'path:./a',
      'end of path',
      'path:/a/b',
      'end of path',
      'path:a/b',
      'end of path',
      'path:../x',
      'end of path',
      'path:a.b/c-d+e_f',
      'end of path',
      'path:1/2',
      'end of path',
      "'~/…' path:~/x",
      'end of path',
    ]);
  });
  it('splits paths around interpolations', () => {
    assert.deepEqual(tokens('./a/${b}/c.nix'), ['path:./a/', "'${'", 'identifier:b', "'}'", 'string:/c.nix', 'end of path']);
    assert.deepEqual(tokens('a/${b}'), ['path:a/', "'${'", 'identifier:b', "'}'", 'end of path']);
    assert.deepEqual(tokens('./a${b}c'), ['path:./a', "'${'", 'identifier:b', "'}'", 'string:c', 'end of path']);
    assert.deepEqual(tokens('~/${b}'), ["'~/…' path:~/", "'${'", 'identifier:b', "'}'", 'end of path']);
  });
  it('rejects trailing slashes where the path ends', () => {
    assert.equal(lexError('./a/ '), 'path has a trailing slash @ 4');
    assert.equal(lexError('x ./a/'), 'path has a trailing slash @ 2');
    assert.equal(lexError('./a/${b}/)'), 'path has a trailing slash @ 9');
  });
  it('lexes search paths', () => {
    assert.deepEqual(tokens('<nixpkgs> <a/b.c> < a>'), ["'<…>' path:<nixpkgs>", "'<…>' path:<a/b.c>", "'<'", 'identifier:a', "'>'"]);
  });
  it('lexes URIs, which win over identifiers', () => {
    assert.deepEqual(tokens('http://a.b/c?d=e&f x:y x: y'), ['URI:http://a.b/c?d=e&f', 'URI:x:y', 'identifier:x', "':'", 'identifier:y']);
  });
  it('tells paths from operators and comments', () => {
    assert.deepEqual(tokens('a//b a / b /* c */ d # e\n f'), [
      'identifier:a',
      "'//'",
      'identifier:b',
      'identifier:a',
      "'/'",
      'identifier:b',
      'identifier:d',
      'identifier:f',
    ]);
    assert.deepEqual(tokens('/* unterminated'), ["'/'", "'*'", 'identifier:unterminated']);
  });
});

describe('lexer: positions and pipes', () => {
  it('gives byte offsets', () => {
    assert.deepEqual(spans('"é" x'), [
      [0, 1],
      [1, 3],
      [3, 4],
      [5, 6],
    ]);
  });
  it('refuses pipe operators unless enabled', () => {
    assert.equal(
      lexError('1 |> 2'),
      "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it @ 2",
    );
    assert.deepEqual(tokens('a |> b <| c', { pipeOperators: true }), ['identifier:a', "'|>'", 'identifier:b', "'<|'", 'identifier:c']);
  });
});

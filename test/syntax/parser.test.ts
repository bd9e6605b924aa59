import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttrsExpr, BinaryExpr, CallExpr, Expr, InterpolationExpr, LambdaExpr, LetExpr, SelectExpr } from '../../src/syntax/ast.js';
import { parse, type ParseWarning } from '../../src/syntax/parser.js';
import { cppnixPos } from '../../src/syntax/pos.js';
import { REFERENCE_CASES } from './reference-cases.js';
import { errorOf, parseText, printed, show, source, utf8 } from './util.js';

describe('parser: agrees with CppNix on recorded cases', () => {
  for (const [input, output] of REFERENCE_CASES) {
    it(JSON.stringify(input).slice(0, 70), () => {
      assert.equal(show(input), output);
    });
  }
});

describe('parser: numbers', () => {
  it('prints ints and floats as CppNix does', () => {
    assert.equal(
      printed('[ 0 007 9223372036854775807 1.5 1. .5 1.e3 123456.7 1234567.0 0.0001 0.00001 1.5E-7 ]'),
      '[ (0) (7) (9223372036854775807) (1.5) (1) (0.5) (1000) (123457) (1.23457e+06) (0.0001) (1e-05) (1.5e-07) ]',
    );
  });
  it('applies 00.5 as 0 to 0.5, and a.1 as a to 0.1', () => {
    assert.equal(printed('00.5'), '(0 0.5)');
    assert.equal(printed('x: x.1'), '(x: (x 0.1))');
  });
  it('reports out-of-range literals at the literal', () => {
    assert.equal(errorOf('-9223372036854775808'), "invalid integer '9223372036854775808' @ 1:2");
    assert.equal(errorOf('[ 1.8e308 ]'), "invalid float '1.8e308' @ 1:3");
  });
});

describe('parser: strings', () => {
  it('parses escapes, interpolation and $${', () => {
    assert.equal(printed('x: "a\\n${x}\\${x}$${x}\\t"'), '(x: ("a\\n" + x + "\\${x}$\\${x}\\t"))');
    assert.equal(printed('x: "${x}"'), '(x: (x))');
    assert.equal(printed('""'), '""');
  });
  it('strips indentation as CppNix does', () => {
    assert.equal(printed("''\n    a\n      b\n    c\n''"), '"a\\n  b\\nc\\n"');
    assert.equal(printed("''\n  a\n  ''"), '"a\\n"');
    assert.equal(printed("''\n  a\n   b''"), '"a\\n b"');
    assert.equal(printed("''  a\n    b''"), '"a\\n  b"');
    assert.equal(printed("''\n\n  a\n\n  b\n''"), '"\\na\\n\\nb\\n"');
    assert.equal(printed("''\n\ta\n''"), '"\\ta\\n"');
    assert.equal(printed("x: ''\n    a\n  ${x}\n    b\n''"), '(x: ("  a\\n" + x + "\\n  b\\n"))');
    assert.equal(printed("''''"), '""');
    assert.equal(printed("''\n  ''"), '""');
  });
  it("treats escapes as the end of a line's indentation", () => {
    assert.equal(printed("''\n  ''\\ta\n    b\n''"), '("\\t" + "a\\n  b\\n")');
    assert.equal(printed("''a''$b'''c''"), '("a" + "$" + "b" + "\'\'" + "c")');
  });
  it('keeps CRs inside indented strings', () => {
    assert.equal(printed("''\r\n  a\r\n''"), '"\\r\\n  a\\r\\n"');
  });
  it('reports unterminated strings at the end of the file', () => {
    assert.equal(errorOf('"abc'), "syntax error, unexpected end of file, expecting '\"' @ 1:5");
    assert.equal(
      errorOf("''abc"),
      "syntax error, unexpected end of file, expecting indented string or '${' or end of an indented string @ 1:6",
    );
  });
});

describe('parser: paths', () => {
  it('makes relative paths absolute against the base directory', () => {
    assert.equal(printed('[ ./a ../b/./c a/b /x/y/../z ]'), '[ (/base/a) (/b/c) (/base/a/b) (/x/z) ]');
  });
  it('interpolates, keeping the slash before ${', () => {
    assert.equal(printed('x: ./a/${x}/b'), '(x: (/base/a/ + x + "/b"))');
    assert.equal(printed('x: a/${x}'), '(x: (/base/a/ + x))');
    assert.equal(printed('x: /${x}'), '(x: (/ + x))');
  });
  it('keeps home paths relative to $HOME', () => {
    const e = parseText('~/a/b');
    assert.deepEqual(e, { kind: 'path', pos: 0, value: '/a/b', home: true });
    assert.equal(printed('x: ~/${x}'), '(x: (/fake-home/ + x))');
  });
  it('desugars search paths and URIs', () => {
    assert.equal(printed('<nixpkgs/lib>'), '(__findFile __nixPath "nixpkgs/lib")');
    assert.equal(printed('http://x.org/a?b'), '"http://x.org/a?b"');
  });
  it('rejects trailing slashes', () => {
    assert.equal(errorOf('./a/'), 'path has a trailing slash @ 1:1');
    assert.equal(errorOf('[ ./a/ ]'), 'path has a trailing slash @ 1:7');
  });
});

describe('parser: operators', () => {
  const cases: [string, string][] = [
    ['a: b: c: a -> b -> c', '(a: (b: (c: (a -> (b -> c)))))'],
    ['a: b: c: a || b && c', '(a: (b: (c: (a || (b && c)))))'],
    ['a: b: c: a && b || c', '(a: (b: (c: ((a && b) || c))))'],
    ['a: b: a == b', '(a: (b: (a == b)))'],
    ['a: b: c: a + b * c - a / b', '(a: (b: (c: (__sub (a + (__mul b c)) (__div a b)))))'],
    ['a: b: c: a // b // c', '(a: (b: (c: (a // (b // c)))))'],
    ['a: b: c: a ++ b ++ c', '(a: (b: (c: (a ++ (b ++ c)))))'],
    [
      'a: b: [ (a < b) (a > b) (a <= b) (a >= b) ]',
      '(a: (b: [ ((__lessThan a b)) ((__lessThan b a)) ((! (__lessThan b a))) ((! (__lessThan a b))) ]))',
    ],
    ['a: -a', '(a: (__sub 0 a))'],
    ['a: - -a', '(a: (__sub 0 (__sub 0 a)))'],
    ['a: !a.b', '(a: (! (a).b))'],
    ['a: -a.b or 1', '(a: (__sub 0 (a).b or (1)))'],
    ['a: !a == a', '(a: ((! a) == a))'],
    ['a: a ? b.c || a', '(a: (((a) ? b.c) || a))'],
    ['a: a ? "b".${a}', '(a: ((a) ? b."${a}"))'],
    ['f: a: f a ++ f a', '(f: (a: ((f a) ++ (f a))))'],
    ['f: a: (f a) a', '(f: (a: (f a a)))'],
    ['a: b: (a - b) b', '(a: (b: (__sub a b b)))'],
    ['a: (-a) a', '(a: (__sub 0 a a))'],
    ['a: <p> a', '(a: (__findFile __nixPath "p" a))'],
    ['a: (a <= a) a', '(a: ((! (__lessThan a a)) a))'],
    ['a: (a + a) a', '(a: ((a + a) a))'],
    ['with {}; map or [ 1 ]', '(with { }; (map or [ (1) ]))'],
    ['x: x ? a ? b', '(x: ((((x) ? a)) ? b))'],
    ['{ or = 1; }.or', '({ or = 1; }).or'],
    ['with {}; (x: x) or', '(with { }; ((x: x) or))'],
  ];
  for (const [input, output] of cases) it(input, () => assert.equal(printed(input), output));
  it('refuses non-associative chains', () => {
    assert.equal(errorOf('1 == 2 == 3'), "syntax error, unexpected '==' @ 1:8");
    assert.equal(errorOf('1 < 2 < 3'), "syntax error, unexpected '<' @ 1:7");
  });
  it('needs the pipe-operators feature for |> and <|', () => {
    assert.equal(
      errorOf('1 |> 2'),
      "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it @ 1:3",
    );
  });
  it('turns pipes into calls', () => {
    const o = { pipeOperators: true };
    assert.equal(printed('f: g: a: a |> f |> g', o), '(f: (g: (a: (g (f a)))))');
    assert.equal(printed('f: g: a: f <| g <| a', o), '(f: (g: (a: (f (g a)))))');
    assert.equal(printed('f: a: a |> f a', o), '(f: (a: (f a a)))');
    assert.equal(printed('f: a: a + a |> f', o), '(f: (a: (f (a + a))))');
    assert.equal(errorOf('f: a: a |> f <| a', o), "syntax error, unexpected '<|', expecting end of file @ 1:14");
  });
});

describe('parser: attribute sets', () => {
  it('nests attribute paths and merges sets', () => {
    assert.equal(printed('{ a.b.c = 1; a.b.d = 2; a.e = 3; }'), '{ a = { b = { c = 1; d = 2; }; e = 3; }; }');
    assert.equal(printed('{ a = { b = 1; }; a.c = 2; }'), '{ a = { b = 1; c = 2; }; }');
    assert.equal(printed('{ a.c = 2; a = { b = 1; }; }'), '{ a = { b = 1; c = 2; }; }');
    assert.equal(printed('{ a = rec { b = 1; }; a.c = 2; }'), '{ a = rec { b = 1; c = 2; }; }');
  });
  it('drops the rec of a set merged into an earlier one', () => {
    assert.equal(printed('{ a.b = 1; a = rec { c = 2; }; }'), '{ a = { b = 1; c = 2; }; }');
    assert.equal(errorOf('{ a.b = 1; a = rec { c = d; d = 2; }; }'), "undefined variable 'd' @ 1:26");
  });
  it('treats string and ${"literal"} names as static, others as dynamic', () => {
    assert.equal(
      printed('x: { "a b" = 1; ${"c"} = 2; "${"d"}" = 3; ${x} = 4; "e${x}" = 5; }'),
      '(x: { "a b" = 1; c = 2; "${("d")}" = 3; "${x}" = 4; "${("e" + x)}" = 5; })',
    );
  });
  it('prints inherits first, grouped by source', () => {
    assert.equal(
      printed('x: y: { z = 1; inherit (x) b a; inherit y; inherit (y) c; }'),
      '(x: (y: { inherit y; inherit (x) a b; inherit (y) c; z = 1; }))',
    );
  });
  it('keeps merged inherit-from sources apart', () => {
    const e = parseText('x: y: { a = { inherit (x) b; }; a = { inherit (y) c d; }; }') as LambdaExpr;
    const outer = (e.body as LambdaExpr).body as AttrsExpr;
    const a = outer.attrs.get('a')!.value as AttrsExpr;
    assert.equal(a.inheritFrom.length, 2);
    assert.deepEqual(
      [...a.attrs.values()].map((d) => d.fromIndex),
      [0, 1, 1],
    );
    assert.equal(
      printed('x: y: { a = { inherit (x) b; }; a = { inherit (y) c d; }; }'),
      '(x: (y: { a = { inherit (x) b; inherit (y) c d; }; }))',
    );
  });
  it('reports duplicate attributes where CppNix does', () => {
    assert.equal(errorOf('{ a = 1; a = 2; }'), "attribute 'a' already defined at «stdin»:1:3 @ 1:10");
    assert.equal(errorOf('{ a = 1; a.b = 2; }'), "attribute 'a' already defined at «stdin»:1:3 @ 1:10");
    assert.equal(errorOf('{ a.b = 1; a = 2; }'), "attribute 'a' already defined at «stdin»:1:3 @ 1:12");
    assert.equal(errorOf('{ a.b.c = 1; a.b.c = 2; }'), "attribute 'a.b.c' already defined at «stdin»:1:3 @ 1:14");
    assert.equal(errorOf('{ a.b = 1; a = { b = 2; }; }'), "attribute 'a.b' already defined at «stdin»:1:3 @ 1:18");
    assert.equal(errorOf('{ inherit a; a = 1; }'), "attribute 'a' already defined at «stdin»:1:11 @ 1:14");
    assert.equal(errorOf('{ a = 1; inherit a; }'), "attribute 'a' already defined at «stdin»:1:3 @ 1:18");
    assert.equal(errorOf('{ "a b".c = 1; "a b".c = 2; }'), 'attribute \'"a b".c\' already defined at «stdin»:1:3 @ 1:16');
    assert.equal(errorOf('{ ${"a"} = 1; a = 2; }'), "attribute 'a' already defined at «stdin»:1:3 @ 1:15");
  });
  it('refuses dynamic attributes in let and inherit', () => {
    assert.equal(errorOf('x: let ${x} = 1; in 2'), 'dynamic attributes not allowed in let @ 1:4');
    assert.equal(errorOf('x: let "${x}" = 1; in 2'), 'dynamic attributes not allowed in let @ 1:4');
    assert.equal(errorOf('x: { inherit ${x}; }'), 'dynamic attributes not allowed in inherit @ 1:14');
    assert.equal(errorOf('x: { inherit (x) "${x}"; }'), 'dynamic attributes not allowed in inherit @ 1:18');
    assert.equal(printed('x: { inherit (x) "a" ${"b"}; }'), '(x: { inherit (x) a b; })');
  });
  it('desugars let { } into a select of body', () => {
    assert.equal(printed('let { a = 1; body = a; }'), '(rec { a = 1; body = a; }).body');
  });
  it('names lambdas after their attribute', () => {
    const e = parseText('{ a.b = x: y: x; c = let f = z: z; in f; }') as AttrsExpr;
    const b = (e.attrs.get('a')!.value as AttrsExpr).attrs.get('b')!.value as LambdaExpr;
    assert.equal(b.name, 'b');
    assert.equal((b.body as LambdaExpr).name, 'b');
    const let_ = e.attrs.get('c')!.value as LetExpr;
    assert.equal((let_.bindings.attrs.get('f')!.value as LambdaExpr).name, 'f');
  });
});

describe('parser: functions', () => {
  it('parses formals, defaults, ellipsis and @ on either side', () => {
    assert.equal(printed('{ b, a ? 1, ... }: a'), '({ a ? 1, b, ... }: a)');
    assert.equal(printed('args@{ a, }: a'), '({ a } @ args: a)');
    assert.equal(printed('{ ... } @ args: args'), '({ ... } @ args: args)');
    assert.equal(printed('{}: 1'), '({  }: 1)');
    assert.equal(printed('{ a ? b, b ? a }: a'), '({ a ? b, b ? a }: a)');
  });
  it('reports duplicate formals', () => {
    assert.equal(errorOf('{ a, b, a }: 1'), "duplicate formal function argument 'a' @ 1:9");
    assert.equal(errorOf('{ b, a, a, b }: 1'), "duplicate formal function argument 'b' @ 1:12");
    assert.equal(errorOf('a@{ a }: 1'), "duplicate formal function argument 'a' @ 1:1");
    assert.equal(errorOf('{ a }@a: 1'), "duplicate formal function argument 'a' @ 1:1");
  });
  it('reports formals syntax errors as bison does', () => {
    assert.equal(errorOf('{ a ... }: 1'), "syntax error, unexpected '...', expecting '.' or '=' @ 1:5");
    assert.equal(errorOf('{ ..., a }: 1'), "syntax error, unexpected ',', expecting '}' @ 1:6");
    assert.equal(errorOf('{ a, b : 1 }: 1'), "syntax error, unexpected ':', expecting '}' or ',' @ 1:8");
  });
});

describe('parser: syntax errors', () => {
  const cases: [string, string][] = [
    ['', 'syntax error, unexpected end of file @ 1:1'],
    ['(\n# c\n', 'syntax error, unexpected end of file @ 3:1'],
    ['a.assert', "syntax error, unexpected 'assert', expecting identifier or 'or' or '${' or '\"' @ 1:3"],
    ['{ 1 = x; }', "syntax error, unexpected integer, expecting 'inherit' @ 1:3"],
    ['if 1 else 2', "syntax error, unexpected 'else', expecting 'then' @ 1:6"],
    ['123 é', 'syntax error, unexpected invalid token, expecting end of file @ 1:5'],
    ['{ a = 1 }', "syntax error, unexpected '}', expecting ';' @ 1:9"],
    ['(1', "syntax error, unexpected end of file, expecting ')' @ 1:3"],
    ['let a = 1 in a', "syntax error, unexpected 'in', expecting ';' @ 1:11"],
    ['{ inherit http://x; }', 'syntax error, unexpected URI @ 1:11'],
    ['a.~/x', "syntax error, unexpected '~/…' path, expecting identifier or 'or' or '${' or '\"' @ 1:3"],
    ['x: "${x', "syntax error, unexpected end of file, expecting '}' @ 1:8"],
    ['1 2 )', "syntax error, unexpected ')', expecting end of file @ 1:5"],
  ];
  for (const [input, output] of cases) it(JSON.stringify(input), () => assert.equal(errorOf(input), output));
  it('renders errors like CppNix', () => {
    assert.equal(
      show('a b c ('),
      'error: syntax error, unexpected end of file\n       at «stdin»:1:8:\n            1| a b c (\n             |        ^',
    );
  });
});

describe('parser: positions', () => {
  const pos = (text: string, e: Expr) => {
    const { line, col } = source(text).lineCol(e.pos);
    return `${line}:${col}`;
  };
  it('puts operators at the operator and calls and selects at their start', () => {
    const text = 'x: x.a.b or x + x 1';
    const lam = parseText(text) as LambdaExpr;
    assert.equal(pos(text, lam), '1:1');
    const plus = lam.body as BinaryExpr;
    assert.equal(plus.op, '+');
    assert.equal(pos(text, plus), '1:15');
    assert.deepEqual(plus.partPos, [3, 16]);
    assert.equal(pos(text, plus.left as SelectExpr), '1:4');
    assert.equal(pos(text, plus.right as CallExpr), '1:17');
  });
  it('gives interpolation parts their own positions', () => {
    const text = 'x: "a${x}b"';
    const s = (parseText(text) as LambdaExpr).body as InterpolationExpr;
    assert.deepEqual(s.partPos, [4, 5, 9]);
    assert.equal(s.pos, 4);
  });
  it('gives desugared calls the operator position', () => {
    const text = 'f: (f - f) f';
    const call = (parseText(text) as LambdaExpr).body as CallExpr;
    assert.equal(pos(text, call), '1:7');
    assert.deepEqual((call.fn as { name: string }).name, '__sub');
  });
  it('knows where CppNix has no position', () => {
    const e = parseText('x: [ (!x) ("s") (let y = 1; in y) [] (x ? a) ]') as LambdaExpr;
    const items = (e.body as { items: Expr[] }).items;
    assert.deepEqual(
      items.map((i) => cppnixPos(i)),
      [7, null, null, null, 38],
    );
  });
  it('gives attribute definitions the position of their name', () => {
    const e = parse(source('{ a.b = 1; inherit c; }')) as AttrsExpr;
    assert.equal(e.attrs.get('a')!.pos, 2);
    assert.equal((e.attrs.get('a')!.value as AttrsExpr).attrs.get('b')!.pos, 2);
    assert.equal(e.attrs.get('c')!.pos, 19);
  });
});

describe('parser: warnings and lints', () => {
  const warnings = (text: string, options = {}) => {
    const out: ParseWarning[] = [];
    parse(source(text), { ...options, onWarning: (w) => out.push(w) });
    return out.map((w) => utf8(w.message) + (w.pos ? ` @ ${w.pos.offset}` : ''));
  };
  it('warns about the cursed or', () => {
    assert.deepEqual(warnings('f: x: f x or'), [
      'at «stdin»:1:9: This expression uses `or` as an identifier in a way that will change in a future Nix release.\n' +
        'Wrap this entire expression in parentheses to preserve its current meaning:\n' +
        '    (x or)\n' +
        'Give feedback at https://github.com/NixOS/nix/pull/11121',
    ]);
    assert.deepEqual(warnings('map or [ ]'), []);
  });
  it('lints URL and path literals when asked', () => {
    assert.deepEqual(
      warnings('[ http://a /b c/d ./e ~/f ]', { lintUrlLiterals: 'warn', lintAbsolutePathLiterals: 'warn', lintShortPathLiterals: 'warn' }),
      [
        'URL literals are discouraged. Consider using a string literal "http://a" instead (lint-url-literals) @ 2',
        "absolute path literals are not portable. Consider replacing path literal '/b' by a string, relative path, or parameter (lint-absolute-path-literals) @ 11",
        "relative path literal 'c/d' should be prefixed with '.' for clarity: './c/d' (lint-short-path-literals) @ 14",
        "home path literals are not portable. Consider replacing path literal '~/f' by a string, relative path, or parameter (lint-absolute-path-literals) @ 22",
      ],
    );
    assert.equal(
      errorOf('http://a', { lintUrlLiterals: 'fatal' }),
      'URL literals are disallowed. Consider using a string literal "http://a" instead (lint-url-literals) @ 1:1',
    );
    assert.equal(errorOf('~/a', { pureEval: true }), "the path '~/a' can not be resolved in pure mode");
  });
});

describe('parser: REPL bindings', () => {
  it('parses bindings into an attribute set', () => {
    const e = parse(source('a = 1; b.c = a;'), { replBindings: true });
    assert.equal(e.kind, 'attrs');
    assert.deepEqual([...(e as AttrsExpr).attrs.keys()], ['a', 'b']);
  });
});

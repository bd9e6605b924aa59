import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from '../../src/syntax/ast.js';
import { formatFloat, printExpr, printIdentifier, printLiteralString } from '../../src/syntax/printer.js';

describe('printer: floats', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [1, '1'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [100000, '100000'],
    [1000000, '1e+06'],
    [123456.7, '123457'],
    [1234567.8, '1.23457e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.000123456789, '0.000123457'],
    [3.14159265, '3.14159'],
    [1e21, '1e+21'],
    [1.5e-7, '1.5e-07'],
    [1.7976931348623157e308, '1.79769e+308'],
    [2.2250738585072014e-308, '2.22507e-308'],
    [999999.5, '1e+06'],
    [123456.5, '123456'], // ties go to even, as in printf
    [2.5, '2.5'],
    [-2.5, '-2.5'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ];
  for (const [v, s] of cases) it(`${v} -> ${s}`, () => assert.equal(formatFloat(v), s));
});

describe('printer: names and strings', () => {
  it('quotes only what does not lex as an identifier', () => {
    assert.equal(printIdentifier('abc'), 'abc');
    assert.equal(printIdentifier("a'-_1"), "a'-_1");
    assert.equal(printIdentifier('or'), 'or');
    assert.equal(printIdentifier('if'), '"if"');
    assert.equal(printIdentifier(''), '""');
    assert.equal(printIdentifier('1a'), '"1a"');
    assert.equal(printIdentifier('a b'), '"a b"');
    assert.equal(printIdentifier('a"b'), '"a\\"b"');
  });
  it('escapes quotes, backslashes, \\n \\r \\t and ${ only', () => {
    assert.equal(printLiteralString('a"b\\c\nd\re\tf${g}$h$'), '"a\\"b\\\\c\\nd\\re\\tf\\${g}$h$"');
    assert.equal(printLiteralString('\x01\xc3\xa9'), '"\x01\xc3\xa9"');
  });
});

describe('printer: trees', () => {
  it('prints hand-built trees', () => {
    const e: Expr = {
      kind: 'call',
      pos: 0,
      fn: { kind: 'var', pos: 0, name: 'f' },
      args: [
        { kind: 'path', pos: 0, value: '/x', home: true },
        { kind: 'binary', pos: 0, op: '>=', left: { kind: 'int', pos: 0, value: 1n }, right: { kind: 'float', pos: 0, value: 2 } },
        { kind: 'curPos', pos: 0 },
      ],
    };
    assert.equal(printExpr(e, { home: '/h' }), '(f /h/x (! (__lessThan 1 2)) __curPos)');
  });
  it('prints a very deep tree without recursion', () => {
    let e: Expr = { kind: 'int', pos: 0, value: 1n };
    for (let i = 0; i < 200000; i++) e = { kind: 'list', pos: 0, items: [e] };
    const out = printExpr(e);
    assert.equal(out.length, 200000 * 6 + 1);
  });
  it('prints a tree of many pieces in order, across the chunks it joins them in', () => {
    const items: Expr[] = Array.from({ length: 10000 }, (_, i) => ({ kind: 'var', pos: 0, name: `v${i}` }));
    const expected = '[ ' + items.map((_, i) => `(v${i}) `).join('') + ']';
    assert.equal(printExpr({ kind: 'list', pos: 0, items }), expected);
  });
});

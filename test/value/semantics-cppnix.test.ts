// Semantics where tsnix differed from CppNix 2.26 on random programs: which
// cells `==` treats as identical, the order builtins and operators force and
// check their arguments in, the order of formals errors, the order `--strict`
// forces attributes in, how messages quote attribute names. Every expected
// value here is CppNix's output.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalError, evalNix } from '../helpers.js';

/** `[expr, expected]`: the printed value, or `error: message` for an error. */
type Case = [string, string];

function check(cases: Case[]): void {
  for (const [expr, expected] of cases) {
    const got = expected.startsWith('error: ') ? 'error: ' + evalError(expr) : evalNix(expr);
    assert.equal(got, expected, expr);
  }
}

describe('pointer equality of cells (CppNix eqValues)', () => {
  it('gives `builtins.NAME` a fresh cell in every lazy position', () => {
    check([
      ['[ builtins.map ] == [ builtins.map ]', 'false'],
      ['{ a = builtins.map; } == { a = builtins.map; }', 'false'],
      ['(a: b: [ a ] == [ b ]) builtins.map builtins.map', 'false'],
      ['builtins.elem builtins.map [ builtins.map ]', 'false'],
      ['let m = builtins.map; in [ m ] == [ m ]', 'true'],
      ['[ map ] == [ map ]', 'true'],
      ['let l = [ builtins.map ]; in l == l', 'true'],
      ['[ builtins.true ] == [ builtins.true ]', 'true'],
    ]);
  });

  it('shares a cell only through variables and builtins that copy cells', () => {
    check([
      ['let f = x: x; in [ f ] == [ f ]', 'true'],
      ['let f = x: x; in f == f', 'false'],
      ['let s = { f = x: x; }; in [ s.f ] == [ s.f ]', 'false'],
      ['let s = { f = x: x; }; in s == s', 'true'],
      ['with { f = x: x; }; [ f ] == [ f ]', 'false'],
      ['let f = x: x; in map (x: x) [ f ] == [ f ]', 'false'],
      ['let f = x: x; in builtins.attrValues { a = f; } == [ f ]', 'true'],
      ['let f = x: x; in [ f 1 ] < [ f 2 ]', 'true'],
    ]);
  });
});

describe('global names', () => {
  it('has no `__` alias for builtins bound at the top level', () => {
    check([
      ['__add 1 2', '3'],
      ['builtins.map (x: x) [ 1 ]', '[ 1 ]'],
    ]);
    for (const name of ['__map', '__import', '__toString', '__true', '__builtins', '__nonexistent'])
      assert.equal(evalError(name), `undefined variable '${name}'`);
  });

  it('makes `__curPos` null outside a file', () => {
    check([['__curPos', 'null']]);
  });
});

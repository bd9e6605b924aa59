// Semantics where tsnix differed from CppNix 2.26 on random programs: which
// cells `==` treats as identical, the order builtins and operators force and
// check their arguments in, the order of formals errors, the order `--strict`
// forces attributes in, how messages quote attribute names. Every expected
// value here is CppNix's output.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

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

describe('order in which builtins force and check their arguments', () => {
  it('checks each argument before evaluating the next, as CppNix', () => {
    check([
      [
        '(builtins.tryEval (builtins.replaceStrings [ ] [ "x" ] (throw "s"))).success',
        "error: 'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
      ],
      ['builtins.replaceStrings [ (throw "e") ] [ "b" ] (throw "s")', 'error: e'],
      ['builtins.replaceStrings [ "a" ] [ (throw "e") ] (throw "s")', 'error: s'],
      ['builtins.substring 0 (throw "len") (throw "str")', 'error: len'],
      ['builtins.substring (-1) (throw "l") "s"', "error: negative start position in 'substring'"],
      ['builtins.substring null 1 (throw "s")', 'error: expected an integer but found null: null'],
      ['let x = throw "a0"; in builtins.substring x 1 (throw "a2")', 'error: a0'],
      ['builtins.concatStringsSep (throw "a0") (throw "a1")', 'error: a0'],
      ['builtins.match "(" (throw "s")', "error: invalid regular expression '('"],
      ['builtins.split null (throw "s")', 'error: expected a string but found null: null'],
      ['builtins.hashString (throw "a0") (throw "a1")', 'error: a0'],
      ['builtins.appendContext null (throw "a1")', 'error: expected a string but found null: null'],
      ['builtins.intersectAttrs null (throw "a1")', 'error: expected a set but found null: null'],
      ['builtins.removeAttrs null (throw "a1")', 'error: expected a set but found null: null'],
      ['let x = throw "a0"; in builtins.add x (throw "a1")', 'error: a0'],
      ['let x = throw "a0"; in builtins.intersectAttrs x (throw "a1")', 'error: a0'],
      ['builtins.map (throw "f") (throw "l")', 'error: l'],
    ]);
  });

  it("keeps force*'s trace line for an argument that fails to evaluate", () => {
    const report = evalErrorReport('builtins.hashString (throw "a") ""');
    assert.match(
      report,
      /while calling the 'hashString' builtin[^]*while evaluating the first argument passed to builtins.hashString[^]*while calling the 'throw' builtin/,
    );
    assert.match(
      evalErrorReport('builtins.substring 0 (throw "a") ""'),
      /while evaluating the second argument \(the substring length\) passed to builtins.substring/,
    );
  });
});

describe('order in which operators force and check their operands', () => {
  it('checks the left operand of // before evaluating the right', () => {
    check([
      ['null // (throw "r")', 'error: expected a set but found null: null'],
      ['[ ] // (throw "r")', 'error: expected a set but found a list: [ ]'],
      ['(throw "l") // (throw "r")', 'error: l'],
      ['{ } // (throw "r")', 'error: r'],
      ['{ a = 1; } // { b = 2; }', '{ a = 1; b = 2; }'],
    ]);
  });
});

describe("CppNix's symbol order", () => {
  it('decides which attribute --strict, deepSeq and == force first', () => {
    check([
      ['{ b = throw "b"; a = throw "a"; }', 'error: b'],
      ['let a = 1; in { b = throw "b"; a = throw "a"; }', 'error: a'],
      ['{ b = throw "b"; map = throw "m"; }', 'error: m'],
      ['{ z = throw "z"; name = throw "n"; }', 'error: n'],
      ['builtins.deepSeq { b = throw "b"; a = throw "a"; } 1', 'error: b'],
      ['{ b = throw "b"; a = throw "a"; } == { b = throw "b2"; a = throw "a2"; }', 'error: b'],
      ['assert { b = throw "b"; a = throw "a"; } == { b = 1; a = 2; }; 1', 'error: b'],
    ]);
  });

  it('decides which missing formal is reported, before any unexpected one', () => {
    const missing = (name: string) => `error: function 'anonymous lambda' called without required argument '${name}'`;
    check([
      ['({ a }: a) { b = 1; }', missing('a')],
      ['({ b, a }: a) { }', missing('b')],
      ['let a = 1; in ({ b, a }: a) { }', missing('a')],
      ['({ a ? 1, b }: a) { c = 1; }', missing('b')],
      ['({ z, ... }: z) { y = 1; }', missing('z')],
      ['(args@{ a }: a) { b = 1; }', missing('a')],
      ['({ a ? 1 }: a) { b = 1; }', "error: function 'anonymous lambda' called with unexpected argument 'b'"],
    ]);
  });
});

describe('attribute names in messages', () => {
  it('quotes a name that is not an identifier, as CppNix prints it', () => {
    check([
      ['{ }."a b"', `error: attribute '"a b"' missing`],
      ['{ }.${"x y"}', `error: attribute '"x y"' missing`],
      ['let s = { }; in { inherit (s) "a b"; }', `error: attribute '"a b"' missing`],
      ['builtins.getAttr "" { }', `error: attribute '""' missing`],
      ['{ }."if"', `error: attribute '"if"' missing`],
      ['{ }."a-b"', "error: attribute 'a-b' missing"],
    ]);
  });
});

describe('a with scope that is not a set', () => {
  it('is reported at the `with`, when a name is looked up in it', () => {
    // CppNix's whole report: no position of the error's own, the `with` in the trace.
    const report = (expr: string): string => Buffer.from(evalErrorReport(expr), 'latin1').toString('utf8');
    const at = (col: number, expr: string): string =>
      [
        'error:',
        '       … while evaluating the first subexpression of a with expression',
        `         at «string»:1:${col}:`,
        `            1| ${expr}`,
        `             | ${' '.repeat(col - 1)}^`,
        '',
        '       error: expected a set but found an integer: 1',
      ].join('\n');
    assert.equal(report('with 1; x'), at(1, 'with 1; x'));
    assert.equal(report('with { a = 1; }; with 1; a'), at(18, 'with { a = 1; }; with 1; a'));
    assert.equal(report('with 1; with { a = 1; }; b'), at(1, 'with 1; with { a = 1; }; b'));
    assert.equal(evalNix('with 1; 2'), '2');
  });
});

describe('max-call-depth', () => {
  const depth = { maxCallDepth: 100 };
  const overflows = (expr: string): boolean => {
    try {
      evalNix(expr, depth);
      return false;
    } catch (e) {
      if (e instanceof Error && /max-call-depth exceeded/.test(e.message)) return true;
      throw e;
    }
  };
  /** The least n for which `expr` (with N replaced by n) overflows at --max-call-depth 100. */
  const threshold = (expr: string): number => {
    let lo = 1;
    let hi = 400;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (overflows(expr.replace('N', String(mid)))) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  it('counts builtin calls, operators that are builtins, and what a builtin forces, as CppNix', () => {
    const cases: Array<[string, number]> = [
      ['let f = n: if n == 0 then 0 else f (n - 1); in f N', 100],
      ['let f = n: if n == N then 0 else f (n + 1); in f 0', 101],
      ['let f = n: if N < n then 0 else f (n + 1); in f 0', 99],
      ['let f = n: if n == 0 then 1 else 0 * f (n - 1); in f N', 50],
      ['let f = n: if n == 0 then [ ] else map (x: x) (f (n - 1)); in f N', 50],
      ['let f = n: if n == 0 then 0 else builtins.seq n (f (n - 1)); in f N', 50],
      ['let f = n: if n == 0 then 0 else let x = f (n - 1); in builtins.seq x x; in f N', 50],
      ['let f = n: if n == 0 then 0 else builtins.deepSeq n (f (n - 1)); in f N', 50],
      ['let f = n: if n == 0 then 0 else builtins.add 1 (f (n - 1)); in f N', 50],
      ['let f = n: if n == 0 then 0 else builtins.elemAt (map (x: f (n - 1)) [ 1 ]) 0; in f N', 34],
      ["let f = n: if n == 0 then 0 else builtins.foldl' (a: b: f (n - 1)) 0 [ 1 ]; in f N", 34],
      ['let f = n: if n == 0 then 0 else (builtins.tryEval (f (n - 1))).value; in f N', 50],
    ];
    for (const [expr, expected] of cases) assert.equal(threshold(expr), expected, expr);
  });
});

describe('checks of arguments given to a partial application', () => {
  it('run in order, before later arguments are evaluated', () => {
    check([
      ['let f = builtins.substring null; in f 1 (throw "s")', 'error: expected an integer but found null: null'],
      ['let f = builtins.substring (-1); in f (throw "l") "s"', "error: negative start position in 'substring'"],
      ['let f = builtins.match "("; in f (throw "s")', "error: invalid regular expression '('"],
      ['let f = builtins.substring 0 1; in f "abc"', '"a"'],
    ]);
  });
});

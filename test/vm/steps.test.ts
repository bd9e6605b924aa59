// Builtins that run Nix code as they go (builtins/step.ts) do it on the VM's
// frame stack: recursion through them is limited by max-call-depth alone,
// in a plain `node --test` process with the default JS stack. Each result
// here is CppNix 2.26's on the same program.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalError, evalNix } from '../helpers.js';

/** [name, program, CppNix's result]. */
const DEEP: Array<[string, string, string]> = [
  ["foldl'", "let f = n: if n == 0 then 0 else builtins.foldl' (a: x: a + f x) 1 [ (n - 1) ]; in f 3000", '3000'],
  ['tryEval', 'let f = n: if n == 0 then 0 else (builtins.tryEval (f (n - 1))).value + 1; in f 3000', '3000'],
  ['any', 'let f = n: if n == 0 then true else builtins.any (x: f (n - 1)) [ 1 ]; in f 3000', 'true'],
  ['all', 'let f = n: if n == 0 then true else builtins.all (x: f (n - 1)) [ 1 ]; in f 3000', 'true'],
  ['concatMap', 'let f = n: if n == 0 then [ ] else builtins.concatMap (x: f (n - 1)) [ 1 ]; in f 3000', '[ ]'],
  ['partition', 'let f = n: if n == 0 then 0 else builtins.length (builtins.partition (x: f (n - 1) >= 0) [ 1 ]).right; in f 1200', '1'],
  [
    'groupBy',
    'let f = n: if n == 0 then "a" else builtins.head (builtins.attrNames (builtins.groupBy (x: f (n - 1)) [ 1 ])); in f 1200',
    '"a"',
  ],
  [
    'filter',
    'let f = n: if n == 0 then [ ] else builtins.filter (x: builtins.length (f (n - 1)) >= 0) [ n ]; in builtins.length (f 1999)',
    '1',
  ],
  ['sort', 'let f = n: if n == 0 then 0 else builtins.head (builtins.sort (a: b: f (n - 1) >= 0 && a < b) [ n 1 ]); in f 1500', '1'],
  [
    'genericClosure',
    'let f = n: if n == 0 then 0 else builtins.length (builtins.genericClosure { startSet = [ { key = n; } ]; operator = x: builtins.seq (f (n - 1)) [ ]; }); in f 1500',
    '1',
  ],
  ['addErrorContext', 'let f = n: if n == 0 then 0 else builtins.addErrorContext "x" (f (n - 1)) + 1; in f 3000', '3000'],
  ['deepSeq of a deep list', 'let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in builtins.deepSeq (f 5000) 1', '1'],
  ['== of deep lists', 'let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in f 5000 == f 5000', 'true'],
  [
    'toJSON of a deep list',
    'let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in builtins.stringLength (builtins.toJSON (f 5000))',
    '10002',
  ],
  [
    'listToAttrs',
    'let f = n: if n == 0 then 0 else (builtins.listToAttrs [ { name = "a"; value = f (n - 1); } ]).a + 1; in f 3000',
    '3000',
  ],
  ['elem', 'let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in builtins.elem (f 3000) [ (f 3000) ]', 'true'],
  ['toString of a deep list', 'let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in builtins.stringLength (toString (f 5000))', '0'],
  ['toString', 'let f = n: if n == 0 then "" else toString [ (f (n - 1)) "x" ]; in builtins.stringLength (f 3000)', '6000'],
  [
    'concatStringsSep',
    'let f = n: if n == 0 then "" else builtins.concatStringsSep "" [ (f (n - 1)) "x" ]; in builtins.stringLength (f 3000)',
    '3000',
  ],
  [
    'replaceStrings',
    'let f = n: if n == 0 then "" else builtins.replaceStrings [ "a" ] [ (f (n - 1)) ] "a"; in builtins.stringLength (f 3000)',
    '0',
  ],
  ['toJSON', 'let f = n: if n == 0 then 0 else builtins.stringLength (builtins.toJSON [ (f (n - 1)) ]); in f 3000', '3'],
  ['mapAttrs', 'let f = n: if n == 0 then 0 else (builtins.mapAttrs (k: v: f (n - 1) + v) { a = 1; }).a; in f 3000', '3000'],
  ['interpolation', 'let f = n: if n == 0 then "" else "${f (n - 1)}x"; in builtins.stringLength (f 5000)', '5000'],
  ['== of deep sets', 'let f = n: if n == 0 then { } else { a = f (n - 1); }; in f 5000 == f 5000', 'true'],
  [
    'toJSON of a deep set',
    'let f = n: if n == 0 then { } else { a = f (n - 1); }; in builtins.stringLength (builtins.toJSON (f 5000))',
    '30002',
  ],
  ['deepSeq of a deep set', 'let f = n: if n == 0 then { } else { a = f (n - 1); }; in builtins.deepSeq (f 5000) 1', '1'],
];

describe('recursion through builtins, on the frame stack', () => {
  for (const [name, program, expected] of DEEP) {
    it(name, () => assert.equal(evalNix(program), expected));
  }

  it('ends in max-call-depth where CppNix does', () => {
    // CppNix 2.26: 1999 evaluates, 2000 is one call too many (four calls a level).
    const filter = (n: number): string =>
      `let f = n: if n == 0 then [ ] else builtins.filter (x: builtins.length (f (n - 1)) >= 0) [ n ]; in builtins.length (f ${n})`;
    assert.equal(evalError(filter(2000)), 'stack overflow; max-call-depth exceeded');
    assert.equal(evalError(filter(100000)), 'stack overflow; max-call-depth exceeded');
  });

  it('tryEval catches only throw and assert, wherever they happen below it', () => {
    assert.equal(evalNix('(builtins.tryEval (builtins.foldl\' (a: x: throw "no") 0 [ 1 ])).success'), 'false');
    assert.equal(evalNix('(builtins.tryEval (builtins.filter (x: assert x > 1; true) [ 1 ])).success'), 'false');
    assert.equal(
      evalError('builtins.tryEval (builtins.foldl\' (a: x: abort "stop") 0 [ 1 ])'),
      "evaluation aborted with the following error message: 'stop'",
    );
    assert.equal(evalNix('builtins.tryEval (builtins.tryEval (throw "x")).success'), '{ success = true; value = false; }');
  });

  it('a thunk failed under a step fails the same way when forced again', () => {
    assert.equal(
      evalNix('let t = builtins.foldl\' (a: x: throw "t") 0 [ 1 ]; in [ (builtins.tryEval t).success (builtins.tryEval t).success ]'),
      '[ false false ]',
    );
  });
});

describe('values longer than JavaScript holds', () => {
  it('a string past V8 length limit is a clean out-of-memory error', () => {
    // CppNix builds the 2^30-character string; a JS engine cannot, and says so as a Nix error.
    assert.equal(
      evalError('let f = n: s: if n == 0 then s else f (n - 1) (s + s); in builtins.stringLength (f 30 "x")'),
      'out of memory: a string longer than tsnix can hold',
    );
  });
});

// List builtins, checked against CppNix 2.26 (results, what is forced and
// when, error messages and trace lines).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortWith } from '../../src/builtins/sort.js';
import type { Value } from '../../src/value/types.js';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

describe('length, head, tail, elemAt', () => {
  it('never forces the elements', () => {
    assert.equal(evalNix('builtins.length [ 1 (throw "a") (abort "b") ]'), '3');
    assert.equal(evalNix('builtins.length (map throw [ 1 2 ])'), '2');
    assert.equal(evalNix('builtins.head [ 1 (throw "a") ]'), '1');
    assert.equal(evalNix('builtins.length (builtins.tail [ (throw "a") 2 3 ])'), '2');
    assert.equal(evalNix('builtins.elemAt [ (throw "a") 2 ] 1'), '2');
  });

  it('handles empty lists', () => {
    assert.equal(evalNix('builtins.length [ ]'), '0');
    assert.equal(evalError('builtins.head [ ]'), "'builtins.head' called on an empty list");
    assert.equal(evalError('builtins.tail [ ]'), "'builtins.tail' called on an empty list");
    assert.equal(evalNix('builtins.tail [ 1 ]'), '[ ]');
  });

  it('checks the index of elemAt, 64-bit ones included', () => {
    assert.equal(evalError('builtins.elemAt [ ] (-1)'), "'builtins.elemAt' called with index -1 on a list of size 0");
    assert.equal(
      evalError('builtins.elemAt [ 1 ] 9223372036854775807'),
      "'builtins.elemAt' called with index 9223372036854775807 on a list of size 1",
    );
    assert.equal(evalError('builtins.elemAt [ 1 ] 1.0'), 'expected an integer but found a float: 1');
  });

  it('forces the index of elemAt before the list', () => {
    assert.equal(evalError('builtins.elemAt (throw "list") (throw "index")'), 'index');
    assert.match(
      evalErrorReport('builtins.elemAt (throw "list") (throw "index")'),
      /while evaluating the second argument passed to 'builtins.elemAt'/,
    );
    assert.match(evalErrorReport('builtins.head 1'), /while evaluating the first argument passed to 'builtins.head'/);
  });

  it('annotates type errors, not evaluation errors, of list arguments', () => {
    const report = evalErrorReport('builtins.length 1');
    assert.match(report, /while calling the 'length' builtin/);
    assert.match(report, /while evaluating the first argument passed to builtins.length/);
    assert.match(report, /expected a list but found an integer: 1/);
    assert.doesNotMatch(evalErrorReport('builtins.length (throw "x")'), /while evaluating the first argument/);
  });
});

describe('elem', () => {
  it('compares with ==, numbers across types', () => {
    assert.equal(evalNix('builtins.elem 2 [ 1 2 3 ]'), 'true');
    assert.equal(evalNix('builtins.elem 2.0 [ 1 2 3 ]'), 'true');
    assert.equal(evalNix('builtins.elem [ ] [ 1 [ ] ]'), 'true');
    assert.equal(evalNix('builtins.elem 4 [ ]'), 'false');
  });

  it('stops at the first match', () => {
    assert.equal(evalNix('builtins.elem 1 [ 1 (throw "no") ]'), 'true');
    assert.equal(evalError('builtins.elem 2 [ 1 (throw "yes") ]'), 'yes');
  });

  it('finds a function only as the same cell', () => {
    assert.equal(evalNix('builtins.elem (x: x) [ (x: x) ]'), 'false');
    assert.equal(evalNix('let f = x: x; in builtins.elem f [ f ]'), 'true');
  });
});

describe('filter, map, all, any', () => {
  it('filter keeps the elements for which the predicate holds', () => {
    assert.equal(evalNix('builtins.filter (x: x > 1) [ 1 2 3 ]'), '[ 2 3 ]');
    assert.equal(evalNix('builtins.filter (x: false) [ 1 2 3 ]'), '[ ]');
    assert.equal(evalNix('builtins.filter (throw "f") [ ]'), '[ ]');
  });

  it('filter checks the predicate result', () => {
    assert.equal(evalError('builtins.filter (x: 1) [ 1 ]'), 'expected a Boolean but found an integer: 1');
    assert.match(
      evalErrorReport('builtins.filter (x: 1) [ 1 ]'),
      /while evaluating the return value of the filtering function passed to builtins.filter/,
    );
  });

  it('map is lazy and does not force the function of an empty list', () => {
    assert.equal(evalNix('builtins.map (x: x * 2) [ 1 2 ]'), '[ 2 4 ]');
    assert.equal(evalNix('builtins.map (throw "f") [ ]'), '[ ]');
    assert.equal(evalNix('builtins.elemAt (builtins.map (x: 10 / x) [ 0 5 ]) 1'), '2');
    assert.equal(evalError('builtins.map 1 [ 1 ]'), 'expected a function but found an integer: 1');
  });

  it('forceFunction annotates evaluation errors too', () => {
    assert.match(evalErrorReport('builtins.all (throw "f") [ ]'), /while evaluating the first argument passed to builtins.all/);
  });

  it('all and any stop early', () => {
    assert.equal(evalNix('builtins.all (x: x > 1) [ 1 (throw "no") ]'), 'false');
    assert.equal(evalNix('builtins.any (x: x > 0) [ 1 (throw "no") ]'), 'true');
    assert.equal(evalNix('builtins.all (x: x) [ ]'), 'true');
    assert.equal(evalNix('builtins.any (x: x) [ ]'), 'false');
    assert.match(evalErrorReport('builtins.any (x: 1) [ 1 ]'), /while evaluating the return value of the function passed to builtins.any/);
  });
});

describe('concatLists, concatMap', () => {
  it('concatenates', () => {
    assert.equal(evalNix('builtins.concatLists [ [ 1 ] [ ] [ 2 3 ] ]'), '[ 1 2 3 ]');
    assert.equal(evalNix('builtins.concatLists [ ]'), '[ ]');
    assert.equal(evalNix('builtins.concatMap (x: [ x x ]) [ 1 2 ]'), '[ 1 1 2 2 ]');
    assert.equal(evalNix('builtins.length (builtins.concatLists [ [ (throw "a") ] ])'), '1');
  });

  it('checks every element', () => {
    assert.equal(evalError('builtins.concatLists [ [ 1 ] 2 ]'), 'expected a list but found an integer: 2');
    assert.match(evalErrorReport('builtins.concatLists [ 2 ]'), /while evaluating a value of the list passed to builtins.concatLists/);
    assert.match(
      evalErrorReport('builtins.concatMap (x: x) [ 1 ]'),
      /while evaluating the return value of the function passed to builtins.concatMap\n\s+at \S+string\S+:1:21:/,
    );
  });
});

describe("foldl'", () => {
  it('folds from the left', () => {
    assert.equal(evalNix("builtins.foldl' (a: b: a + b) 0 [ 1 2 3 ]"), '6');
    assert.equal(evalNix("builtins.foldl' (a: b: [ a b ]) 0 [ 1 2 ]"), '[ [ 0 1 ] 2 ]');
    assert.equal(evalNix("builtins.foldl' builtins.add 0 [ 1 2 3 ]"), '6');
  });

  it('evaluates each step, but not the elements or the initial value themselves', () => {
    assert.equal(evalError('builtins.foldl\' (a: b: if b == 2 then throw "step" else 0) 0 [ 1 2 3 ]'), 'step');
    assert.equal(evalNix('builtins.foldl\' (a: b: a) 0 [ (throw "x") ]'), '0');
    assert.equal(evalNix('builtins.foldl\' (a: b: b) (throw "init") [ 1 ]'), '1');
    assert.equal(evalError('builtins.foldl\' (a: b: b) (throw "init") [ ]'), 'init');
  });

  it('reports overflow', () => {
    assert.equal(
      evalError("builtins.foldl' (a: b: a + b) 0 [ 9223372036854775807 1 ]"),
      'integer overflow in adding 9223372036854775807 + 1',
    );
  });

  it('names foldlStrict in its argument traces', () => {
    assert.match(evalErrorReport("builtins.foldl' 1 0 [ ]"), /while evaluating the first argument passed to builtins.foldlStrict/);
    assert.match(evalErrorReport("builtins.foldl' (a: b: a) 0 1"), /while evaluating the third argument passed to builtins.foldlStrict/);
  });

  it('runs over a long list', () => {
    assert.equal(evalNix("builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 100000)"), '4999950000');
  });
});

describe('genList', () => {
  it('generates lazily', () => {
    assert.equal(evalNix('builtins.genList (x: x * x) 4'), '[ 0 1 4 9 ]');
    assert.equal(evalNix('builtins.length (builtins.genList throw 3)'), '3');
    assert.equal(evalNix('builtins.genList (x: x) 0'), '[ ]');
  });

  it('checks the length before the function', () => {
    assert.equal(evalError('builtins.genList false (-3)'), 'cannot create list of size -3');
    assert.equal(evalError('builtins.genList 1 0'), 'expected a function but found an integer: 1');
    assert.equal(evalError('builtins.genList (x: x) 1.5'), 'expected an integer but found a float: 1.5');
    assert.equal(evalError('builtins.genList (x: x) 9223372036854775807'), 'out of memory');
  });
});

describe('sort', () => {
  it('sorts stably', () => {
    assert.equal(evalNix('builtins.sort (a: b: a < b) [ 5 3 1 4 2 ]'), '[ 1 2 3 4 5 ]');
    assert.equal(evalNix('builtins.sort builtins.lessThan [ "b" "a" "c" ]'), '[ "a" "b" "c" ]');
    assert.equal(
      evalNix('map (x: x.v) (builtins.sort (a: b: a.k < b.k) (builtins.genList (i: { k = builtins.bitAnd (i * 7) 3; v = i; }) 17))'),
      '[ 0 4 8 12 16 3 7 11 15 2 6 10 14 1 5 9 13 ]',
    );
  });

  it('handles empty and single-element lists without calling the comparator', () => {
    assert.equal(evalNix('builtins.sort (throw "f") [ ]'), '[ ]');
    assert.equal(evalNix('builtins.sort (a: b: throw "cmp") [ 1 ]'), '[ 1 ]');
  });

  it('evaluates every element first', () => {
    assert.equal(evalError('builtins.sort (a: b: true) [ 1 (throw "x") ]'), 'x');
  });

  it('keeps the elements themselves, so == still sees the same cells', () => {
    // Functions are equal only as the same cell of a list.
    assert.equal(evalNix('let g = (x: x) (y: y); in builtins.sort (a: b: false) [ g g ] == [ g g ]'), 'true');
    assert.equal(evalNix('let g = (x: x) (y: y); in builtins.sort (a: b: false) [ g (x: x) ] == [ g (x: x) ]'), 'false');
    assert.equal(evalNix('builtins.sort (a: b: a < b) [ (1 + 2) 1 (2 - 0) ]'), '[ 1 2 3 ]');
  });

  it('orders inconsistent comparators as libstdc++ std::stable_sort does', () => {
    assert.equal(
      evalNix('builtins.sort (a: b: true) (builtins.genList (i: i) 20)'),
      '[ 19 18 17 16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 ]',
    );
    assert.equal(
      evalNix('builtins.sort (a: b: (a * 7 + b) - (a * 7 + b) / 3 * 3 == 0) (builtins.genList (i: i) 40)'),
      '[ 6 3 0 26 38 13 19 25 37 2 5 11 17 23 35 1 4 10 16 22 34 8 14 20 7 39 36 33 30 27 24 21 18 15 12 9 29 32 28 31 ]',
    );
    assert.equal(evalNix('builtins.sort (a: b: a <= b) [ 3 1 2 1 3 2 ]'), '[ 1 1 2 2 3 3 ]');
  });

  it('checks the comparator and its result', () => {
    assert.equal(evalError('builtins.sort 1 [ 1 2 ]'), 'expected a function but found an integer: 1');
    assert.equal(evalError('builtins.sort (a: b: 1) [ 1 2 ]'), 'expected a Boolean but found an integer: 1');
    assert.match(
      evalErrorReport('builtins.sort (a: b: 1) [ 1 2 ]'),
      /while evaluating the return value of the sorting function passed to builtins.sort/,
    );
    assert.equal(evalError('builtins.sort (a: b: throw "cmp") [ 1 2 ]'), 'cmp');
  });

  it('sorts ints and strings with builtins.lessThan', () => {
    assert.equal(evalNix('builtins.sort builtins.lessThan (builtins.genList (i: 5 - i) 6)'), '[ 0 1 2 3 4 5 ]');
    assert.equal(evalNix('builtins.sort builtins.lessThan [ "b" "a" "B" "" ]'), '[ "" "B" "a" "b" ]');
    assert.equal(
      evalNix('builtins.sort builtins.lessThan [ 3 1 2.5 9223372036854775807 (-9223372036854775807) ]'),
      '[ -9223372036854775807 1 2.5 3 9223372036854775807 ]',
    );
    assert.equal(evalNix('builtins.sort builtins.lessThan [ 2 1 ] == [ 1 2 ]'), 'true');
  });

  it('compares directly with builtins.lessThan', () => {
    const report = evalErrorReport('builtins.sort builtins.lessThan [ 1 "a" ]');
    assert.match(report, /while evaluating the ordering function passed to builtins.sort/);
    assert.doesNotMatch(report, /while calling the 'lessThan' builtin/);
  });
});

describe('sortWith (std::stable_sort)', () => {
  it('agrees with a stable sort for a consistent comparator', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (const n of [0, 1, 2, 6, 7, 8, 13, 14, 15, 28, 29, 100, 1000, 4097]) {
      const items: Value[] = Array.from({ length: n }, (_, i) => [rand() % 50, i]);
      const expected = items.slice().sort((a, b) => (a as number[])[0]! - (b as number[])[0]!);
      sortWith(items, (a, b) => (a as number[])[0]! < (b as number[])[0]!);
      assert.deepEqual(items, expected, `n = ${n}`);
    }
  });
});

describe('partition, groupBy', () => {
  it('partition splits, evaluating each element before calling', () => {
    assert.equal(evalNix('builtins.partition (x: x > 1) [ 1 2 3 ]'), '{ right = [ 2 3 ]; wrong = [ 1 ]; }');
    assert.equal(evalNix('builtins.partition (x: x) [ ]'), '{ right = [ ]; wrong = [ ]; }');
    assert.equal(evalError('builtins.partition (x: true) [ (throw "elem") ]'), 'elem');
    assert.equal(evalError('builtins.partition 1 (throw "list")'), 'expected a function but found an integer: 1');
  });

  it('groupBy groups by name, keeping list order', () => {
    assert.equal(evalNix('builtins.groupBy (x: x) [ "b" "a" "b" ]'), '{ a = [ "a" ]; b = [ "b" "b" ]; }');
    assert.equal(evalNix('builtins.groupBy (x: throw "no") [ ]'), '{ }');
    assert.equal(evalNix('builtins.length (builtins.groupBy (x: "k") [ (throw "lazy") ]).k'), '1');
    assert.match(
      evalErrorReport('builtins.groupBy (x: 1) [ 1 ]'),
      /while evaluating the return value of the grouping function passed to builtins.groupBy/,
    );
  });
});

describe('listToAttrs', () => {
  it('builds a set; the first occurrence of a name wins', () => {
    assert.equal(
      evalNix('builtins.listToAttrs [ { name = "b"; value = 1; } { name = "a"; value = 2; } { name = "b"; value = 3; } ]'),
      '{ a = 2; b = 1; }',
    );
    assert.equal(evalNix('builtins.listToAttrs [ ]'), '{ }');
  });

  it('keeps values lazy', () => {
    assert.equal(evalNix('builtins.attrNames (builtins.listToAttrs [ { name = "a"; value = throw "lazy"; } ])'), '[ "a" ]');
  });

  it('needs a value only for the first occurrence of a name', () => {
    assert.equal(evalNix('builtins.listToAttrs [ { name = "a"; value = 1; } { name = "a"; } ]'), '{ a = 1; }');
    assert.equal(evalError('builtins.listToAttrs [ { name = "a"; } { name = "a"; value = 1; } ]'), "attribute 'value' missing");
    assert.match(evalErrorReport('builtins.listToAttrs [ { } ]'), /in a \{name=...; value=...;\} pair/);
  });

  it('checks names', () => {
    assert.equal(evalError('builtins.listToAttrs [ { name = 1; value = 1; } ]'), 'expected a string but found an integer: 1');
    assert.equal(evalError('builtins.listToAttrs [ 1 ]'), 'expected a set but found an integer: 1');
  });

  it('builds large sets', () => {
    assert.equal(
      evalNix(
        'let s = builtins.listToAttrs (builtins.genList (i: { name = "n${toString (9999 - i)}"; value = i; }) 10000); in [ s.n0 s.n9999 (builtins.length (builtins.attrNames s)) ]',
      ),
      '[ 9999 0 10000 ]',
    );
  });
});

describe('genericClosure', () => {
  it('computes the closure, in discovery order', () => {
    assert.equal(
      evalNix(
        'map (x: x.key) (builtins.genericClosure { startSet = [ { key = 5; } ]; operator = x: if x.key == 1 then [ ] else [ { key = if x.key / 2 * 2 == x.key then x.key / 2 else 3 * x.key + 1; } ]; })',
      ),
      '[ 5 16 8 4 2 1 ]',
    );
  });

  it('compares keys with ==, across int and float and in lists', () => {
    assert.equal(
      evalNix('builtins.length (builtins.genericClosure { startSet = [ { key = 1; } { key = 1.0; } ]; operator = x: [ ]; })'),
      '1',
    );
    assert.equal(
      evalNix(
        'builtins.length (builtins.genericClosure { startSet = [ { key = [ 1 2 ]; } { key = [ 1 2 ]; } { key = [ 1 3 ]; } ]; operator = x: [ ]; })',
      ),
      '2',
    );
  });

  it('does not need an operator for an empty start set', () => {
    assert.equal(evalNix('builtins.genericClosure { startSet = [ ]; }'), '[ ]');
  });

  it('explains its failures', () => {
    assert.equal(evalError('builtins.genericClosure { operator = x: [ ]; }'), "attribute 'startSet' missing");
    assert.match(
      evalErrorReport('builtins.genericClosure { startSet = [ { nokey = 1; } ]; operator = x: [ ]; }'),
      /in genericClosure element \{ nokey = 1; \}/,
    );
    const clash = evalErrorReport(
      'builtins.genericClosure { startSet = [ { key = 1; } { key = 2; } { key = 3; } { key = "a"; } ]; operator = x: [ ]; }',
    );
    assert.match(clash, /while comparing element \{ key = "a"; \}\n\n\s+\S+ with element \{ key = 1; \}/);
    // The red-black tree's root, 2, is the key "a" is compared with first.
    assert.match(clash, /cannot compare a string with an integer; values are "a" and 2/);
  });
});

// Docs of the list builtins.

import { type BuiltinDoc, doc, ex } from './format.js';

export const listDocs: readonly BuiltinDoc[] = [
  doc(
    'map',
    ['f', 'list'],
    'A new list of the same length whose element i is `f` applied to element i of `list`. ' +
      'The calls are lazy: each result is computed only when that element is used, so `map` over a list never fails by itself. ' +
      'It is also a global name.',
    [ex('map (x: x * 2) [ 1 2 3 ]', '[ 2 4 6 ]'), ex('builtins.length (map (x: throw "unused") [ 1 2 ])', '2')],
  ),
  doc(
    'filter',
    ['f', 'list'],
    'The elements of `list` for which `f` returns `true`, in their original order. `f` must return a boolean; anything else is an error.',
    [ex('builtins.filter (x: x > 1) [ 3 1 2 ]', '[ 3 2 ]'), ex('builtins.filter (s: s != "") [ "a" "" "b" ]', '[ "a" "b" ]')],
  ),
  doc('length', ['list'], 'The number of elements of a list. The elements themselves are not evaluated.', [
    ex('builtins.length [ 1 2 3 ]', '3'),
    ex('builtins.length [ ]', '0'),
    ex('builtins.length [ (throw "unused") ]', '1'),
  ]),
  doc('head', ['list'], 'The first element of a list. An empty list is an error; `builtins.elemAt list 0` does the same.', [
    ex('builtins.head [ "a" "b" ]', '"a"'),
    ex('builtins.head [ ]', "error: 'builtins.head' called on an empty list"),
  ]),
  doc(
    'tail',
    ['list'],
    'The list without its first element. An empty list is an error. Walking a long list by repeated `tail` may copy it at each step, ' +
      "so `foldl'`, `elemAt` or `map` are the usual way to go through one.",
    [ex('builtins.tail [ 1 2 3 ]', '[ 2 3 ]'), ex('builtins.tail [ 1 ]', '[ ]')],
  ),
  doc(
    'elemAt',
    ['list', 'n'],
    'The element of `list` at position `n`, counting from 0. An index below 0 or past the end is an error naming the index and the size.',
    [
      ex('builtins.elemAt [ "a" "b" "c" ] 1', '"b"'),
      ex('builtins.elemAt [ 1 ] 5', "error: 'builtins.elemAt' called with index 5 on a list of size 1"),
    ],
  ),
  doc(
    'elem',
    ['x', 'list'],
    'Whether `list` holds an element equal to `x`, with `==` (so `1` and `1.0` are equal, and sets compare by content). ' +
      'It stops at the first equal element.',
    [ex('builtins.elem 2 [ 1 2 3 ]', 'true'), ex('builtins.elem { a = 1; } [ { a = 1; } ]', 'true'), ex('builtins.elem "x" [ ]', 'false')],
  ),
  doc(
    'concatLists',
    ['lists'],
    'Joins a list of lists into one list, in order. Every element of `lists` must be a list; the inner elements are not evaluated.',
    [ex('builtins.concatLists [ [ 1 ] [ 2 3 ] [ ] [ 4 ] ]', '[ 1 2 3 4 ]')],
  ),
  doc(
    'concatMap',
    ['f', 'list'],
    'Applies `f` to every element of `list`, where `f` returns a list, and joins the results into one list: ' +
      '`builtins.concatLists (map f list)` in one step.',
    [
      ex('builtins.concatMap (x: [ x x ]) [ 1 2 ]', '[ 1 1 2 2 ]'),
      ex('builtins.concatMap (x: if x > 1 then [ x ] else [ ]) [ 1 2 3 ]', '[ 2 3 ]'),
    ],
  ),
  doc(
    "foldl'",
    ['op', 'nul', 'list'],
    'Combines the elements of `list` from the left: with `nul` as the start, it calls `op acc x` for each element `x` in turn, the result ' +
      'becoming the next `acc`, and returns the last one (`nul` for an empty list). ' +
      'Unlike a lazy fold, it evaluates each intermediate result as it goes, which keeps long folds from building up huge unevaluated expressions.',
    [
      ex("builtins.foldl' (acc: x: acc + x) 0 [ 1 2 3 ]", '6'),
      ex('builtins.foldl\' (acc: x: "(${acc} ${x})") "z" [ "a" "b" ]', '"((z a) b)"'),
    ],
  ),
  doc(
    'genList',
    ['generator', 'length'],
    'A list of `length` elements where element i is `generator i`, for i from 0. Each element is computed lazily, when used. ' +
      'A negative length is an error.',
    [ex('builtins.genList (i: i * i) 5', '[ 0 1 4 9 16 ]'), ex('builtins.genList (i: "x") 0', '[ ]')],
  ),
  doc(
    'all',
    ['pred', 'list'],
    'Whether `pred` returns `true` for every element of `list`; `true` for an empty list. It stops at the first element for which it is `false`.',
    [ex('builtins.all (x: x > 0) [ 1 2 3 ]', 'true'), ex('builtins.all (x: x > 1) [ 1 (throw "unused") ]', 'false')],
  ),
  doc(
    'any',
    ['pred', 'list'],
    'Whether `pred` returns `true` for at least one element of `list`; `false` for an empty list. It stops at the first element for which it is `true`.',
    [ex('builtins.any (x: x > 2) [ 1 2 3 ]', 'true'), ex('builtins.any (x: x) [ ]', 'false')],
  ),
  doc(
    'sort',
    ['comparator', 'list'],
    'The elements of `list` in the order `comparator` defines: `comparator a b` returns `true` when `a` must come before `b`. ' +
      'The sort is stable, so elements neither of which comes first keep their original order. ' +
      'The comparator must be a strict order (never true for `a a`); `builtins.lessThan` sorts numbers or strings ascending.',
    [
      ex('builtins.sort builtins.lessThan [ 3 1 2 ]', '[ 1 2 3 ]'),
      ex('builtins.sort (a: b: a > b) [ "b" "c" "a" ]', '[ "c" "b" "a" ]'),
      ex(
        'builtins.sort (a: b: a.k < b.k) [ { k = 2; v = 1; } { k = 1; v = 2; } { k = 2; v = 3; } ]',
        '[ { k = 1; v = 2; } { k = 2; v = 1; } { k = 2; v = 3; } ]',
      ),
    ],
  ),
  doc(
    'partition',
    ['pred', 'list'],
    'Splits `list` in two by `pred`: a set whose `right` holds the elements for which `pred` is `true` and whose `wrong` holds the others, ' +
      'both in their original order.',
    [ex('builtins.partition (x: x > 2) [ 1 3 2 4 ]', '{ right = [ 3 4 ]; wrong = [ 1 2 ]; }')],
  ),
  doc(
    'groupBy',
    ['f', 'list'],
    'Groups the elements of `list` by the string `f` returns for each: a set from each such string to the list of elements that gave it, ' +
      'in their original order.',
    [
      ex(
        'builtins.groupBy (s: builtins.substring 0 1 s) [ "apple" "banana" "avocado" ]',
        '{ a = [ "apple" "avocado" ]; b = [ "banana" ]; }',
      ),
      ex('builtins.groupBy (x: if x > 0 then "pos" else "neg") [ 1 (-2) 3 ]', '{ neg = [ -2 ]; pos = [ 1 3 ]; }'),
    ],
  ),
  doc(
    'genericClosure',
    ['attrs'],
    'Computes a closure: starting from the sets in `attrs.startSet`, it calls `attrs.operator` on each set found and adds the sets it returns, ' +
      'until no new ones turn up. Every set must have a `key` attribute; keys must be comparable with each other (numbers, strings, or lists of them), ' +
      'and a set whose key was already seen is dropped. The result lists the sets kept, in the order they were found.',
    [
      ex(
        'builtins.genericClosure {\n  startSet = [ { key = 6; } ];\n  operator = item: if item.key > 1 then [ { key = builtins.div item.key 2; } ] else [ ];\n}',
        '[ { key = 6; } { key = 3; } { key = 1; } ]',
      ),
      ex('builtins.genericClosure { startSet = [ { key = "a"; } { key = "a"; } ]; operator = item: [ ]; }', '[ { key = "a"; } ]'),
    ],
  ),
];

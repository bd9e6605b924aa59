// Docs of the attribute set builtins.

import { type BuiltinDoc, doc, ex } from './format.js';

export const attrDocs: readonly BuiltinDoc[] = [
  doc(
    'attrNames',
    ['set'],
    'The names of the attributes of `set`, as a list of strings sorted by their bytes (so upper case comes before lower case). ' +
      'The values are not evaluated.',
    [ex('builtins.attrNames { b = 1; a = 2; B = 3; }', '[ "B" "a" "b" ]'), ex('builtins.attrNames { x = throw "unused"; }', '[ "x" ]')],
  ),
  doc(
    'attrValues',
    ['set'],
    'The values of the attributes of `set`, as a list in the order of their names (the order `attrNames` gives). ' +
      'The values themselves are left unevaluated until used.',
    [ex('builtins.attrValues { b = "second"; a = "first"; }', '[ "first" "second" ]')],
  ),
  doc(
    'getAttr',
    ['name', 'set'],
    'The value of the attribute called `name` in `set`, like `set.${name}`. A missing attribute is an error; `set.${name} or default` ' +
      'is the way to fall back to something.',
    [ex('builtins.getAttr "b" { a = 1; b = 2; }', '2'), ex('builtins.getAttr "c" { a = 1; }', "error: attribute 'c' missing")],
  ),
  doc(
    'hasAttr',
    ['name', 'set'],
    'Whether `set` has an attribute called `name`, like `set ? ${name}`. Only the set is evaluated, not the attribute.',
    [ex('builtins.hasAttr "a" { a = throw "unused"; }', 'true'), ex('builtins.hasAttr "b" { a = 1; }', 'false')],
  ),
  doc(
    'removeAttrs',
    ['set', 'names'],
    'A copy of `set` without the attributes named in the list `names`. Names that `set` does not have are ignored; every name must be a string. ' +
      'It is also a global name.',
    [ex('removeAttrs { a = 1; b = 2; c = 3; } [ "a" "c" "z" ]', '{ b = 2; }')],
  ),
  doc(
    'intersectAttrs',
    ['e1', 'e2'],
    'The attributes of `e2` whose names also appear in `e1`, with the values from `e2`. ' +
      'The values in `e1` are never looked at, so it often serves as a set of names to keep.',
    [ex('builtins.intersectAttrs { a = null; b = null; } { b = 2; c = 3; }', '{ b = 2; }')],
  ),
  doc(
    'catAttrs',
    ['name', 'list'],
    'From a list of sets, the values of the attribute `name` of those sets that have one, in list order. Sets without it are skipped.',
    [ex('builtins.catAttrs "a" [ { a = 1; } { b = 2; } { a = 3; } ]', '[ 1 3 ]')],
  ),
  doc(
    'listToAttrs',
    ['list'],
    'Builds a set from a list of `{ name = ...; value = ...; }` sets, the inverse of turning a set into name/value pairs. ' +
      'When a name occurs more than once, its first occurrence wins. A pair without `name` or `value` is an error; the values stay lazy.',
    [
      ex('builtins.listToAttrs [ { name = "a"; value = 1; } { name = "b"; value = 2; } ]', '{ a = 1; b = 2; }'),
      ex('builtins.listToAttrs [ { name = "x"; value = "first"; } { name = "x"; value = "second"; } ]', '{ x = "first"; }'),
    ],
  ),
  doc(
    'mapAttrs',
    ['f', 'set'],
    'A set with the same names as `set`, where the value of each attribute `name` is `f name value`. ' +
      'The calls are lazy: the names are known at once, and each value is computed when it is used.',
    [
      ex('builtins.mapAttrs (name: value: value * 10) { a = 1; b = 2; }', '{ a = 10; b = 20; }'),
      ex('builtins.mapAttrs (name: value: "${name}=${value}") { x = "1"; }', '{ x = "x=1"; }'),
    ],
  ),
  doc(
    'zipAttrsWith',
    ['f', 'list'],
    'Merges a list of sets: for every name found in any of them, the result has an attribute `name` whose value is `f name values`, ' +
      'where `values` lists the values under that name in the order of the sets that have it. The calls to `f` are lazy.',
    [
      ex('builtins.zipAttrsWith (name: values: values) [ { a = 1; } { a = 2; b = 3; } ]', '{ a = [ 1 2 ]; b = [ 3 ]; }'),
      ex('builtins.zipAttrsWith (name: builtins.length) [ { a = 1; } { a = 2; b = 3; } ]', '{ a = 2; b = 1; }'),
    ],
  ),
  doc(
    'functionArgs',
    ['f'],
    'For a function taking a set pattern (`{ a, b ? 1, ... }: ...`), a set from each named argument to whether it has a default value. ' +
      'A function with a plain argument (`x: ...`) and a builtin give `{ }`. Tools such as `callPackage` use it to know what to pass.',
    [ex('builtins.functionArgs ({ a, b ? 1, ... }: a)', '{ a = false; b = true; }'), ex('builtins.functionArgs (x: x)', '{ }')],
  ),
];

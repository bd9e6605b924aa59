// Docs of the builtins that ask what type a value has.

import { type BuiltinDoc, doc, ex } from './format.js';

export const typeDocs: readonly BuiltinDoc[] = [
  doc(
    'typeOf',
    ['value'],
    'The name of the type of a value, as a string: one of `"int"`, `"float"`, `"bool"`, `"string"`, `"path"`, `"null"`, `"list"`, `"set"` ' +
      'and `"lambda"`. Builtins and partly applied builtins are `"lambda"` too, while a set with `__functor` is still a `"set"`. ' +
      'It evaluates its argument only as far as needed to see its type.',
    [
      ex('builtins.typeOf 1', '"int"'),
      ex(
        'map builtins.typeOf [ 1.5 "s" ./. null [ ] { } (x: x) builtins.map ]',
        '[ "float" "string" "path" "null" "list" "set" "lambda" "lambda" ]',
      ),
    ],
  ),
  doc(
    'isAttrs',
    ['e'],
    'Whether the value is an attribute set. Derivations and callable sets (with `__functor`) are sets and count; functions do not. ' +
      'Only the value itself is evaluated, not its attributes.',
    [ex('builtins.isAttrs { a = throw "not evaluated"; }', 'true'), ex('builtins.isAttrs [ ]', 'false')],
  ),
  doc(
    'isBool',
    ['e'],
    'Whether the value is `true` or `false`. Nothing else counts as a boolean: not `null`, not 0, not the empty string.',
    [ex('builtins.isBool false', 'true'), ex('builtins.isBool null', 'false')],
  ),
  doc(
    'isFloat',
    ['e'],
    'Whether the value is a floating-point number. A literal with a dot or an exponent (`1.0`, `1e3`) is a float; an integer never is, ' +
      'even where the two compare equal.',
    [ex('builtins.isFloat 1.0', 'true'), ex('builtins.isFloat 1', 'false')],
  ),
  doc(
    'isFunction',
    ['e'],
    'Whether the value is a function: a lambda, a builtin or a builtin applied to some of its arguments. ' +
      'A set with a `__functor` attribute can be called but is not a function for this test.',
    [
      ex('builtins.isFunction (x: x)', 'true'),
      ex('builtins.isFunction (builtins.add 1)', 'true'),
      ex('builtins.isFunction { __functor = self: x: x; }', 'false'),
    ],
  ),
  doc('isInt', ['e'], 'Whether the value is an integer (a 64-bit signed number). Floats are not, whatever their value.', [
    ex('builtins.isInt (2 * 3)', 'true'),
    ex('builtins.isInt 6.0', 'false'),
  ]),
  doc('isList', ['e'], 'Whether the value is a list. It looks only at the list itself, not at its elements, which stay unevaluated.', [
    ex('builtins.isList [ (throw "not evaluated") ]', 'true'),
    ex('builtins.isList { }', 'false'),
  ]),
  doc(
    'isNull',
    ['e'],
    'Whether the value is `null`; the same as `e == null`. It is deprecated in favour of that comparison but still works, and is also a global name.',
    [ex('isNull null', 'true'), ex('builtins.isNull ""', 'false')],
  ),
  doc(
    'isPath',
    ['e'],
    'Whether the value is a path (`./file`, `/etc`, `<nixpkgs>`). A string holding a path, or a store path made by interpolation, is a string and not a path.',
    [ex('builtins.isPath /etc', 'true'), ex('builtins.isPath "/etc"', 'false'), ex('builtins.isPath (toString /etc)', 'false')],
  ),
  doc(
    'isString',
    ['e'],
    'Whether the value is a string, with or without string context. Paths are not strings, though many builtins accept both.',
    [ex('builtins.isString "abc"', 'true'), ex('builtins.isString ./abc', 'false')],
  ),
];

// Docs of the builtins that raise and catch errors and control evaluation order.

import { type BuiltinDoc, doc, ex } from './format.js';

export const controlDocs: readonly BuiltinDoc[] = [
  doc(
    'throw',
    ['message'],
    'Stops evaluation with an error whose text is `message` (a string, or something that converts to one like interpolation does). ' +
      'Unlike `abort`, the error can be caught by `builtins.tryEval`, so it suits conditions a caller may want to test for, such as a package ' +
      'unsupported on a platform. It is also a global name.',
    [ex('throw "not supported"', 'error: not supported'), ex('builtins.tryEval (throw "caught")', '{ success = false; value = false; }')],
  ),
  doc(
    'abort',
    ['message'],
    'Stops evaluation with an error that reports `message` as the reason evaluation was aborted. ' +
      'Nothing can catch it, not even `builtins.tryEval`: use it for situations where carrying on makes no sense, and `throw` otherwise. ' +
      'It is also a global name.',
    [ex('abort "the end"', "error: evaluation aborted with the following error message: 'the end'")],
  ),
  doc(
    'tryEval',
    ['expr'],
    'Evaluates `expr` to its outer shape (not deeply) and reports how that went: `{ success = true; value = ...; }` if it succeeded, or ' +
      '`{ success = false; value = false; }` if it raised an error from `throw` or a failed `assert`. ' +
      'Other errors (`abort`, type errors, missing attributes...) are not caught and stop evaluation as usual. ' +
      'Errors hidden inside the value, such as in an attribute, only surface when that part is used.',
    [
      ex('builtins.tryEval (1 + 2)', '{ success = true; value = 3; }'),
      ex('builtins.tryEval (throw "no")', '{ success = false; value = false; }'),
      ex('builtins.tryEval (assert 1 == 2; "unreachable")', '{ success = false; value = false; }'),
      ex('(builtins.tryEval { a = throw "inside"; }).success', 'true'),
    ],
  ),
  doc(
    'seq',
    ['a', 'b'],
    'Evaluates `a` to its outer shape, then returns `b`. "Outer shape" means only as far as telling what it is: the elements of a list and ' +
      'the attributes of a set stay unevaluated. It is useful to make an error in `a` happen, or to force a value early.',
    [
      ex('builtins.seq (1 + 1) "done"', '"done"'),
      ex('builtins.seq { a = throw "unused"; } "done"', '"done"'),
      ex('builtins.seq (throw "forced") "done"', 'error: forced'),
    ],
  ),
  doc(
    'deepSeq',
    ['a', 'b'],
    'Evaluates `a` completely, every list element and attribute value at every depth, then returns `b`. ' +
      'Any error anywhere in `a` is raised. It is the deep version of `builtins.seq`.',
    [ex('builtins.deepSeq { a = [ 1 2 ]; } "done"', '"done"'), ex('builtins.deepSeq { a = [ (throw "deep") ]; } "done"', 'error: deep')],
  ),
];

// Docs of the builtins for debugging: traces, warnings, the debugger, error context, positions.

import { type BuiltinDoc, doc, ex } from './format.js';

export const debugDocs: readonly BuiltinDoc[] = [
  doc(
    'trace',
    ['value', 'result'],
    'Prints `value` on standard error, prefixed with `trace: `, then returns `result`. A string is printed as its text; any other value is ' +
      'evaluated to its outer shape and printed as Nix code, with parts not yet evaluated shown as `«thunk»`. ' +
      'The message appears when the call is evaluated, which with laziness may be later than expected, or never.',
    [
      ex('builtins.trace "checking x" 42', '42', 'trace: checking x'),
      ex('builtins.trace { a = 1; } "done"', '"done"', 'trace: { a = 1; }'),
    ],
  ),
  doc(
    'traceVerbose',
    ['value', 'result'],
    'Like `builtins.trace`, but prints only when verbose tracing is on (`--trace-verbose`, the `trace-verbose` setting); otherwise it just ' +
      'returns `result`. It lets code carry detailed traces that stay quiet by default.',
    [ex('builtins.traceVerbose "only with --trace-verbose" 42', '42')],
  ),
  doc(
    'warn',
    ['message', 'result'],
    'Prints `message`, which must be a string, as an evaluation warning on standard error and returns `result`. ' +
      'With the `abort-on-warn` setting the warning is an error instead, which helps find where it comes from; with `debugger-on-warn` ' +
      'it enters the debugger when `--debugger` is on.',
    [ex('builtins.warn "this option is deprecated" 1', '1', 'evaluation warning: this option is deprecated')],
  ),
  doc(
    'break',
    ['value'],
    'Returns `value` unchanged. When evaluation runs with `--debugger`, evaluating it first pauses in the debugger, where the variables in ' +
      'scope can be inspected, as a breakpoint in the code.',
    [ex('builtins.break 42', '42')],
  ),
  doc(
    'addErrorContext',
    ['context', 'expr'],
    "Returns `expr`; if evaluating it fails, the string `context` is added to the error's trace as one more line of explanation (`… context`). " +
      'The error itself is unchanged, and so is a successful value. It is how library code says what it was doing when something went wrong.',
    [
      ex('builtins.addErrorContext "while checking the options" 5', '5'),
      ex('builtins.addErrorContext "while checking the options" (throw "bad value")', 'error: bad value'),
    ],
  ),
  doc(
    'unsafeGetAttrPos',
    ['name', 'set'],
    'Where the attribute `name` of `set` was defined in the source, as `{ file; line; column; }` (line and column from 1), or `null` if ' +
      'the set has no such attribute or its position is not known, as for sets made by builtins or code not read from a file. ' +
      'It serves error messages that point at a definition; results may change as the code changes.',
    [
      ex(
        '# ./set.nix holds "{\\n  a = 1;\\n  b = 2;\\n}\\n"\nbuiltins.unsafeGetAttrPos "b" (import ./set.nix)',
        '{ column = 3; file = "/project/set.nix"; line = 3; }',
      ),
      ex('builtins.unsafeGetAttrPos "c" (import ./set.nix)', 'null'),
    ],
  ),
];

// What `nix-instantiate --eval` prints for the value it computed, in each
// output format, as CppNix 2.26's nix-instantiate does it:
//
//   - the value itself is forced first (to weak head normal form);
//   - nix format: with --strict, deep-forced and then printed; without it,
//     printed as it is, unevaluated parts as `<CODE>`;
//   - --json: converted forcing as it goes only with --strict; without it a
//     thunk met is `cannot convert a thunk to JSON` (the attribute's trace).
//     The text is built in full before anything is written;
//   - --xml: written as it is made (CppNix streams through its XMLWriter),
//     forcing as it goes only with --strict, unevaluated values as
//     `<unevaluated />`. When forcing fails midway, the elements open are
//     closed (CppNix's writer closes them as the error unwinds) and the
//     partial document is on stdout before the error.

import type { Evaluator } from '../eval.js';
import { storeCopier } from '../builtins/argcheck.js';
import { Closure, stringValue, type Value } from '../value/types.js';
import { printJSON } from '../value/to-json.js';
import { printValueTo } from '../value/print.js';
import { toXML } from '../value/xml.js';
import type { InstantiateOptions } from './args.js';
import { stdout } from './output.js';

/** Prints `value` on stdout, with a newline after it. */
export function printResult(evaluator: Evaluator, value: Value, opts: InstantiateOptions): void {
  const text = resultText(evaluator, value, opts);
  // Only the XML ends with its own newline: a path value may end with one too (`./foo + "\n"`).
  stdout(opts.output === 'xml' && text.endsWith('\n') ? text : text + '\n');
}

/** The text still to print: the Nix format is written as it is made (it may be longer than a JS string holds), then ''. */
function resultText(evaluator: Evaluator, value: Value, opts: InstantiateOptions): string {
  const vm = evaluator.vm;
  const top = vm.force(value);
  if (opts.output === 'json') {
    return printJSON(top, vm, {
      strict: opts.strict,
      copyPathToStore: storeCopier(vm),
      attrPos: (set, name) => set.posOf(name),
      valuePos: (v) => (v instanceof Closure ? (v.blueprint.pos ?? null) : null),
    });
  }
  if (opts.output === 'xml') {
    return stringValue(
      toXML(top, vm, {
        strict: opts.strict,
        location: opts.location,
        attrPos: (set, name) => set.posOf(name),
        partial: (text) => stdout(text),
      }),
    );
  }
  printValueTo(opts.strict ? vm.forceDeep(top) : top, stdout);
  return '';
}

// Strings: stringLength, substring, replaceStrings, concatStringsSep, split, match, baseNameOf, dirOf.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function stringsBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}

// Numbers and versions: bitAnd, bitOr, bitXor, ceil, floor, compareVersions, splitVersion, parseDrvName.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function mathBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}

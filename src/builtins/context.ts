// String context: getContext, hasContext, appendContext, unsafeDiscardStringContext, unsafeDiscardOutputDependency, addDrvOutputDependencies.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function contextBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}

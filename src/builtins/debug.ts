// Debugging: trace, traceVerbose, warn, break, addErrorContext.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function debugBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}

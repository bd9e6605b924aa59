// Data formats: toJSON, fromJSON, fromTOML, toXML.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function dataBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}

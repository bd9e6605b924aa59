// Hashes: hashString, hashFile, convertHash.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function hashingBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}

// Builtins that need a Nix store or the network (derivation, fetchurl, ...): they exist and fail with a clear error until tsnix has a store.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function storeBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}

// Files and the environment: readFile, readDir, readFileType, pathExists, getEnv, currentTime, currentSystem, nixVersion, langVersion, storeDir, toPath.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function filesBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}

// The evaluator's thread. bin/tsnix runs the CLI here, in a worker with a
// large stack: Nix calls never use the JS stack, but builtins that call
// back into Nix (toJSON, derivationStrict, coercions, bitAnd's arguments)
// nest one JS frame per level, and CppNix allows thousands of levels.

import { workerData } from 'node:worker_threads';
import { main } from './main.js';

process.exit(main(workerData as string[]));

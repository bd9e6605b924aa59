// The CLI's entry point in both of bin/tsnix's threads.
//
// Nix calls never use the JS stack, but builtins that call back into Nix
// (toJSON, derivationStrict, coercions, bitAnd's arguments) nest one JS
// frame per level, and CppNix allows thousands of levels: the CLI's home is
// a worker with a 512 MB stack. Starting that worker takes ~17 ms, more
// than most evaluations, so bin/tsnix first runs the command speculatively
// on the main thread, its output held back. A run
// that ends within the budget, with no JS stack overflow, no internal error
// and no input it could not read twice (speculation.ts), is kept; any
// other is thrown away and the command runs again in the worker, as if the
// speculative run had never happened.

import { writeSync } from 'node:fs';
import { Script } from 'node:vm';
import { writeHeldEntries } from './code-cache.js';
import { main } from './main.js';
import { dropOutput, holdOutput, releaseOutput } from './output.js';
import { setSpeculating, wasAbandoned } from './speculation.js';

export { main, writeHeldEntries };

/**
 * How long a speculative run may take, in ms. A run handed over has lost
 * this much, less the ~7 ms the code cache saves the worker (see
 * bin/launch.cjs); most one-off commands take under 10 ms.
 */
export const SPECULATION_BUDGET_MS = 10;

const runner = new Script('globalThis.__tsnixSpeculation()', { filename: 'tsnix-speculation' });

/**
 * Runs the command on this thread, for at most `budgetMs`: its exit status
 * when the run is kept (its output then written), or null when it has to
 * run again in the worker (nothing written).
 */
export function speculate(argv: string[], budgetMs: number = SPECULATION_BUDGET_MS): number | null {
  const g = globalThis as { __tsnixSpeculation?: () => void };
  let status = 1;
  g.__tsnixSpeculation = () => {
    status = main(argv);
  };
  // A JS stack overflow may be caught and turned into a Nix error on the
  // way up; every place that does so asks `instanceof RangeError` first.
  let sawRangeError = false;
  const isInstance = Function.prototype[Symbol.hasInstance];
  Object.defineProperty(RangeError, Symbol.hasInstance, {
    configurable: true,
    value: (x: unknown): boolean => {
      const yes = isInstance.call(RangeError, x);
      if (yes) sawRangeError = true;
      return yes;
    },
  });
  holdOutput();
  setSpeculating(true);
  let finished = false;
  try {
    // The timeout ends the run (uncatchably) when it takes longer.
    runner.runInThisContext({ timeout: budgetMs });
    finished = true;
  } catch {
    // Out of time, or out of stack outside main's own handler: run again.
  } finally {
    setSpeculating(false);
    delete (RangeError as { [Symbol.hasInstance]?: unknown })[Symbol.hasInstance];
    delete g.__tsnixSpeculation;
  }
  if (!finished || sawRangeError || wasAbandoned()) {
    dropOutput();
    return null;
  }
  try {
    releaseOutput();
  } catch (e) {
    // As when a write fails in the worker: an internal error.
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    try {
      writeSync(2, `error: internal error in tsnix (this is a bug, please report it):\n${detail}\n`);
    } catch {
      // stderr is gone too: the status says it
    }
    return 1;
  }
  // After the output: what the run compiled is kept for the next one.
  writeHeldEntries();
  return status;
}

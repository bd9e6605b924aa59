// The CLI's entry point: bin/tsnix runs the command here, on the main
// thread with Node's default stack (evaluation needs no deep JS stack: see
// vm/vm.ts).
//
// Ctrl-C: evaluation is synchronous, so no SIGINT handler could run before
// it ends. The command runs as a script with `breakOnSigint`, as Node's own
// REPL runs what it is given: a SIGINT stops it wherever it is (a watchdog
// thread of Node's ends the script's execution) and the command ends with
// CppNix's `error: interrupted by the user` and its exit status, 1.

import { Script } from 'node:vm';
import { main } from './main.js';
import { stderr } from './output.js';

export { main };

const runner = new Script('globalThis.__tsnixCommand()', { filename: 'tsnix-command' });

/** Runs the command to its exit status; Ctrl-C ends it at once with CppNix's error. */
export function run(argv: string[]): number | Promise<number> {
  const g = globalThis as { __tsnixCommand?: () => void };
  let status: number | Promise<number> = 1;
  g.__tsnixCommand = () => {
    status = main(argv);
  };
  try {
    runner.runInThisContext({ breakOnSigint: true });
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code !== 'ERR_SCRIPT_EXECUTION_INTERRUPTED') throw e;
    stderr('error: interrupted by the user\n');
    return 1;
  } finally {
    delete g.__tsnixCommand;
  }
  return status;
}

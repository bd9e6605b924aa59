// The one narrow interface builtins use to talk to the evaluator.
//
// Builtins receive their arguments unevaluated (except those the PrimOp
// declares strict) and ask the runtime to force them or to call Nix
// functions. Errors are thrown as NixError subclasses without a position;
// the VM adds the position of the call and the `while calling the 'x'
// builtin` trace line.

import type { SymbolTable } from '../syntax/symbols.js';
import type { IO } from '../io/io.js';
import type { Value } from '../value/types.js';
import type { Step } from './step.js';

export interface EvalSettings {
  /**
   * `--pure-eval`: getEnv gives "", currentTime and currentSystem do not
   * exist, the search path is empty, and only the store paths evaluation
   * makes may be read (see io/allow-list.ts).
   */
  pure: boolean;
  /**
   * `--restrict-eval`: getEnv gives "", only the search path entries and the
   * store paths evaluation makes may be read, and fetchers may reach only
   * the URIs of `allowedUris` (and the paths allowed to be read).
   */
  restrict?: boolean;
  /** `allowed-uris`: URI prefixes fetchers may reach in restricted mode. */
  allowedUris?: readonly string[];
  /**
   * `allow-import-from-derivation` (true by default): whether reading a path
   * whose string context names a derivation output (import, readFile ...)
   * may build it. False makes that an error, as in CppNix.
   */
  allowImportFromDerivation?: boolean;
  /** Search path entries from NIX_PATH and -I, in order: [prefix, path]. */
  nixPath: Array<[string, string]>;
  currentSystem: string;
  storeDir: string;
  nixVersion: string;
  /** `--extra-experimental-features`. */
  experimentalFeatures: Set<string>;
  /** `--trace-verbose`: builtins.traceVerbose prints (otherwise it only returns its second argument). */
  traceVerbose?: boolean;
  /** `abort-on-warn`: builtins.warn fails right after printing its warning. */
  abortOnWarn?: boolean;
  /** `--show-trace`: errors carry the full trace (CppNix leaves out function calls without it). */
  showTrace?: boolean;
  /**
   * Whether store paths are only computed (true: `--eval`, `--readonly-mode`,
   * the browser) or also written (false). The evaluator's store computes
   * only in read-only mode; `.drv` files are not even handed to it then.
   */
  readOnly?: boolean;
}

export interface Runtime {
  readonly io: IO;
  readonly settings: EvalSettings;
  /** Evaluates to weak head normal form: never returns a Thunk. */
  force(v: Value): Value;
  /** Forces a value and, recursively, everything in its lists and sets. */
  forceDeep(v: Value): Value;
  /** forceDeep as a step (step.ts) that ends with `result`: deepSeq. */
  forceDeepStep(v: Value, result: Value): Step;
  /** Applies a function value (closure, primop, functor set) to arguments and forces the result. */
  call(fn: Value, args: Value[]): Value;
  /** A thunk that, when forced, applies `fn` to `args` (for lazy builtins such as map). */
  lazyCall(fn: Value, args: Value[]): Value;
  /**
   * Stops evaluation (throws) past a time or memory limit: for builtins
   * that make much from little (genList), which would else run on between
   * the loop's own checks.
   */
  checkLimits(): void;
  /**
   * Copies a path to the store, returning the store path: what string
   * interpolation and derivation attributes do with a path. Set by the store
   * builtins (which compute the path without a store); absent, such a
   * coercion fails with "no store is available".
   */
  copyPathToStore?: (path: string) => string;
  /**
   * Makes the store paths a string context names ready to be read (CppNix's
   * realiseContext, see realise.ts): set by the store builtins; absent,
   * contexts are not looked at.
   */
  realiseContext?: (context: readonly string[]) => void;
  /** Prints a line on stderr (trace, warn). */
  warn(message: string): void;
  trace(message: string): void;
  /** CppNix's order of names (sets are visited in it); absent, name order. */
  readonly symbols?: SymbolTable;
}

// The errors evaluation and parsing raise. Every one is a `NixError`, so the
// CLI can tell a Nix error (print it CppNix's way, exit 1) from an internal
// bug (print it as a bug report with the position, exit 1, never a raw stack).

import type { Pos } from './source.js';

/** One `… while evaluating ...` line of a trace, outermost last. */
export interface TraceEntry {
  message: string;
  pos: Pos | null;
  /**
   * Shown even without --show-trace (CppNix's TracePrint::Always): the
   * context `builtins.addErrorContext` adds.
   */
  always?: boolean;
}

export class NixError extends Error {
  /** Extra lines printed after the message, such as `Did you mean x?`. */
  hints: string[] = [];
  /** Context added while the error travelled outwards; innermost first. */
  trace: TraceEntry[] = [];
  /** Set when the error has no position on purpose: the VM must not give it one. */
  positionless = false;

  constructor(
    message: string,
    public pos: Pos | null = null,
  ) {
    super(message);
  }

  /** Whether `builtins.tryEval` catches it: only `throw` and failed `assert`s. */
  get catchable(): boolean {
    return false;
  }

  /** An independent copy (same class, message, position, hints; its own trace list). */
  copy(): this {
    const c = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(c, this);
    c.message = this.message;
    c.trace = this.trace.slice();
    c.hints = this.hints.slice();
    return c;
  }

  /** Marks the error as reported without a position, as CppNix reports it. */
  withoutPosition(): this {
    this.positionless = true;
    return this;
  }

  addTrace(message: string, pos: Pos | null, always = false): this {
    this.trace.push(always ? { message, pos, always } : { message, pos });
    return this;
  }
}

/** A syntax or static (binding, duplicate attribute) error found while parsing. */
export class ParseError extends NixError {}

/** `throw` and failed assertions: the errors `tryEval` catches. */
export class CatchableError extends NixError {
  override get catchable(): boolean {
    return true;
  }
}

/** `builtins.throw`. */
export class ThrownError extends CatchableError {}

/** A failed `assert`. */
export class AssertionError extends CatchableError {}

/** `builtins.abort`. */
export class AbortError extends NixError {}

/** `infinite recursion encountered`. */
export class InfiniteRecursionError extends NixError {
  /** The thunk that was forced while already being evaluated (the VM marks its frame in the trace). */
  reentered: object | null = null;
}

/** Type errors, missing attributes, bad arguments, ...: everything else. */
export class EvalError extends NixError {}

/**
 * CppNix's UsageError raised during evaluation (an unknown hash algorithm
 * or hash format): printed like any error, then followed by
 * `Try 'nix-instantiate --help' for more information.`, unindented.
 */
export class EvalUsageError extends EvalError {}

// Builtins that evaluate Nix code as they go (foldl' calling its function,
// sort its comparator, tryEval forcing its argument) are written as steps:
// small state machines the VM's loop drives, so that the Nix code they run
// goes on the VM's own frame stack and never nests the loop on the JS stack.
//
// A builtin returns a Step instead of a value. The VM gives it a frame of
// its own and calls `resume`. Each time the step needs a value evaluated,
// it asks the driver (`force`, `call`): a value at hand comes back at once;
// otherwise the driver has pushed a frame to compute it and answers
// SUSPEND, and the step returns SUSPEND too, having kept in its fields
// where it was. When that frame returns, the VM calls `resume` again with
// the value. At most one request may be outstanding.
//
// A step ends by returning its result: a value, a thunk (evaluated as the
// builtin's result, as when a builtin returns one), or another Step that
// carries on in the same frame.

import { NixError } from '../errors/error.js';
import type { Value } from '../value/types.js';

/** What Step.resume, StepDriver.force and StepDriver.call return while a value is being computed. */
export const SUSPEND: unique symbol = Symbol('suspend');
export type Suspend = typeof SUSPEND;

/** What a step answers: its result, or SUSPEND while it waits for a value. */
export type StepResult = Value | Step | Suspend;

/** How a step asks the VM for values. */
export interface StepDriver {
  /** `v` in weak head normal form, or SUSPEND: then `resume` gets it. */
  force(v: Value): Value | Suspend;
  /** Applies `fn` (a forced function value) to `args` and forces the result, or SUSPEND: then `resume` gets it. */
  call(fn: Value, args: readonly Value[]): Value | Suspend;
}

export abstract class Step {
  /**
   * Carries on: `input` is the value the last request produced (null on
   * the first call, when there was none).
   */
  abstract resume(d: StepDriver, input: Value): StepResult;

  /**
   * For steps that catch errors (tryEval): an error raised while this step
   * waits, or by the step itself. Returns how to carry on, or throws to let
   * the error go on (the default).
   */
  recover?(d: StepDriver, err: NixError): StepResult;
}

/** A Step of a plain function of the last value: the common "force this, then" shape. */
export class ThenStep extends Step {
  private started = false;

  constructor(
    private readonly first: Value,
    private readonly then: (v: Value, d: StepDriver) => StepResult,
  ) {
    super();
  }

  resume(d: StepDriver, input: Value): StepResult {
    if (!this.started) {
      this.started = true;
      const v = d.force(this.first);
      if (v === SUSPEND) return SUSPEND;
      input = v;
    }
    return this.then(input, d);
  }
}

/**
 * Drives a step with plain force and call functions that nest on the JS
 * stack: for a runtime with no frame stack of its own (tests' fakes).
 */
export function driveNested(step: Step, force: (v: Value) => Value, call: (fn: Value, args: Value[]) => Value): Value {
  let pending: (() => Value) | null = null;
  const d: StepDriver = {
    force(v) {
      pending = () => force(v);
      return SUSPEND;
    },
    call(fn, args) {
      const copy = args.slice();
      pending = () => call(fn, copy);
      return SUSPEND;
    },
  };
  let current = step;
  // As in the VM, recover sees the errors of the step's own code too.
  const resume = (input: () => Value): StepResult => {
    try {
      return current.resume(d, input());
    } catch (e) {
      if (current.recover === undefined || !(e instanceof NixError)) throw e;
      return current.recover(d, e);
    }
  };
  let r: StepResult = resume(() => null);
  for (;;) {
    if (r === SUSPEND) {
      const request = pending!;
      pending = null;
      r = resume(request);
    } else if (r instanceof Step) {
      current = r;
      r = resume(() => null);
    } else return force(r);
  }
}

// Step frames: how a builtin's step (builtins/step.ts) runs on the frame
// stack. The frame's code is `Resume; Return`: Resume runs the step, whose
// requests for values (StepDriver's force and call) are answered at once
// near the top of the JS stack, or else by pushing frames that compute them
// into the step frame's slot while the step waits (SUSPEND).

import { Blueprint } from '../bytecode/blueprint.js';
import { Op } from '../bytecode/opcodes.js';
import { Step, type StepDriver, type StepResult, SUSPEND, type Suspend } from '../builtins/step.js';
import { Thunk, ThunkState, type Value } from '../value/types.js';
import { callValue, DONE, RETRY } from './calls.js';
import { type Frame, truncate } from './frame.js';
import { settle } from './shortcut.js';
import type { VM } from './vm.js';

/**
 * StepDriver.force: `v` now, or a frame evaluating it into the step
 * frame's slot. Near the top of the JS stack it is evaluated at once, in
 * a loop nested here: cheaper, and the nesting is bounded (NESTING_LIMIT).
 */
export function stepForce(vm: VM, v: Value): Value | Suspend {
  // Builtins that loop over values at hand (deepSeq of a long list) run no frames: they count too.
  if (--vm.fuel < 0) vm.poll();
  if (!(v instanceof Thunk)) return v;
  if (v.state >= ThunkState.Done || vm.nesting < vm.nestingLimit) return vm.force(v);
  const f = vm.frames[vm.depth - 1];
  truncate(vm.stack, f.base + 1);
  vm.enterThunk(v, f.base, f.base + 1, null, 0);
  return SUSPEND;
}

/** StepDriver.call: the forced result now, or frames computing it into the step frame's slot. */
export function stepCall(vm: VM, fn: Value, args: readonly Value[]): Value | Suspend {
  if (--vm.fuel < 0) vm.poll();
  if (vm.nesting < vm.nestingLimit) return vm.call(fn, args as Value[]);
  const f = vm.frames[vm.depth - 1];
  const stack = vm.stack;
  truncate(stack, f.base);
  stack.push(fn);
  for (let i = 0; i < args.length; i++) stack.push(args[i]);
  const outcome = callValue(vm, f.base, args.length, null, 0, true);
  if (outcome === DONE) return stepValue(vm, f);
  if (outcome === RETRY) f.redoArgc = args.length;
  return SUSPEND;
}

/** What a step's request left in its slot, forced (a call's result may be a lazy value). */
export function stepValue(vm: VM, f: Frame): Value | Suspend {
  const v = vm.stack[f.base];
  return v instanceof Thunk ? stepForce(vm, v) : v;
}

/**
 * Runs the step of the frame on top (the Resume instruction): returns
 * its result, or SUSPEND when it pushed a frame for a value it needs.
 */
export function resumeStep(vm: VM, f: Frame): Value | Suspend {
  const d = vm.driver;
  let input: Value | Suspend;
  if (f.redoArgc >= 0) {
    // The call a strict argument interrupted, made again now the argument is evaluated.
    const argc = f.redoArgc;
    f.redoArgc = -1;
    const outcome = callValue(vm, f.base, argc, null, 0, true);
    if (outcome === RETRY) f.redoArgc = argc;
    if (outcome !== DONE) return SUSPEND;
    input = stepValue(vm, f);
    if (input === SUSPEND) return SUSPEND;
  } else input = vm.stack[f.base];
  let step = f.step!;
  let r: StepResult;
  const err = f.stepError;
  if (err !== null) {
    f.stepError = null;
    f.recovering = true;
    r = step.recover!(d, err);
    f.recovering = false;
  } else r = step.resume(d, input);
  for (;;) {
    if (r === SUSPEND) return SUSPEND;
    if (r instanceof Step) {
      // A step that ends in another carries on in the same frame.
      f.step = step = r;
      r = step.resume(d, null);
      continue;
    }
    if (r instanceof Thunk && r.state < ThunkState.Done) {
      // A lazy result is evaluated as the builtin's result, in this frame.
      f.step = step = FORWARD;
      r = stepForce(vm, r);
      continue;
    }
    return r instanceof Thunk ? settle(vm, r) : r;
  }
}

/** The code of every step frame: run the step, then return its result. */
export const STEP_BLUEPRINT = (() => {
  const bp = new Blueprint('thunk', null, null);
  bp.chunk.writeByte(Op.Resume);
  bp.chunk.writeByte(Op.Return);
  bp.chunk.finish();
  return bp;
})();

/** The step a frame carries on with while its result, a thunk, is evaluated: the value is the result. */
class Forward extends Step {
  resume(_d: StepDriver, input: Value): StepResult {
    return input;
  }
}
const FORWARD = new Forward();

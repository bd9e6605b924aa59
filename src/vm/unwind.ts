// Unwinding: what an error does to the frames it passes through on its way
// out of the loop, as CppNix's exceptions do to its C++ stack. Thunks being
// evaluated fail (or, for a stop, are left to be evaluated again), calls
// and builtins add their trace lines, and a step that recovers (tryEval)
// takes the error back into the loop.

import { EvalError, InfiniteRecursionError, NixError } from '../errors/error.js';
import { printIdentifier } from '../syntax/printer.js';
import { type Thunk, ThunkState } from '../value/types.js';
import { type Frame, posAt, sitePos, truncate } from './frame.js';
import { StopError } from './watchdog.js';
import type { VM } from './vm.js';

/** What unwind answers when a step recovers from the error: the loop goes on. */
export const RECOVERING: unique symbol = Symbol('recovering');

/** The errors of thunks whose evaluation failed (rare, so not a field of every thunk). */
export const failures = new WeakMap<Thunk, NixError>();

/** The error a failed thunk (ThunkState.Failed) throws when forced: what the REPL's printer shows inside a value. */
export function thunkFailure(t: Thunk): NixError | undefined {
  return failures.get(t);
}

/**
 * Pops the frames an error passes through, back to `stopDepth`: thunks
 * under evaluation become suspended again (forcing them later retries, as
 * in CppNix), and the error gets its position and trace.
 */
export function unwind(vm: VM, e: unknown, stopDepth: number): unknown {
  let err = e;
  if (e instanceof RangeError && /call stack/.test(e.message)) {
    const top = vm.frames[vm.depth - 1];
    err = new EvalError('stack overflow; max-call-depth exceeded', top ? posAt(top, top.ip) : null);
  } else if (
    e instanceof RangeError &&
    /^Invalid (array|string|typed array) length|allocation failed|^Cannot create a string longer/.test(e.message)
  ) {
    // A list or string longer than a JS engine holds (CppNix's go on, to its memory's end).
    err = new EvalError(`out of memory: ${/string/.test(e.message) ? 'a string' : 'a list'} longer than tsnix can hold`);
  }
  if (err instanceof StopError) return unwindStop(vm, err, stopDepth);
  let first = true;
  while (vm.depth > stopDepth) {
    const f = vm.frames[vm.depth - 1];
    if (f.step !== null) {
      if (f.step.recover !== undefined && !f.recovering && err instanceof NixError) {
        // The step's recover decides (Resume runs it); the frames above are gone.
        f.stepError = err;
        f.ip = 0;
        f.redoArgc = -1;
        truncate(vm.stack, f.base + 1);
        return RECOVERING;
      }
      f.step = null;
      f.recovering = false;
      f.redoArgc = -1;
      vm.depth--;
      // A step has no instructions of its own: the position is its caller's.
    } else {
      vm.depth--;
      // An error an instruction raised itself takes that instruction's position.
      if (first && err instanceof NixError && err.pos === null && !err.positionless && err.trace.length === 0) err.pos = posAt(f, f.pc);
      first = false;
    }
    if (err instanceof NixError) addRangeTraces(err, f);
    // A frame that is both a call and a thunk's (a lazy application, apply.ts)
    // unwinds as the call's frame and then the thunk's would: the call first.
    if (f.isCall) {
      vm.callDepth--;
      // Without --show-trace CppNix does not record function calls at all.
      if (err instanceof NixError && vm.settings.showTrace !== false) {
        // As CppNix: errors binding the arguments name only the call site;
        // errors in the body also the function.
        const bp = f.blueprint;
        if (f.ip >= bp.bodyStart) err.addTrace(`while calling ${bp.name !== null ? `'${bp.name}'` : 'anonymous lambda'}`, bp.pos);
        // A call with no site of its own (a builtin's lazy application) is
        // placed at the function; so is one that is its thunk's frame
        // (apply.ts), whose `site` is then the builtin's, for its argOf.
        if (f.thunk !== null) err.addTrace('from call site', bp.pos);
        else if (f.site !== null) err.addTrace('from call site', sitePos(f.site, f.sitePc) ?? bp.pos);
      }
    }
    if (f.thunk !== null && f.thunk.state === ThunkState.Blackhole) {
      if (err instanceof InfiniteRecursionError && err.reentered === f.thunk) err.addTrace('entering the infinite recursion', null);
      if (err instanceof NixError) {
        // Forcing it again throws a copy of this error (with the trace its
        // first propagation gives it) without evaluating it again.
        f.thunk.state = ThunkState.Failed;
        failures.set(f.thunk, err);
      } else f.thunk.state = ThunkState.Suspended;
    }
    vm.callDepth -= f.builtinDepth;
    f.builtinDepth = 0;
    if (f.argOf !== null && err instanceof NixError) {
      if (f.argCtx !== null) err.addTrace(f.argCtx, null);
      err.addTrace(`while calling the '${f.argOf.name}' builtin`, sitePos(f.site, f.sitePc));
    }
    f.pending = null;
  }
  return err;
}

/**
 * Unwinding for a stop (a limit, an abort): no step recovers from it and
 * it gathers no trace, as CppNix's Interrupted; the thunks it leaves are
 * evaluated anew when forced again.
 */
function unwindStop(vm: VM, err: StopError, stopDepth: number): StopError {
  while (vm.depth > stopDepth) {
    const f = vm.frames[--vm.depth];
    f.step = null;
    f.stepError = null;
    f.recovering = false;
    f.redoArgc = -1;
    f.pending = null;
    if (f.thunk !== null && f.thunk.state === ThunkState.Blackhole) f.thunk.state = ThunkState.Suspended;
    vm.callDepth -= f.builtinDepth + (f.isCall ? 1 : 0);
    f.builtinDepth = 0;
  }
  return err;
}

/** The trace lines of the trace ranges the frame's current instruction is in. */
function addRangeTraces(err: NixError, f: Frame): void {
  const chunk = f.blueprint.chunk;
  if (chunk.traces.length === 0) return;
  for (const range of chunk.tracesAt(f.pc)) {
    if (range.select && f.selectedFrom !== null && f.selectedAt >= range.start && f.selectedAt < range.end) {
      const name = f.selectedName;
      err.addTrace(`from the definition of '${printIdentifier(name)}'`, f.selectedFrom.posOf(name));
    }
    err.addTrace(range.message, range.pos);
  }
}

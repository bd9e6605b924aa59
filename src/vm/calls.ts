// Calls: applying a value to arguments on the VM's stack. A lambda gets a
// frame (the loop runs it); a builtin runs at once, once its strict
// arguments are evaluated (on the frame stack, like any thunk, where the
// call can be made again afterwards); a set with `__functor` is called
// through it.

import type { Blueprint } from '../bytecode/blueprint.js';
import { Step } from '../builtins/step.js';
import { EvalError, NixError } from '../errors/error.js';
import { NixAttrs } from '../value/attrs.js';
import { Closure, PrimOp, PrimOpApp, Thunk, ThunkState, type Value, type WithScope } from '../value/types.js';
import { type Frame, NO_SLOT, sitePos, truncate } from './frame.js';
import * as ops from './operations.js';
import { settle } from './shortcut.js';
import type { VM } from './vm.js';

/**
 * Calls stack[fnSlot] with the argc values above it. Returns CALLED when
 * it pushed the callee's frame (the loop must switch to it), DONE when the
 * result is already in stack[fnSlot] and the stack ends there, and, only
 * when `canRetry`, RETRY when it pushed a frame evaluating a strict
 * builtin argument, after which the call must be made again.
 */
export function callValue(vm: VM, fnSlot: number, argc: number, site: Blueprint | null, sitePc: number, canRetry: boolean): CallOutcome {
  const stack = vm.stack;
  for (;;) {
    const fn = stack[fnSlot];
    if (fn instanceof Closure) {
      // CppNix counts the call being made only once it is under way, so
      // max-call-depth + 1 calls can be active.
      if (++vm.callDepth > vm.maxCallDepth + 1) {
        vm.callDepth--;
        // A call with no site of its own (a builtin's lazy application) is reported at the function.
        throw new EvalError('stack overflow; max-call-depth exceeded', sitePos(site, sitePc) ?? (fn.blueprint as Blueprint).pos);
      }
      // `a: b: ...` called with both arguments runs as one function of two.
      let bp = fn.blueprint as Blueprint;
      let arity = 1;
      const fused = bp.fused;
      if (fused !== null && argc >= fused.arity) {
        bp = fused;
        arity = fused.arity;
      }
      const f = pushCallFrame(vm, fn, bp, fnSlot + 1, null, fnSlot, fnSlot + 1, site, sitePc);
      if (argc > arity) {
        f.pending = stack.slice(fnSlot + 1 + arity, fnSlot + 1 + argc);
        truncate(stack, fnSlot + 1 + arity);
      }
      return CALLED;
    }
    if (fn instanceof PrimOp || fn instanceof PrimOpApp) {
      const primop = fn instanceof PrimOp ? fn : fn.primop;
      const prior = fn instanceof PrimOp ? null : fn.args;
      const have = prior ? prior.length : 0;
      if (have + argc < primop.arity) {
        const args = prior ? prior.concat(stack.slice(fnSlot + 1)) : stack.slice(fnSlot + 1);
        stack[fnSlot] = new PrimOpApp(primop, args);
        truncate(stack, fnSlot + 1);
        return DONE;
      }
      const take = primop.arity - have;
      // CppNix counts a builtin's call as any other: the one past max-call-depth fails.
      if (vm.callDepth > vm.maxCallDepth) throw new EvalError('stack overflow; max-call-depth exceeded', sitePos(site, sitePc));
      // Strict arguments are evaluated here, on the VM's stack, not by the
      // builtin: those given earlier to a partial application (`seq x`) too.
      if (prior !== null && (primop.strictArgs & ((1 << have) - 1)) !== 0) {
        if (forcePriorArgs(vm, primop, prior, site, sitePc, canRetry)) return RETRY;
      }
      for (let i = have, mask = primop.strictArgs >> have; mask !== 0 && i < primop.arity; i++, mask >>= 1) {
        if ((mask & 1) === 0) continue;
        const slot = fnSlot + 1 + i - have;
        const a = stack[slot];
        if (a instanceof Thunk) {
          if (a.state >= ThunkState.Done) stack[slot] = settle(vm, a);
          else if (canRetry) {
            enterStrictArg(vm, primop, i, a, slot, site, sitePc);
            return RETRY;
          } else stack[slot] = forceStrictArg(vm, primop, i, a, site, sitePc);
        }
        // CppNix's check of this argument comes before the next is forced.
        if (primop.checks?.[i]?.check !== undefined) {
          const upTo = stack.slice(fnSlot + 1, slot + 1);
          checkStrictArg(vm, primop, i, prior ? prior.concat(upTo) : upTo, site, sitePc);
        }
      }
      const args =
        take === 1 ? [stack[fnSlot + 1]] : take === 2 ? [stack[fnSlot + 1], stack[fnSlot + 2]] : stack.slice(fnSlot + 1, fnSlot + 1 + take);
      const rest = argc > take ? stack.slice(fnSlot + 1 + take, fnSlot + 1 + argc) : null;
      let result: Value | Step;
      // A builtin's call counts against max-call-depth while it runs, as in CppNix.
      vm.callDepth++;
      try {
        result = primop.fn(prior ? prior.concat(args) : args, vm);
      } catch (e) {
        // The error keeps its own position (usually none); the call site goes in the trace.
        if (e instanceof NixError && primop.traced) e.addTrace(`while calling the '${primop.name}' builtin`, sitePos(site, sitePc));
        throw e;
      } finally {
        vm.callDepth--;
      }
      truncate(stack, fnSlot + 1);
      if (result instanceof Step) {
        vm.pushStep(result, primop, fnSlot, site, sitePc);
        if (rest) vm.frames[vm.depth - 1].pending = rest;
        return CALLED;
      }
      stack[fnSlot] = result;
      if (result instanceof Thunk) {
        if (result.state >= ThunkState.Done) stack[fnSlot] = settle(vm, result);
        else {
          // The builtin's result is evaluated as if by the builtin: traced to its call.
          try {
            vm.enterThunk(result, fnSlot, fnSlot + 1, null, 0);
          } catch (e) {
            if (e instanceof NixError) e.addTrace(`while calling the '${primop.name}' builtin`, sitePos(site, sitePc));
            throw e;
          }
          const f = vm.frames[vm.depth - 1];
          f.argOf = primop;
          f.argCtx = null;
          f.site = site;
          f.sitePc = sitePc;
          f.builtinDepth = 1;
          vm.callDepth++;
          if (rest) f.pending = rest;
          return CALLED;
        }
      }
      if (!rest) return DONE;
      stack.push(...rest);
      argc = rest.length;
      // A RETRY would run the Call instruction again with its own, now stale, argument count.
      canRetry = false;
      continue;
    }
    if (fn instanceof NixAttrs) {
      const functor = fn.get('__functor');
      if (functor !== undefined) {
        // `s a` is `s.__functor s a`.
        const f = vm.force(functor);
        stack.splice(fnSlot, 0, f);
        argc++;
        canRetry = false;
        continue;
      }
    }
    throw new EvalError(`attempt to call something which is not a function but ${ops.describe(fn)}`, sitePos(site, sitePc));
  }
}

/**
 * Pushes the frame of a call of the lambda `fn`, running `bp` (its own
 * blueprint or the fused one) on the arguments from stack[base]. Its result
 * goes to stack[resultSlot] and the stack back to `restoreSp`; `thunk`, when
 * the frame is also a lazy application's (apply.ts), is set to it too.
 */
export function pushCallFrame(
  vm: VM,
  fn: Closure,
  bp: Blueprint,
  base: number,
  thunk: Thunk | null,
  resultSlot: number,
  restoreSp: number,
  site: Blueprint | null,
  sitePc: number,
): Frame {
  const f = vm.pushFrame(bp);
  f.base = base;
  const upvalues = fn.upvalues;
  f.upvalues = upvalues;
  f.withs = fn.blueprint.capturesWith ? (upvalues[upvalues.length - 1] as unknown as WithScope) : null;
  f.thunk = thunk;
  f.resultSlot = resultSlot;
  f.restoreSp = restoreSp;
  f.isCall = true;
  f.site = site;
  f.sitePc = sitePc;
  return f;
}

/**
 * Evaluates the strict arguments a partial application of `primop` was
 * given earlier, in place in `prior` (the same values, settled), each
 * checked as it is. Returns true when it pushed a frame evaluating one
 * (the call must then be made again, see RETRY); without `canRetry` it
 * forces them here.
 */
function forcePriorArgs(vm: VM, primop: PrimOp, prior: Value[], site: Blueprint | null, sitePc: number, canRetry: boolean): boolean {
  for (let i = 0, mask = primop.strictArgs; i < prior.length; i++, mask >>= 1) {
    if ((mask & 1) === 0) continue;
    const a = prior[i];
    if (a instanceof Thunk) {
      if (a.state >= ThunkState.Done) prior[i] = settle(vm, a);
      else if (canRetry) {
        enterStrictArg(vm, primop, i, a, NO_SLOT, site, sitePc);
        return true;
      } else prior[i] = forceStrictArg(vm, primop, i, a, site, sitePc);
    }
    if (primop.checks?.[i]?.check !== undefined) checkStrictArg(vm, primop, i, prior.slice(0, i + 1), site, sitePc);
  }
  return false;
}

/**
 * Starts evaluating strict argument `i` of `primop`, the thunk `t`, on the
 * frame stack, as CppNix forces it inside the builtin's call: one call
 * deeper, and a failure traced to the builtin (and the argument's
 * forceCtx). Its value lands in stack[resultSlot] (NO_SLOT: only in `t`).
 */
function enterStrictArg(vm: VM, primop: PrimOp, i: number, t: Thunk, resultSlot: number, site: Blueprint | null, sitePc: number): void {
  const ctx = primop.checks?.[i]?.forceCtx ?? null;
  try {
    vm.enterThunk(t, resultSlot, vm.stack.length, null, 0);
  } catch (e) {
    throw strictArgFailure(e, primop, ctx, site, sitePc);
  }
  const f = vm.frames[vm.depth - 1];
  f.argOf = primop;
  f.argCtx = ctx;
  f.site = site;
  f.sitePc = sitePc;
  f.builtinDepth = 1;
  vm.callDepth++;
}

/** enterStrictArg's evaluation run here, nesting the loop (where the call cannot be made again). */
function forceStrictArg(vm: VM, primop: PrimOp, i: number, t: Thunk, site: Blueprint | null, sitePc: number): Value {
  vm.callDepth++;
  try {
    return vm.force(t);
  } catch (e) {
    throw strictArgFailure(e, primop, primop.checks?.[i]?.forceCtx ?? null, site, sitePc);
  } finally {
    vm.callDepth--;
  }
}

/** Runs the check (PrimOp.checks) of strict argument `i` on the arguments up to it, traced to the builtin. */
function checkStrictArg(vm: VM, primop: PrimOp, i: number, args: Value[], site: Blueprint | null, sitePc: number): void {
  try {
    primop.checks![i]!.check!(args, vm);
  } catch (e) {
    throw strictArgFailure(e, primop, null, site, sitePc);
  }
}

/** A strict argument's failure, traced as CppNix traces it: the argument's forceCtx, then the builtin's call. */
function strictArgFailure(e: unknown, primop: PrimOp, ctx: string | null, site: Blueprint | null, sitePc: number): unknown {
  if (e instanceof NixError) {
    if (ctx !== null) e.addTrace(ctx, null);
    e.addTrace(`while calling the '${primop.name}' builtin`, sitePos(site, sitePc));
  }
  return e;
}

/** Outcomes of callValue. */
export const DONE = 0;
export const CALLED = 1;
export const RETRY = 2;
export type CallOutcome = typeof DONE | typeof CALLED | typeof RETRY;

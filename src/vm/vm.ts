// The virtual machine: one dispatch loop over the bytecode.
//
// Nix calls and thunk evaluations run on the VM's own frame stack, never on
// the JS stack: `Call` and `Force` push a frame and the loop carries on in
// it, `Return` pops it. A Nix recursion a million deep is a million frames
// in an array. Only builtins that call back into Nix code (rt.force,
// rt.call) re-enter the loop, one JS level per builtin, not per Nix call.
//
// An instruction that needs a value evaluated that is not on top of the
// stack (a strict builtin argument, a `with` scope) pushes a frame to
// evaluate it and rewinds `ip` to itself: when the thunk returns, the
// instruction runs again and finds the value ready.

import { SymbolTable } from '../syntax/symbols.js';
import { type AttrsShape, Blueprint, type ThunkShortcut } from '../bytecode/blueprint.js';
import { Op } from '../bytecode/opcodes.js';
import type { EvalSettings, Runtime } from '../builtins/runtime.js';
import { Step, type StepDriver, type StepResult, SUSPEND, type Suspend } from '../builtins/step.js';
import { AssertionError, EvalError, InfiniteRecursionError, NixError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import { formatEvalWarning } from '../errors/log.js';
import type { IO } from '../io/io.js';
import { NixAttrs } from '../value/attrs.js';
import { formatInt } from '../value/numfmt.js';
import { ApplyThunk, Closure, PrimOp, PrimOpApp, Thunk, ThunkState, type Value, WithScope } from '../value/types.js';
import { printIdentifier } from '../syntax/printer.js';
import { assertEqValues } from '../value/equality.js';
import { ForceDeepStep } from './deep.js';
import { Frame } from './frame.js';
import * as ops from './operations.js';
import { StopError, type Watchdog } from './watchdog.js';

export interface VMOptions {
  io: IO;
  settings: EvalSettings;
  /** CppNix's max-call-depth: nested function calls before `stack overflow`. */
  maxCallDepth: number;
  /** Called before each instruction when tracing (tsnix eval --trace-vm). */
  tracer?: (frame: Frame, ip: number, stack: readonly Value[]) => void;
  /** Limits the loop checks as it goes (time, memory, an abort): none by default. */
  watchdog?: Watchdog;
}

export class VM implements Runtime {
  readonly io: IO;
  /** CppNix's order of names, which forceDeep and `==` visit sets in (the evaluator's). */
  symbols = new SymbolTable();
  readonly settings: EvalSettings;
  readonly maxCallDepth: number;
  private readonly tracer: VMOptions['tracer'];

  readonly stack: Value[] = [];
  private readonly frames: Frame[] = [];
  /** Frames in use: frames[0 .. depth-1]. */
  private depth = 0;
  /** Active calls, against max-call-depth (public for deep.ts). */
  callDepth = 0;
  /** Blueprints of lazy applications, by argument count (see lazyCall). */
  private readonly applyBlueprints: Blueprint[] = [];
  /** Loops running (execute) on the JS stack: steps nest one more only below NESTING_LIMIT. */
  private nesting = 0;
  /** How deep steps nest loops on the JS stack before they use frames (1 in runAsync: frames only, so it can yield). */
  private nestingLimit = NESTING_LIMIT;
  /** Returns until the next poll. */
  private fuel = POLL_EVERY;
  private watchdog: Watchdog | null;
  /** While runAsync runs a slice: when the slice ends (performance.now()); 0 otherwise. */
  private sliceEnd = 0;
  /** How steps ask for values: on the frame stack, answering SUSPEND while a frame computes one. */
  private readonly driver: StepDriver = {
    force: (v) => this.stepForce(v),
    call: (fn, args) => this.stepCall(fn, args),
  };

  constructor(options: VMOptions) {
    this.io = options.io;
    this.settings = options.settings;
    this.maxCallDepth = options.maxCallDepth;
    this.tracer = options.tracer;
    this.watchdog = null;
    this.setWatchdog(options.watchdog ?? null);
  }

  // ---------------------------------------------------------------- Runtime

  /** Runs a compiled file and returns its value in weak head normal form. */
  runFile(blueprint: Blueprint): Value {
    return this.force(new Thunk(blueprint, []));
  }

  force(v: Value): Value {
    if (--this.fuel < 0) this.poll();
    if (!(v instanceof Thunk)) return v;
    if (v.state >= ThunkState.Done) {
      // A lazy application computed ahead (lazyCall) is still a call to
      // CppNix, which may be one too many: deepSeq of a deep structure.
      if (v.state === ThunkState.Speculated && this.callDepth > this.maxCallDepth && (v.code as Blueprint | null)?.kind === 'lambda')
        throw new EvalError('stack overflow; max-call-depth exceeded', (v.code as Blueprint).pos);
      return settle(v);
    }
    const slot = this.stack.length;
    this.stack.push(null);
    const stopDepth = this.depth;
    this.enterThunk(v, slot, slot, null, 0);
    try {
      return this.execute(stopDepth);
    } finally {
      truncate(this.stack, slot);
    }
  }

  /** CppNix's forceValueDeep (deep.ts), run here. */
  forceDeep(v: Value): Value {
    this.runStep(new ForceDeepStep(this, v, null));
    return this.force(v);
  }

  forceDeepStep(v: Value, result: Value): Step {
    return new ForceDeepStep(this, v, result);
  }

  call(fn: Value, args: Value[]): Value {
    const stack = this.stack;
    const slot = stack.length;
    stack.push(this.force(fn));
    for (let i = 0; i < args.length; i++) stack.push(args[i]);
    const stopDepth = this.depth;
    try {
      if (this.callValue(slot, args.length, null, 0, false) === CALLED) return this.execute(stopDepth);
      return this.stack[slot];
    } finally {
      truncate(this.stack, slot);
    }
  }

  /** Limits from now on (a REPL's next command), or none. */
  setWatchdog(watchdog: Watchdog | null): void {
    this.watchdog = watchdog !== null && !watchdog.idle ? watchdog : null;
  }

  checkLimits(): void {
    this.poll();
  }

  lazyCall(fn: Value, args: Value[]): Value {
    // Built element by element: a spread would allocate a backing store twice the size.
    const n = args.length;
    if (n === 1) {
      const arg = args[0];
      if (fn instanceof Closure) {
        // `x: x * 3 + 1` applied to an integer: computed now, still printing
        // as a thunk. A plain Thunk (genList makes millions) whose code is
        // the lambda, for force's call-depth check.
        const bp = fn.blueprint as Blueprint;
        const v = bp.shortcut === null ? undefined : computeShortcut(bp.shortcut, fn.upvalues, arg);
        if (v !== undefined) return Thunk.speculated(bp, v);
      }
      return new ApplyThunk(this.applyBlueprint(1), fn, arg);
    }
    const env: Value[] = n === 2 ? [fn, args[0], args[1]] : [fn].concat(args);
    return new Thunk(this.applyBlueprint(n), env);
  }

  warn(message: string): void {
    this.io.printError(formatEvalWarning(message) + '\n');
  }

  trace(message: string): void {
    this.io.printError(`trace: ${message}\n`);
  }

  /** A blueprint whose code calls upvalue 0 with upvalues 1..n. */
  private applyBlueprint(n: number): Blueprint {
    let bp = this.applyBlueprints[n];
    if (bp) return bp;
    bp = new Blueprint('thunk', null, null);
    const c = bp.chunk;
    c.writeByte(Op.GetUpvalue);
    c.writeVarint(0);
    c.writeByte(Op.Force);
    for (let i = 1; i <= n; i++) {
      c.writeByte(Op.GetUpvalue);
      c.writeVarint(i);
    }
    c.writeByte(Op.Call);
    c.writeVarint(n);
    c.writeByte(Op.Return);
    c.finish();
    bp.upvalueCount = n + 1;
    this.applyBlueprints[n] = bp;
    return bp;
  }

  // ---------------------------------------------------------------- frames

  private pushFrame(blueprint: Blueprint): Frame {
    let f = this.frames[this.depth];
    if (f === undefined) {
      f = new Frame();
      this.frames.push(f);
    }
    this.depth++;
    f.blueprint = blueprint;
    f.code = blueprint.chunk.code;
    f.constants = blueprint.chunk.constants;
    f.ip = 0;
    f.pending = null;
    f.argOf = null;
    f.argCtx = null;
    f.builtinDepth = 0;
    return f;
  }

  /** The error of a call (a builtin's, or an operator that is one in CppNix) one past max-call-depth. */
  private overflow(frame: Frame, pc: number): EvalError {
    return new EvalError('stack overflow; max-call-depth exceeded', this.posAt(frame, pc));
  }

  /** Starts evaluating a suspended thunk; its value will land in stack[resultSlot]. */
  private enterThunk(t: Thunk, resultSlot: number, restoreSp: number, site: Blueprint | null, sitePc: number): void {
    if (t.state === ThunkState.Failed) {
      // A fresh copy: traces added on the way out of this forcing must not change the memo.
      const memo = failures.get(t);
      throw memo ? memo.copy() : new EvalError('internal: a failed thunk without its error');
    }
    if (t.state === ThunkState.Blackhole) {
      // At the place that forced it again; the trace marks where its evaluation began.
      const err = new InfiniteRecursionError('infinite recursion encountered', sitePos(site, sitePc));
      err.reentered = t;
      throw err;
    }
    t.state = ThunkState.Blackhole;
    const f = this.pushFrame(t.code as Blueprint);
    f.base = this.stack.length;
    const env = t instanceof ApplyThunk ? [t.data as Value, t.arg] : (t.data as Value[]);
    f.upvalues = env;
    f.withs = (t.code as Blueprint).capturesWith ? (env[env.length - 1] as unknown as WithScope) : null;
    f.thunk = t;
    f.resultSlot = resultSlot;
    f.restoreSp = restoreSp;
    f.isCall = false;
  }

  /**
   * Calls stack[fnSlot] with the argc values above it. Returns CALLED when
   * it pushed the callee's frame (the loop must switch to it), DONE when the
   * result is already in stack[fnSlot] and the stack ends there, and, only
   * when `canRetry`, RETRY when it pushed a frame evaluating a strict
   * builtin argument, after which the call must be made again.
   */
  private callValue(fnSlot: number, argc: number, site: Blueprint | null, sitePc: number, canRetry: boolean): CallOutcome {
    const stack = this.stack;
    for (;;) {
      const fn = stack[fnSlot];
      if (fn instanceof Closure) {
        // CppNix counts the call being made only once it is under way, so
        // max-call-depth + 1 calls can be active.
        if (++this.callDepth > this.maxCallDepth + 1) {
          this.callDepth--;
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
        const f = this.pushFrame(bp);
        f.base = fnSlot + 1;
        f.upvalues = fn.upvalues;
        const upvalues = fn.upvalues;
        f.withs = fn.blueprint.capturesWith ? (upvalues[upvalues.length - 1] as unknown as WithScope) : null;
        f.thunk = null;
        f.resultSlot = fnSlot;
        f.restoreSp = fnSlot + 1;
        f.isCall = true;
        f.site = site;
        f.sitePc = sitePc;
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
        if (this.callDepth > this.maxCallDepth) throw new EvalError('stack overflow; max-call-depth exceeded', sitePos(site, sitePc));
        // Strict arguments are evaluated here, on the VM's stack, not by the
        // builtin: those given earlier to a partial application (`seq x`) too.
        if (prior !== null && (primop.strictArgs & ((1 << have) - 1)) !== 0) {
          if (this.forcePriorArgs(primop, prior, site, sitePc, canRetry)) return RETRY;
        }
        for (let i = have, mask = primop.strictArgs >> have; mask !== 0 && i < primop.arity; i++, mask >>= 1) {
          if ((mask & 1) === 0) continue;
          const slot = fnSlot + 1 + i - have;
          const a = stack[slot];
          if (a instanceof Thunk) {
            if (a.state >= ThunkState.Done) stack[slot] = settle(a);
            else if (canRetry) {
              this.enterStrictArg(primop, i, a, slot, site, sitePc);
              return RETRY;
            } else stack[slot] = this.forceStrictArg(primop, i, a, site, sitePc);
          }
          // CppNix's check of this argument comes before the next is forced.
          if (primop.checks?.[i]?.check !== undefined) {
            const upTo = stack.slice(fnSlot + 1, slot + 1);
            this.checkStrictArg(primop, i, prior ? prior.concat(upTo) : upTo, site, sitePc);
          }
        }
        const args =
          take === 1
            ? [stack[fnSlot + 1]]
            : take === 2
              ? [stack[fnSlot + 1], stack[fnSlot + 2]]
              : stack.slice(fnSlot + 1, fnSlot + 1 + take);
        const rest = argc > take ? stack.slice(fnSlot + 1 + take, fnSlot + 1 + argc) : null;
        let result: Value | Step;
        // A builtin's call counts against max-call-depth while it runs, as in CppNix.
        this.callDepth++;
        try {
          result = primop.fn(prior ? prior.concat(args) : args, this);
        } catch (e) {
          // The error keeps its own position (usually none); the call site goes in the trace.
          if (e instanceof NixError && primop.traced) e.addTrace(`while calling the '${primop.name}' builtin`, sitePos(site, sitePc));
          throw e;
        } finally {
          this.callDepth--;
        }
        truncate(stack, fnSlot + 1);
        if (result instanceof Step) {
          this.pushStep(result, primop, fnSlot, site, sitePc);
          if (rest) this.frames[this.depth - 1].pending = rest;
          return CALLED;
        }
        stack[fnSlot] = result;
        if (result instanceof Thunk) {
          if (result.state >= ThunkState.Done) stack[fnSlot] = settle(result);
          else {
            // The builtin's result is evaluated as if by the builtin: traced to its call.
            try {
              this.enterThunk(result, fnSlot, fnSlot + 1, null, 0);
            } catch (e) {
              if (e instanceof NixError) e.addTrace(`while calling the '${primop.name}' builtin`, sitePos(site, sitePc));
              throw e;
            }
            const f = this.frames[this.depth - 1];
            f.argOf = primop;
            f.argCtx = null;
            f.site = site;
            f.sitePc = sitePc;
            f.builtinDepth = 1;
            this.callDepth++;
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
          const f = this.force(functor);
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
   * Evaluates the strict arguments a partial application of `primop` was
   * given earlier, in place in `prior` (the same values, settled), each
   * checked as it is. Returns true when it pushed a frame evaluating one
   * (the call must then be made again, see RETRY); without `canRetry` it
   * forces them here.
   */
  private forcePriorArgs(primop: PrimOp, prior: Value[], site: Blueprint | null, sitePc: number, canRetry: boolean): boolean {
    for (let i = 0, mask = primop.strictArgs; i < prior.length; i++, mask >>= 1) {
      if ((mask & 1) === 0) continue;
      const a = prior[i];
      if (a instanceof Thunk) {
        if (a.state >= ThunkState.Done) prior[i] = settle(a);
        else if (canRetry) {
          this.enterStrictArg(primop, i, a, NO_SLOT, site, sitePc);
          return true;
        } else prior[i] = this.forceStrictArg(primop, i, a, site, sitePc);
      }
      if (primop.checks?.[i]?.check !== undefined) this.checkStrictArg(primop, i, prior.slice(0, i + 1), site, sitePc);
    }
    return false;
  }

  /**
   * Starts evaluating strict argument `i` of `primop`, the thunk `t`, on the
   * frame stack, as CppNix forces it inside the builtin's call: one call
   * deeper, and a failure traced to the builtin (and the argument's
   * forceCtx). Its value lands in stack[resultSlot] (NO_SLOT: only in `t`).
   */
  private enterStrictArg(primop: PrimOp, i: number, t: Thunk, resultSlot: number, site: Blueprint | null, sitePc: number): void {
    const ctx = primop.checks?.[i]?.forceCtx ?? null;
    try {
      this.enterThunk(t, resultSlot, this.stack.length, null, 0);
    } catch (e) {
      throw strictArgFailure(e, primop, ctx, site, sitePc);
    }
    const f = this.frames[this.depth - 1];
    f.argOf = primop;
    f.argCtx = ctx;
    f.site = site;
    f.sitePc = sitePc;
    f.builtinDepth = 1;
    this.callDepth++;
  }

  /** enterStrictArg's evaluation run here, nesting the loop (where the call cannot be made again). */
  private forceStrictArg(primop: PrimOp, i: number, t: Thunk, site: Blueprint | null, sitePc: number): Value {
    this.callDepth++;
    try {
      return this.force(t);
    } catch (e) {
      throw strictArgFailure(e, primop, primop.checks?.[i]?.forceCtx ?? null, site, sitePc);
    } finally {
      this.callDepth--;
    }
  }

  /** Runs the check (PrimOp.checks) of strict argument `i` on the arguments up to it, traced to the builtin. */
  private checkStrictArg(primop: PrimOp, i: number, args: Value[], site: Blueprint | null, sitePc: number): void {
    try {
      primop.checks![i]!.check!(args, this);
    } catch (e) {
      throw strictArgFailure(e, primop, null, site, sitePc);
    }
  }

  // ---------------------------------------------------------------- steps

  /**
   * Gives a builtin's step (builtins/step.ts) a frame: its Resume
   * instruction runs the step, whose requests land in stack[base]; its
   * result goes to stack[resultSlot]. Counted as the builtin's call, and
   * errors passing through it are traced to the call as a builtin's are.
   */
  private pushStep(step: Step, primop: PrimOp | null, resultSlot: number, site: Blueprint | null, sitePc: number): Frame {
    const f = this.pushFrame(STEP_BLUEPRINT);
    f.base = this.stack.length;
    this.stack.push(null);
    f.upvalues = NO_VALUES;
    f.withs = null;
    f.thunk = null;
    f.resultSlot = resultSlot;
    f.restoreSp = resultSlot + 1;
    f.isCall = false;
    f.site = site;
    f.sitePc = sitePc;
    f.step = step;
    f.argOf = primop !== null && primop.traced ? primop : null;
    f.builtinDepth = 1;
    this.callDepth++;
    return f;
  }

  /** Runs `step` to its result from outside the loop (forceDeep). */
  runStep(step: Step): Value {
    const slot = this.stack.length;
    this.stack.push(null);
    const stopDepth = this.depth;
    this.pushStep(step, null, slot, null, 0);
    try {
      return this.execute(stopDepth);
    } finally {
      truncate(this.stack, slot);
    }
  }

  /**
   * StepDriver.force: `v` now, or a frame evaluating it into the step
   * frame's slot. Near the top of the JS stack it is evaluated at once, in
   * a loop nested here: cheaper, and the nesting is bounded (NESTING_LIMIT).
   */
  private stepForce(v: Value): Value | Suspend {
    // Builtins that loop over values at hand (deepSeq of a long list) run no frames: they count too.
    if (--this.fuel < 0) this.poll();
    if (!(v instanceof Thunk)) return v;
    if (v.state >= ThunkState.Done || this.nesting < this.nestingLimit) return this.force(v);
    const f = this.frames[this.depth - 1];
    truncate(this.stack, f.base + 1);
    this.enterThunk(v, f.base, f.base + 1, null, 0);
    return SUSPEND;
  }

  /** StepDriver.call: the forced result now, or frames computing it into the step frame's slot. */
  private stepCall(fn: Value, args: readonly Value[]): Value | Suspend {
    if (--this.fuel < 0) this.poll();
    if (this.nesting < this.nestingLimit) return this.call(fn, args as Value[]);
    const f = this.frames[this.depth - 1];
    const stack = this.stack;
    truncate(stack, f.base);
    stack.push(fn);
    for (let i = 0; i < args.length; i++) stack.push(args[i]);
    const outcome = this.callValue(f.base, args.length, null, 0, true);
    if (outcome === DONE) return this.stepValue(f);
    if (outcome === RETRY) f.redoArgc = args.length;
    return SUSPEND;
  }

  /** What a step's request left in its slot, forced (a call's result may be a lazy value). */
  private stepValue(f: Frame): Value | Suspend {
    const v = this.stack[f.base];
    return v instanceof Thunk ? this.stepForce(v) : v;
  }

  /**
   * Runs the step of the frame on top (the Resume instruction): returns
   * its result, or SUSPEND when it pushed a frame for a value it needs.
   */
  private resumeStep(f: Frame): Value | Suspend {
    const d = this.driver;
    let input: Value | Suspend;
    if (f.redoArgc >= 0) {
      // The call a strict argument interrupted, made again now the argument is evaluated.
      const argc = f.redoArgc;
      f.redoArgc = -1;
      const outcome = this.callValue(f.base, argc, null, 0, true);
      if (outcome === RETRY) f.redoArgc = argc;
      if (outcome !== DONE) return SUSPEND;
      input = this.stepValue(f);
      if (input === SUSPEND) return SUSPEND;
    } else input = this.stack[f.base];
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
        r = this.stepForce(r);
        continue;
      }
      return r instanceof Thunk ? settle(r) : r;
    }
  }

  // ---------------------------------------------------------------- the loop

  /**
   * Runs frames until the frame count drops back to `stopDepth`; returns
   * the last result. An error unwinds the frames it passes through, back to
   * a step that recovers from it (tryEval) or out of here.
   */
  private execute(stopDepth: number): Value {
    this.nesting++;
    try {
      // Only runAsync's own loop yields (poll).
      return this.drive(stopDepth) as Value;
    } finally {
      this.nesting--;
    }
  }

  /**
   * Runs `step` to its result as execute does, but in slices of about
   * `sliceMs`, giving the event loop its turn between them: timers, I/O,
   * an AbortSignal's abort, a Ctrl-C handler run while a long evaluation
   * goes on. Steps use frames only here (no loop nests on the JS stack),
   * so the loop can stop at any return; what still nests (a builtin that
   * forces from JS) runs to its end before the next yield. The VM must not
   * be used for anything else until the promise settles.
   */
  async runAsync(step: Step, sliceMs = 10): Promise<Value> {
    if (this.nesting !== 0) throw new Error('runAsync: the VM is already running');
    const slot = this.stack.length;
    this.stack.push(null);
    const stopDepth = this.depth;
    this.pushStep(step, null, slot, null, 0);
    this.nestingLimit = 1;
    try {
      for (;;) {
        this.sliceEnd = now() + sliceMs;
        this.nesting++;
        let v: Value | typeof YIELD;
        try {
          v = this.drive(stopDepth);
        } finally {
          this.nesting--;
          this.sliceEnd = 0;
        }
        if (v !== YIELD) return v;
        await nextTurn();
      }
    } finally {
      this.nestingLimit = NESTING_LIMIT;
      truncate(this.stack, slot);
    }
  }

  /**
   * Every POLL_EVERY returns: asks the watchdog (which throws a StopError
   * past a limit), and says whether runAsync's slice is over.
   */
  private poll(): boolean {
    this.fuel = POLL_EVERY;
    if (this.watchdog !== null) this.watchdog.check();
    if (this.sliceEnd === 0 || now() < this.sliceEnd) return false;
    // The slice is over: the next return that can yield does (fuel 0 polls there again).
    this.fuel = 0;
    return this.nesting === 1;
  }

  private drive(stopDepth: number): Value | typeof YIELD {
    for (;;) {
      try {
        const v = this.run(stopDepth);
        if (v !== RESUME) return v;
        const f = this.frames[this.depth - 1];
        const r = this.resumeStep(f);
        if (r === SUSPEND)
          f.ip = 0; // back to Resume once the value it asked for is computed
        else {
          f.step = null;
          this.stack.push(r);
          f.ip = 1; // Return
        }
      } catch (e) {
        const err = this.unwind(e, stopDepth);
        if (err !== RECOVERING) throw err;
      }
    }
  }

  private run(stopDepth: number): Value | typeof RESUME | typeof YIELD {
    const stack = this.stack;
    const tracer = this.tracer;
    let frame = this.frames[this.depth - 1];
    let code = frame.code;
    let ip = frame.ip;
    let pc = ip;
    try {
      for (;;) {
        pc = ip;
        if (tracer !== undefined) tracer(frame, ip, stack);
        switch (code[ip++]) {
          case Op.Nop:
            break;
          case Op.Constant: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            stack.push(frame.constants[k] as Value);
            break;
          }
          case Op.Pop:
            stack.pop();
            break;
          case Op.GetLocal: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            stack.push(stack[frame.base + k]);
            break;
          }
          // ForceLocal, ForceUpvalue and Force repeat one another on purpose:
          // one case for all three, choosing by opcode, made fib.nix 22%
          // slower (12.7 -> 15.4 G instructions).
          case Op.ForceLocal: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const v = stack[frame.base + k];
            if (v instanceof Thunk) {
              if (v.state >= ThunkState.Done) stack.push(settle(v));
              else {
                stack.push(v);
                frame.ip = ip;
                frame.pc = pc;
                this.enterThunk(v, stack.length - 1, stack.length, frame.blueprint, pc);
                frame = this.frames[this.depth - 1];
                code = frame.code;
                ip = 0;
              }
            } else stack.push(v);
            break;
          }
          case Op.GetUpvalue: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            stack.push(frame.upvalues[k]);
            break;
          }
          case Op.ForceUpvalue: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const v = frame.upvalues[k];
            if (v instanceof Thunk) {
              if (v.state >= ThunkState.Done) stack.push(settle(v));
              else {
                stack.push(v);
                frame.ip = ip;
                frame.pc = pc;
                this.enterThunk(v, stack.length - 1, stack.length, frame.blueprint, pc);
                frame = this.frames[this.depth - 1];
                code = frame.code;
                ip = 0;
              }
            } else stack.push(v);
            break;
          }
          case Op.Force: {
            const v = stack[stack.length - 1];
            if (v instanceof Thunk) {
              if (v.state >= ThunkState.Done) stack[stack.length - 1] = settle(v);
              else {
                frame.ip = ip;
                frame.pc = pc;
                this.enterThunk(v, stack.length - 1, stack.length, frame.blueprint, pc);
                frame = this.frames[this.depth - 1];
                code = frame.code;
                ip = 0;
              }
            }
            break;
          }
          case Op.Thunk:
          case Op.Closure: {
            const isThunk = code[pc] === Op.Thunk;
            // One-byte operands are read inline: a varint's [value, next] pair is an allocation.
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const bp = frame.constants[k] as Blueprint;
            const env = this.readCaptures(frame, code, ip);
            ip = this.capturesEnd;
            if (isThunk) {
              const t = new Thunk(bp, env);
              const shortcut = bp.shortcut;
              if (shortcut !== null) speculate(t, shortcut, env);
              stack.push(t);
            } else stack.push(new Closure(bp, env));
            break;
          }
          case Op.Speculate:
            stack[stack.length - 1] = Thunk.speculated(null, stack[stack.length - 1]!);
            break;
          case Op.AllocThunk: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const bp = frame.constants[k] as Blueprint;
            stack.push(new Thunk(bp, null));
            break;
          }
          case Op.Finalise: {
            let slot = code[ip++];
            if (slot > 127) [slot, ip] = readVarintFrom(code, ip - 1);
            const env = this.readCaptures(frame, code, ip);
            ip = this.capturesEnd;
            const target = stack[frame.base + slot];
            // A formal's slot holds the caller's argument unless its default was allocated.
            if (target instanceof Thunk && target.data === null && target.state === ThunkState.Suspended && target.code !== null) {
              target.data = env;
              const shortcut = (target.code as Blueprint).shortcut;
              if (shortcut !== null) speculate(target, shortcut, env);
            }
            break;
          }
          case Op.CloseScope: {
            let n = code[ip++];
            if (n > 127) [n, ip] = readVarintFrom(code, ip - 1);
            const v = stack.pop() as Value;
            stack.length -= n;
            stack.push(v);
            break;
          }
          case Op.Not: {
            const v = stack[stack.length - 1];
            if (typeof v !== 'boolean') throw new EvalError(`expected a Boolean but found ${ops.describe(v)}`, this.posAt(frame, pc));
            stack[stack.length - 1] = !v;
            break;
          }
          // `-x`, `a - b`, `a * b`, `a / b`, `a < b` are calls of builtins in
          // CppNix (__sub, __mul, __div, __lessThan): one call too deep fails.
          case Op.Negate: {
            if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
            const v = stack[stack.length - 1];
            stack[stack.length - 1] = typeof v === 'number' ? 0 - v + 0 : ops.sub(0, v);
            break;
          }
          case Op.Add: {
            const b = stack.pop() as Value;
            const a = stack[stack.length - 1];
            if (typeof a === 'number' && typeof b === 'number') {
              const r = a + b;
              stack[stack.length - 1] = r <= Number.MAX_SAFE_INTEGER && r >= Number.MIN_SAFE_INTEGER ? r : ops.add(a, b, this);
            } else if (typeof a === 'string' && typeof b === 'string') stack[stack.length - 1] = a + b;
            else stack[stack.length - 1] = ops.add(a, b, this, this.posAt(frame, pc));
            break;
          }
          case Op.Sub: {
            if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
            const b = stack.pop() as Value;
            const a = stack[stack.length - 1];
            if (typeof a === 'number' && typeof b === 'number') {
              const r = a - b;
              stack[stack.length - 1] = r <= Number.MAX_SAFE_INTEGER && r >= Number.MIN_SAFE_INTEGER ? r : ops.sub(a, b);
            } else stack[stack.length - 1] = ops.sub(a, b);
            break;
          }
          case Op.Mul: {
            if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
            const b = stack.pop() as Value;
            const a = stack[stack.length - 1];
            if (typeof a === 'number' && typeof b === 'number') {
              const r = a * b;
              // `+ 0` turns the -0 of `0 * -1` into the integer 0.
              stack[stack.length - 1] = r <= Number.MAX_SAFE_INTEGER && r >= Number.MIN_SAFE_INTEGER ? r + 0 : ops.mul(a, b);
            } else stack[stack.length - 1] = ops.mul(a, b);
            break;
          }
          case Op.Div: {
            if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
            const b = stack.pop() as Value;
            stack[stack.length - 1] = ops.div(stack[stack.length - 1], b);
            break;
          }
          case Op.Equal: {
            const b = stack.pop() as Value;
            const a = stack[stack.length - 1];
            stack[stack.length - 1] = a === b && (typeof a !== 'object' || a === null) ? true : ops.equal(a, b, this);
            break;
          }
          case Op.NotEqual: {
            const b = stack.pop() as Value;
            stack[stack.length - 1] = !ops.equal(stack[stack.length - 1], b, this);
            break;
          }
          case Op.Less: {
            if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
            const b = stack.pop() as Value;
            const a = stack[stack.length - 1];
            if (typeof a === 'number' && typeof b === 'number') stack[stack.length - 1] = a < b;
            else {
              try {
                stack[stack.length - 1] = ops.lessThan(a, b, this);
              } catch (e) {
                // Raised inside CppNix's __lessThan builtin: no position of its own.
                if (e instanceof NixError && e.pos === null) e.withoutPosition();
                throw e;
              }
            }
            break;
          }
          case Op.Concat: {
            const b = stack.pop() as Value;
            const a = stack[stack.length - 1];
            if (!Array.isArray(a) || !Array.isArray(b)) {
              throw new EvalError(`expected a list but found ${ops.describe(Array.isArray(a) ? b : a)}`)
                .withoutPosition()
                .addTrace('while evaluating one of the elements to concatenate', this.posAt(frame, pc));
            }
            stack[stack.length - 1] = a.length === 0 ? b : b.length === 0 ? a : a.concat(b);
            break;
          }
          case Op.Update: {
            const b = stack.pop() as Value;
            const a = stack[stack.length - 1];
            if (!(a instanceof NixAttrs)) throw new EvalError(`expected a set but found ${ops.describe(a)}`, this.posAt(frame, pc));
            if (!(b instanceof NixAttrs)) throw new EvalError(`expected a set but found ${ops.describe(b)}`, this.posAt(frame, pc));
            stack[stack.length - 1] = a.update(b);
            break;
          }
          case Op.Jump:
            ip += code[ip] | (code[ip + 1] << 8);
            ip += 2;
            break;
          case Op.JumpIfFalse:
            if (stack[stack.length - 1] === false) ip += code[ip] | (code[ip + 1] << 8);
            ip += 2;
            break;
          case Op.JumpIfTrue:
            if (stack[stack.length - 1] === true) ip += code[ip] | (code[ip + 1] << 8);
            ip += 2;
            break;
          case Op.PopJumpIfFalse: {
            const v = stack.pop();
            if (v === false) ip += code[ip] | (code[ip + 1] << 8);
            else if (v !== true) throw new EvalError(`expected a Boolean but found ${ops.describe(v as Value)}`, this.posAt(frame, pc));
            ip += 2;
            break;
          }
          case Op.AssertBool: {
            const v = stack[stack.length - 1];
            if (typeof v !== 'boolean') throw new EvalError(`expected a Boolean but found ${ops.describe(v)}`, this.posAt(frame, pc));
            break;
          }
          case Op.Attrs: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const shape = frame.constants[k] as AttrsShape;
            const n = shape.keys.length;
            const values = n === 0 ? [] : popN(stack, n);
            stack.push(n === 0 ? NixAttrs.empty : new NixAttrs(shape.keys, values, shape.positions));
            break;
          }
          case Op.AttrsDynamic: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const positions = frame.constants[k] as Pos[];
            const pairs = popN(stack, 2 * positions.length);
            const set = stack[stack.length - 1] as NixAttrs;
            stack[stack.length - 1] = ops.addDynamicAttrs(set, pairs, positions, this.settings.storeDir);
            break;
          }
          case Op.ApplyOverrides: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const slots = frame.constants[k] as Map<string, number>;
            const overrides = stack.pop() as Value;
            if (!(overrides instanceof NixAttrs)) {
              throw new EvalError(`expected a set but found ${ops.describe(overrides)}`)
                .withoutPosition()
                .addTrace('while evaluating the `__overrides` attribute', null);
            }
            for (let i = 0; i < overrides.keys.length; i++) {
              const slot = slots.get(overrides.keys[i]);
              if (slot !== undefined) stack[frame.base + slot] = overrides.values[i];
            }
            break;
          }
          case Op.Select: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const name = frame.constants[k] as string;
            const set = stack[stack.length - 1];
            if (!(set instanceof NixAttrs)) throw new EvalError(`expected a set but found ${ops.describe(set)}`, this.posAt(frame, pc));
            const v = set.get(name);
            if (v === undefined) throw ops.missingAttribute(name, set);
            frame.selectedFrom = set;
            frame.selectedName = name;
            frame.selectedAt = pc;
            stack[stack.length - 1] = v;
            break;
          }
          case Op.SelectDynamic: {
            const name = stack.pop() as string;
            const set = stack[stack.length - 1];
            if (!(set instanceof NixAttrs)) throw new EvalError(`expected a set but found ${ops.describe(set)}`, this.posAt(frame, pc));
            const v = set.get(name);
            if (v === undefined) throw ops.missingAttribute(name, set);
            frame.selectedFrom = set;
            frame.selectedName = name;
            frame.selectedAt = pc;
            stack[stack.length - 1] = v;
            break;
          }
          case Op.AssertAttrName: {
            const v = stack[stack.length - 1];
            if (typeof v !== 'string') stack[stack.length - 1] = ops.attrName(v, this.posAt(frame, pc), this.settings.storeDir);
            break;
          }
          case Op.SelectOr:
          case Op.HasAttrStep: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const name = frame.constants[k] as string;
            const set = stack[stack.length - 1];
            const v = set instanceof NixAttrs ? set.get(name) : undefined;
            if (v === undefined) {
              if (code[pc] === Op.SelectOr) stack.pop();
              else stack[stack.length - 1] = false;
              ip += code[ip] | (code[ip + 1] << 8);
            } else {
              frame.selectedFrom = set as NixAttrs;
              frame.selectedName = name;
              frame.selectedAt = pc;
              stack[stack.length - 1] = v;
            }
            ip += 2;
            break;
          }
          case Op.SelectOrDynamic:
          case Op.HasAttrStepDynamic: {
            const name = stack.pop() as string;
            const set = stack[stack.length - 1];
            const v = set instanceof NixAttrs ? set.get(name) : undefined;
            if (v === undefined) {
              if (code[pc] === Op.SelectOrDynamic) stack.pop();
              else stack[stack.length - 1] = false;
              ip += code[ip] | (code[ip + 1] << 8);
            } else {
              frame.selectedFrom = set as NixAttrs;
              frame.selectedName = name;
              frame.selectedAt = pc;
              stack[stack.length - 1] = v;
            }
            ip += 2;
            break;
          }
          case Op.List: {
            let n = code[ip++];
            if (n > 127) [n, ip] = readVarintFrom(code, ip - 1);
            stack.push(n === 0 ? EMPTY_LIST : popN(stack, n));
            break;
          }
          case Op.Interpolate: {
            let n = code[ip++];
            if (n > 127) [n, ip] = readVarintFrom(code, ip - 1);
            const parts = popN(stack, n >> 1);
            stack.push(ops.interpolate(parts, (n & 1) === 1));
            break;
          }
          case Op.CoerceToString: {
            const flags = code[ip++];
            const v = stack[stack.length - 1];
            if (typeof v !== 'string') stack[stack.length - 1] = ops.coerceToString(v, flags, this, this.posAt(frame, pc));
            break;
          }
          case Op.Call: {
            let argc = code[ip++];
            if (argc > 127) [argc, ip] = readVarintFrom(code, ip - 1);
            frame.ip = ip;
            frame.pc = pc;
            const outcome = this.callValue(stack.length - argc - 1, argc, frame.blueprint, pc, true);
            if (outcome !== DONE) {
              // RETRY: a strict builtin argument is being evaluated; run this Call again afterwards.
              if (outcome === RETRY) frame.ip = pc;
              frame = this.frames[this.depth - 1];
              code = frame.code;
              ip = 0;
            }
            break;
          }
          case Op.PushWith:
            frame.withs = new WithScope(stack.pop() as Value, frame.withs);
            break;
          case Op.PopWith:
            frame.withs = frame.withs!.parent;
            break;
          case Op.ResolveWith: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            const name = frame.constants[k] as string;
            let found: Value | undefined;
            let pending: Thunk | null = null;
            for (let scope = frame.withs; scope !== null; scope = scope.parent) {
              let attrs = scope.attrs;
              if (attrs instanceof Thunk) {
                if (attrs.state < ThunkState.Done) {
                  pending = attrs;
                  break;
                }
                attrs = attrs.data as Value;
              }
              if (!(attrs instanceof NixAttrs))
                throw new EvalError(`expected a set but found ${ops.describe(attrs)}`, this.posAt(frame, pc));
              found = attrs.get(name);
              if (found !== undefined) break;
            }
            if (pending !== null) {
              // Evaluate the scope's set, then look up again.
              frame.ip = pc;
              frame.pc = pc;
              this.enterThunk(pending, NO_SLOT, stack.length, frame.blueprint, pc);
              frame = this.frames[this.depth - 1];
              code = frame.code;
              ip = 0;
              break;
            }
            if (found === undefined) throw new EvalError(`undefined variable '${name}'`, this.posAt(frame, pc));
            stack.push(found);
            break;
          }
          case Op.AssertFail: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            throw new AssertionError(`assertion '${frame.constants[k] as string}' failed`, this.posAt(frame, pc));
          }
          case Op.AssertEqual: {
            const b = stack.pop() as Value;
            const a = stack.pop() as Value;
            if (!ops.equal(a, b, this)) {
              try {
                assertEqValues(a, b, this, { pos: this.posAt(frame, pc), attrPos: (set, name) => set.posOf(name) });
              } catch (e) {
                // The explanation has no position of its own; the trace says where.
                if (e instanceof NixError && e.pos === null) e.withoutPosition();
                throw e;
              }
              // Values that are equal by CppNix's rules yet not ==: two functions.
              throw new AssertionError(
                'distinct functions and immediate comparisons of identical functions compare as unequal',
              ).withoutPosition();
            }
            break;
          }
          case Op.ResolveHomePath: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            stack.push(ops.homePath(frame.constants[k] as string, this, this.posAt(frame, pc)));
            break;
          }
          case Op.EnterBuiltin:
            if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
            this.callDepth++;
            frame.builtinDepth++;
            break;
          case Op.LeaveBuiltin:
            this.callDepth--;
            frame.builtinDepth--;
            break;
          case Op.AssertAttrs: {
            const v = stack[stack.length - 1];
            if (!(v instanceof NixAttrs)) throw new EvalError(`expected a set but found ${ops.describe(v)}`, this.posAt(frame, pc));
            break;
          }
          case Op.ValidateClosedFormals: {
            ops.validateClosedFormals(stack[stack.length - 1] as NixAttrs, frame.blueprint, this.posAt(frame, pc));
            break;
          }
          case Op.FormalArg: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            let arg: Value = stack[frame.base];
            if (arg instanceof Thunk) arg = arg.data as Value;
            const v = (arg as NixAttrs).get(frame.constants[k] as string);
            if (v === undefined) ip += code[ip] | (code[ip + 1] << 8);
            else stack.push(v);
            ip += 2;
            break;
          }
          case Op.MissingArgument: {
            let k = code[ip++];
            if (k > 127) [k, ip] = readVarintFrom(code, ip - 1);
            throw new EvalError(
              `function '${frame.blueprint.name ?? 'anonymous lambda'}' called without required argument '${frame.constants[k] as string}'`,
              frame.blueprint.pos,
            );
          }
          case Op.Resume:
            // execute runs the step, and this loop again: a loop that is
            // entered often is one V8 optimises whole, not only on stack.
            frame.ip = pc;
            frame.pc = pc;
            return RESUME;
          case Op.Return: {
            let v = stack.pop() as Value;
            const done = frame;
            truncate(stack, done.restoreSp);
            if (done.resultSlot !== NO_SLOT) stack[done.resultSlot] = v;
            const t = done.thunk;
            if (t !== null) {
              t.state = ThunkState.Done;
              t.data = v;
              t.code = null;
              if (t instanceof ApplyThunk) t.arg = null;
            }
            if (done.isCall) this.callDepth--;
            this.callDepth -= done.builtinDepth;
            this.depth--;
            const pendingArgs = done.pending;
            if (pendingArgs !== null) {
              // `f a b`: call the result of `f a` with the remaining arguments.
              done.pending = null;
              stack.push(...pendingArgs);
              if (this.callValue(done.resultSlot, pendingArgs.length, done.site, done.sitePc, false) === CALLED) {
                frame = this.frames[this.depth - 1];
                code = frame.code;
                ip = 0;
                break;
              }
              v = stack[done.resultSlot];
            }
            // The caller's return address is in place: the loop may stop here and go on later.
            if (--this.fuel < 0 && this.poll() && this.depth !== stopDepth) return YIELD;
            if (this.depth === stopDepth) return v;
            frame = this.frames[this.depth - 1];
            code = frame.code;
            ip = frame.ip;
            break;
          }
          default:
            throw new Error(`internal: invalid opcode ${code[pc]} at ${pc}`);
        }
      }
    } catch (e) {
      frame.pc = pc;
      throw e;
    }
  }

  /** The trace lines of the trace ranges the frame's current instruction is in. */
  private addRangeTraces(err: NixError, f: Frame): void {
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

  /** Where the capture list readCaptures read last ends (a field: no tuple to allocate). */
  private capturesEnd = 0;

  /**
   * Reads a capture list (opcodes.ts, 'captures') at `at` and collects the
   * values it names from the running frame; the `with` scopes go last when
   * captured. Leaves the offset after the list in `capturesEnd`.
   */
  private readCaptures(frame: Frame, code: Uint8Array, at: number): Value[] {
    let ip = at;
    let header = code[ip++];
    if (header > 127) [header, ip] = readVarintFrom(code, ip - 1);
    const count = header >> 1;
    const env: Value[] = new Array(count + (header & 1));
    const stack = this.stack;
    for (let i = 0; i < count; i++) {
      let p = code[ip++];
      if (p > 127) [p, ip] = readVarintFrom(code, ip - 1);
      env[i] = (p & 3) === 0 ? stack[frame.base + (p >> 2)] : frame.upvalues[p >> 2];
    }
    if (header & 1) env[count] = frame.withs as unknown as Value;
    this.capturesEnd = ip;
    return env;
  }

  /** Position of the instruction at `ip` in `frame`. */
  private posAt(frame: Frame, ip: number): Pos | null {
    return frame.blueprint.chunk.posAt(ip);
  }

  /**
   * Pops the frames an error passes through, back to `stopDepth`: thunks
   * under evaluation become suspended again (forcing them later retries, as
   * in CppNix), and the error gets its position and trace.
   */
  private unwind(e: unknown, stopDepth: number): unknown {
    let err = e;
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      const top = this.frames[this.depth - 1];
      err = new EvalError('stack overflow; max-call-depth exceeded', top ? this.posAt(top, top.ip) : null);
    } else if (
      e instanceof RangeError &&
      /^Invalid (array|string|typed array) length|allocation failed|^Cannot create a string longer/.test(e.message)
    ) {
      // A list or string longer than a JS engine holds (CppNix's go on, to its memory's end).
      err = new EvalError(`out of memory: ${/string/.test(e.message) ? 'a string' : 'a list'} longer than tsnix can hold`);
    }
    if (err instanceof StopError) return this.unwindStop(err, stopDepth);
    let first = true;
    while (this.depth > stopDepth) {
      const f = this.frames[this.depth - 1];
      if (f.step !== null) {
        if (f.step.recover !== undefined && !f.recovering && err instanceof NixError) {
          // The step's recover decides (Resume runs it); the frames above are gone.
          f.stepError = err;
          f.ip = 0;
          f.redoArgc = -1;
          truncate(this.stack, f.base + 1);
          return RECOVERING;
        }
        f.step = null;
        f.recovering = false;
        f.redoArgc = -1;
        this.depth--;
        // A step has no instructions of its own: the position is its caller's.
      } else {
        this.depth--;
        // An error an instruction raised itself takes that instruction's position.
        if (first && err instanceof NixError && err.pos === null && !err.positionless && err.trace.length === 0)
          err.pos = this.posAt(f, f.pc);
        first = false;
      }
      if (err instanceof NixError) this.addRangeTraces(err, f);
      if (f.thunk !== null && f.thunk.state === ThunkState.Blackhole) {
        if (err instanceof InfiniteRecursionError && err.reentered === f.thunk) err.addTrace('entering the infinite recursion', null);
        if (err instanceof NixError) {
          // Forcing it again throws a copy of this error (with the trace its
          // first propagation gives it) without evaluating it again.
          f.thunk.state = ThunkState.Failed;
          failures.set(f.thunk, err);
        } else f.thunk.state = ThunkState.Suspended;
      }
      this.callDepth -= f.builtinDepth;
      f.builtinDepth = 0;
      if (f.argOf !== null && err instanceof NixError) {
        if (f.argCtx !== null) err.addTrace(f.argCtx, null);
        err.addTrace(`while calling the '${f.argOf.name}' builtin`, sitePos(f.site, f.sitePc));
      }
      if (f.isCall) {
        this.callDepth--;
        // Without --show-trace CppNix does not record function calls at all.
        if (err instanceof NixError && this.settings.showTrace !== false) {
          // As CppNix: errors binding the arguments name only the call site;
          // errors in the body also the function.
          const bp = f.blueprint;
          if (f.ip >= bp.bodyStart) err.addTrace(`while calling ${bp.name !== null ? `'${bp.name}'` : 'anonymous lambda'}`, bp.pos);
          // A call with no site of its own (a builtin's lazy application) is placed at the function.
          if (f.site !== null) err.addTrace('from call site', sitePos(f.site, f.sitePc) ?? bp.pos);
        }
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
  private unwindStop(err: StopError, stopDepth: number): StopError {
    while (this.depth > stopDepth) {
      const f = this.frames[--this.depth];
      f.step = null;
      f.stepError = null;
      f.recovering = false;
      f.redoArgc = -1;
      f.pending = null;
      if (f.thunk !== null && f.thunk.state === ThunkState.Blackhole) f.thunk.state = ThunkState.Suspended;
      this.callDepth -= f.builtinDepth + (f.isCall ? 1 : 0);
      f.builtinDepth = 0;
    }
    return err;
  }
}

/** The errors of thunks whose evaluation failed (rare, so not a field of every thunk). */
const failures = new WeakMap<Thunk, NixError>();

/** The error a failed thunk (ThunkState.Failed) throws when forced: what the REPL's printer shows inside a value. */
export function thunkFailure(t: Thunk): NixError | undefined {
  return failures.get(t);
}

/** The value of an evaluated or speculated thunk, which now counts as forced. */
function settle(t: Thunk): Value {
  t.state = ThunkState.Done;
  return t.data as Value;
}

/**
 * Computes a thunk whose body is `a op b` or `"a${toString b}"` (see
 * ThunkShortcut) at once, when its operands are integers or plain strings
 * already and nothing can fail: it then needs no frame when forced. It
 * stays a thunk (Speculated) so that it prints as CppNix prints an
 * unevaluated value.
 */
function speculate(t: Thunk, s: ThunkShortcut, env: Value[]): void {
  const v = computeShortcut(s, env);
  if (v === undefined) return;
  t.state = ThunkState.Speculated;
  t.data = v;
}

/**
 * The value of a shortcut tree when its upvalues are integers and plain
 * strings and every step is safe; else undefined.
 */
function computeShortcut(s: ThunkShortcut, env: Value[], arg: Value = null): Value | undefined {
  switch (s.kind) {
    case 'upvalue': {
      const v = env[s.index];
      return typeof v === 'number' || typeof v === 'string' ? v : undefined;
    }
    case 'arg':
      return typeof arg === 'number' || typeof arg === 'string' ? arg : undefined;
    case 'int':
    case 'string':
      return s.value;
    case 'toString': {
      const v = computeShortcut(s.of, env, arg);
      return typeof v === 'number' ? formatInt(v) : typeof v === 'string' ? v : undefined;
    }
    case 'concat': {
      let out = '';
      for (let i = 0; i < s.parts.length; i++) {
        const v = computeShortcut(s.parts[i]!, env, arg);
        if (typeof v !== 'string') return undefined;
        out += v;
      }
      return out;
    }
  }
  const a = computeShortcut(s.a, env, arg);
  if (a === undefined) return undefined;
  const b = computeShortcut(s.b, env, arg);
  if (typeof a !== 'number' || typeof b !== 'number')
    return s.op === '+' && typeof a === 'string' && typeof b === 'string' ? a + b : undefined;
  let r: number;
  switch (s.op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b + 0;
      break;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
  return r <= Number.MAX_SAFE_INTEGER && r >= Number.MIN_SAFE_INTEGER ? r : undefined;
}

/** The position of instruction `pc` of `site`, computed only when an error needs it. */
function sitePos(site: Blueprint | null, pc: number): Pos | null {
  return site === null ? null : site.chunk.posAt(pc);
}

/** A frame's result slot when the value is wanted only in the thunk (a `with` scope's set). */
const NO_SLOT = -1;

/**
 * How many loops may nest on the JS stack before steps ask for values on
 * the frame stack instead: a few, so that the usual shallow calls of
 * foldl' or sort's comparator cost no more than a nested call, and the JS
 * stack stays bounded however deep Nix recurses through builtins.
 */
const NESTING_LIMIT = 16;

/** What the loop answers when the frame on top is a step's, to be resumed (see execute). */
const RESUME: unique symbol = Symbol('resume');
/** What run answers when runAsync's slice is over (poll). */
const YIELD: unique symbol = Symbol('yield');
/**
 * Returns between polls: ~0.1 ms of evaluation, so a limit or a slice's
 * end is seen promptly, and the check costs nothing measurable.
 */
const POLL_EVERY = 4096;

const now = (): number => performance.now();

/** The event loop's turn: setImmediate where there is one (Node), else a 0 ms timer. */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    const g = globalThis as { setImmediate?: (f: () => void) => void };
    if (g.setImmediate !== undefined) g.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });

/** What unwind answers when a step recovers from the error: the loop goes on. */
const RECOVERING: unique symbol = Symbol('recovering');

const NO_VALUES: Value[] = [];

/** The code of every step frame: run the step, then return its result. */
const STEP_BLUEPRINT = (() => {
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

/** A strict argument's failure, traced as CppNix traces it: the argument's forceCtx, then the builtin's call. */
function strictArgFailure(e: unknown, primop: PrimOp, ctx: string | null, site: Blueprint | null, sitePc: number): unknown {
  if (e instanceof NixError) {
    if (ctx !== null) e.addTrace(ctx, null);
    e.addTrace(`while calling the '${primop.name}' builtin`, sitePos(site, sitePc));
  }
  return e;
}

/** Outcomes of VM.callValue. */
const DONE = 0;
const CALLED = 1;
const RETRY = 2;
type CallOutcome = typeof DONE | typeof CALLED | typeof RETRY;

const EMPTY_LIST: Value[] = [];

/**
 * Shrinks the stack to `length`. Popping is much cheaper in V8 than
 * assigning `length`, which goes through the runtime.
 */
function truncate(stack: Value[], length: number): void {
  while (stack.length > length) stack.pop();
}

/** Removes the top `n` values, returning them bottom first. */
function popN(stack: Value[], n: number): Value[] {
  const start = stack.length - n;
  const out: Value[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = stack[start + i];
  truncate(stack, start);
  return out;
}

function readVarintFrom(code: Uint8Array, at: number): [number, number] {
  let result = 0;
  let scale = 1;
  for (;;) {
    const b = code[at++];
    result += (b & 0x7f) * scale;
    if (b < 0x80) return [result, at];
    scale *= 128;
  }
}

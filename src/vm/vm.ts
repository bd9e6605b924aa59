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
import { type AttrsShape, Blueprint } from '../bytecode/blueprint.js';
import { Op } from '../bytecode/opcodes.js';
import { CaptureEnv, readVarint } from '../bytecode/chunk.js';
import type { EvalSettings, Runtime } from '../builtins/runtime.js';
import { type Step, type StepDriver, SUSPEND } from '../builtins/step.js';
import { EvalError, InfiniteRecursionError } from '../errors/error.js';
import { formatEvalWarning } from '../errors/log.js';
import type { IO } from '../io/io.js';
import { NixAttrs } from '../value/attrs.js';
import { ApplyThunk, Closure, type PrimOp, Thunk, ThunkState, type Value, WithScope } from '../value/types.js';
import { ForceDeepStep } from './deep.js';
import { Frame, NO_SLOT, NO_VALUES, popN, posAt, sitePos, truncate } from './frame.js';
import * as ops from './operations.js';
import { settle, speculate } from './shortcut.js';
import { ApplyBlueprints, enterApplication, lazyApplication } from './apply.js';
import { expected, notASetOfWith, runRareOp } from './rare-ops.js';
import { failures, RECOVERING, unwind } from './unwind.js';
import { CALLED, callValue, DONE, RETRY } from './calls.js';
import { resumeStep, STEP_BLUEPRINT, stepCall, stepForce } from './step-frames.js';
import type { Watchdog } from './watchdog.js';

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
  /** The frame stack (also unwind.ts's). */
  readonly frames: Frame[] = [];
  /** Frames in use: frames[0 .. depth-1]. */
  depth = 0;
  /** Active calls, against max-call-depth (public for deep.ts). */
  callDepth = 0;
  /** Blueprints of lazy applications, by argument count (see lazyCall). */
  private readonly applies = new ApplyBlueprints();
  /** Loops running (execute) on the JS stack: steps nest one more only below NESTING_LIMIT. */
  nesting = 0;
  /** How deep steps nest loops on the JS stack before they use frames (1 in runAsync: frames only, so it can yield). */
  nestingLimit = NESTING_LIMIT;
  /** Returns until the next poll. */
  fuel = POLL_EVERY;
  private watchdog: Watchdog | null;
  /** While runAsync runs a slice: when the slice ends (performance.now()); 0 otherwise. */
  private sliceEnd = 0;
  /** How steps ask for values: on the frame stack, answering SUSPEND while a frame computes one. */
  readonly driver: StepDriver = {
    force: (v) => stepForce(this, v),
    call: (fn, args) => stepCall(this, fn, args),
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
    // A speculated one is still the calls CppNix makes for it (settle): deepSeq of a deep structure.
    if (v.state >= ThunkState.Done) return settle(this, v);
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
      if (callValue(this, slot, args.length, null, 0, false) === CALLED) return this.execute(stopDepth);
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
    return lazyApplication(this.applies, fn, args);
  }

  warn(message: string): void {
    this.io.printError(formatEvalWarning(message) + '\n');
  }

  trace(message: string): void {
    this.io.printError(`trace: ${message}\n`);
  }

  // ---------------------------------------------------------------- frames

  /** (Also calls.ts's.) */
  pushFrame(blueprint: Blueprint): Frame {
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
  /** (For the loop and rare-ops.ts.) */
  overflow(frame: Frame, pc: number): EvalError {
    return new EvalError('stack overflow; max-call-depth exceeded', posAt(frame, pc));
  }

  /** Starts evaluating a suspended thunk; its value will land in stack[resultSlot]. */
  enterThunk(t: Thunk, resultSlot: number, restoreSp: number, site: Blueprint | null, sitePc: number): void {
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
    const bp = t.code as Blueprint;
    if (bp.applies !== 0 && enterApplication(this, t, bp.applies, resultSlot, restoreSp)) return;
    t.state = ThunkState.Blackhole;
    const f = this.pushFrame(bp);
    f.base = this.stack.length;
    const env = t instanceof ApplyThunk ? [t.data as Value, t.arg] : (t.data as Value[]);
    f.upvalues = env;
    f.withs = bp.capturesWith ? (env[env.length - 1] as unknown as WithScope) : null;
    f.thunk = t;
    f.resultSlot = resultSlot;
    f.restoreSp = restoreSp;
    f.isCall = false;
  }

  // ---------------------------------------------------------------- steps (and step-frames.ts)

  /**
   * Gives a builtin's step (builtins/step.ts) a frame: its Resume
   * instruction runs the step, whose requests land in stack[base]; its
   * result goes to stack[resultSlot]. Counted as the builtin's call, and
   * errors passing through it are traced to the call as a builtin's are.
   */
  pushStep(step: Step, primop: PrimOp | null, resultSlot: number, site: Blueprint | null, sitePc: number): Frame {
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
  poll(): boolean {
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
        const r = resumeStep(this, f);
        if (r === SUSPEND)
          f.ip = 0; // back to Resume once the value it asked for is computed
        else {
          f.step = null;
          this.stack.push(r);
          f.ip = 1; // Return
        }
      } catch (e) {
        const err = unwind(this, e, stopDepth);
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
        // A case that does not take its fast path leaves the instruction
        // untouched and breaks out to `general`, below the switch, where
        // rare-ops.ts runs it whole (see there why through one call).
        general: {
          switch (code[ip++]) {
            case Op.Constant: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              stack.push(frame.constants[k] as Value);
              break;
            }
            case Op.Pop:
              stack.pop();
              break;
            case Op.GetLocal: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              stack.push(stack[frame.base + k]);
              break;
            }
            // ForceLocal, ForceUpvalue and Force repeat one another on purpose:
            // one case for all three, choosing by opcode, made fib.nix 22%
            // slower (12.7 -> 15.4 G instructions).
            case Op.ForceLocal: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              const v = stack[frame.base + k];
              if (v instanceof Thunk) {
                if (v.state >= ThunkState.Done) stack.push(settle(this, v));
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
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              stack.push(frame.upvalues[k]);
              break;
            }
            case Op.ForceUpvalue: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              const v = frame.upvalues[k];
              if (v instanceof Thunk) {
                if (v.state >= ThunkState.Done) stack.push(settle(this, v));
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
                if (v.state >= ThunkState.Done) stack[stack.length - 1] = settle(this, v);
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
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
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
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              const bp = frame.constants[k] as Blueprint;
              stack.push(new Thunk(bp, null));
              break;
            }
            case Op.Finalise: {
              let slot = code[ip++];
              if (slot > 127) [slot, ip] = readVarint(code, ip - 1);
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
              if (n > 127) [n, ip] = readVarint(code, ip - 1);
              // The scope's value over its first local, then the rest popped (see truncate).
              const top = stack.length - 1;
              stack[top - n] = stack[top];
              truncate(stack, top - n + 1);
              break;
            }
            case Op.Not: {
              const v = stack[stack.length - 1];
              if (typeof v !== 'boolean') break general;
              stack[stack.length - 1] = !v;
              break;
            }
            // Integer arithmetic here, when the result is a safe integer; the
            // rest (floats, strings, paths, int64 overflow, errors) in rare-ops.
            case Op.Add: {
              const b = stack[stack.length - 1];
              const a = stack[stack.length - 2];
              if (typeof a !== 'number' || typeof b !== 'number') break general;
              const r = a + b;
              if (r > Number.MAX_SAFE_INTEGER || r < Number.MIN_SAFE_INTEGER) break general;
              stack.pop();
              stack[stack.length - 1] = r;
              break;
            }
            // `a - b`, `a * b` and `a < b` are calls of builtins in CppNix
            // (__sub, __mul, __lessThan): one call too deep fails.
            case Op.Sub: {
              if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
              const b = stack[stack.length - 1];
              const a = stack[stack.length - 2];
              if (typeof a !== 'number' || typeof b !== 'number') break general;
              const r = a - b;
              if (r > Number.MAX_SAFE_INTEGER || r < Number.MIN_SAFE_INTEGER) break general;
              stack.pop();
              stack[stack.length - 1] = r;
              break;
            }
            case Op.Mul: {
              if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
              const b = stack[stack.length - 1];
              const a = stack[stack.length - 2];
              if (typeof a !== 'number' || typeof b !== 'number') break general;
              const r = a * b;
              if (r > Number.MAX_SAFE_INTEGER || r < Number.MIN_SAFE_INTEGER) break general;
              stack.pop();
              // `+ 0` turns the -0 of `0 * -1` into the integer 0.
              stack[stack.length - 1] = r + 0;
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
              const b = stack[stack.length - 1];
              const a = stack[stack.length - 2];
              if (typeof a !== 'number' || typeof b !== 'number') break general;
              stack.pop();
              stack[stack.length - 1] = a < b;
              break;
            }
            case Op.Update: {
              const b = stack[stack.length - 1];
              const a = stack[stack.length - 2];
              if (!(a instanceof NixAttrs) || !(b instanceof NixAttrs)) break general;
              stack.pop();
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
              else if (v !== true) throw expected('a Boolean', v as Value, frame, pc);
              ip += 2;
              break;
            }
            case Op.AssertBool: {
              const v = stack[stack.length - 1];
              if (typeof v !== 'boolean') throw expected('a Boolean', v, frame, pc);
              break;
            }
            case Op.Attrs: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              const shape = frame.constants[k] as AttrsShape;
              const n = shape.keys.length;
              const values = n === 0 ? [] : popN(stack, n);
              stack.push(n === 0 ? NixAttrs.empty : new NixAttrs(shape.keys, values, shape.positions));
              break;
            }
            case Op.Select: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              const name = frame.constants[k] as string;
              const set = stack[stack.length - 1];
              if (!(set instanceof NixAttrs)) throw expected('a set', set, frame, pc);
              const v = set.get(name);
              if (v === undefined) throw ops.missingAttribute(name, set);
              frame.selectedFrom = set;
              frame.selectedName = name;
              frame.selectedAt = pc;
              // `x.a` is mostly followed by Force (a third of Selects on lib
              // code): a value already evaluated is forced here, one dispatch
              // fewer. Under --trace-vm every instruction runs on its own.
              if (code[ip] === Op.Force && tracer === undefined && !(v instanceof Thunk && v.state < ThunkState.Done)) {
                stack[stack.length - 1] = v instanceof Thunk ? settle(this, v) : v;
                ip++;
              } else stack[stack.length - 1] = v;
              break;
            }
            case Op.SelectOr:
            case Op.HasAttrStep: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
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
            case Op.List: {
              let n = code[ip++];
              if (n > 127) [n, ip] = readVarint(code, ip - 1);
              stack.push(n === 0 ? EMPTY_LIST : popN(stack, n));
              break;
            }
            case Op.Interpolate: {
              let n = code[ip++];
              if (n > 127) [n, ip] = readVarint(code, ip - 1);
              const parts = popN(stack, n >> 1);
              stack.push(ops.interpolate(parts, (n & 1) === 1));
              break;
            }
            case Op.CoerceToString:
              if (typeof stack[stack.length - 1] !== 'string') break general;
              ip++;
              break;
            case Op.Call: {
              let argc = code[ip++];
              if (argc > 127) [argc, ip] = readVarint(code, ip - 1);
              frame.ip = ip;
              frame.pc = pc;
              const outcome = callValue(this, stack.length - argc - 1, argc, frame.blueprint, pc, true);
              if (outcome !== DONE) {
                // RETRY: a strict builtin argument is being evaluated; run this Call again afterwards.
                if (outcome === RETRY) frame.ip = pc;
                frame = this.frames[this.depth - 1];
                code = frame.code;
                ip = 0;
              }
              break;
            }
            // Around an operator that is a builtin in CppNix (`<` is
            // __lessThan): counted as its call (sort's comparators run these
            // millions of times).
            case Op.EnterBuiltin:
              if (this.callDepth > this.maxCallDepth) throw this.overflow(frame, pc);
              this.callDepth++;
              frame.builtinDepth++;
              break;
            case Op.LeaveBuiltin:
              this.callDepth--;
              frame.builtinDepth--;
              break;
            // In the loop, not rare-ops.ts: `with lib;` / `with pkgs;` code runs it for every free name.
            case Op.ResolveWith: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              const name = frame.constants[k] as string;
              let found: Value | undefined;
              let pending: Thunk | null = null;
              for (let scope = frame.withs; scope !== null && found === undefined; scope = scope.parent) {
                let attrs = scope.attrs;
                if (attrs instanceof Thunk) {
                  if (attrs.state < ThunkState.Done) {
                    pending = attrs;
                    break;
                  }
                  attrs = attrs.data as Value;
                }
                if (!(attrs instanceof NixAttrs)) throw notASetOfWith(attrs, scope);
                found = attrs.get(name);
              }
              if (pending !== null) {
                // Evaluate the scope's set, then run this instruction again.
                frame.ip = pc;
                frame.pc = pc;
                this.enterThunk(pending, NO_SLOT, stack.length, frame.blueprint, pc);
                frame = this.frames[this.depth - 1];
                code = frame.code;
                ip = 0;
                break;
              }
              if (found === undefined) throw new EvalError(`undefined variable '${name}'`, posAt(frame, pc));
              stack.push(found);
              break;
            }
            case Op.FormalArg: {
              let k = code[ip++];
              if (k > 127) [k, ip] = readVarint(code, ip - 1);
              let arg: Value = stack[frame.base];
              if (arg instanceof Thunk) arg = arg.data as Value;
              const v = (arg as NixAttrs).get(frame.constants[k] as string);
              if (v === undefined) ip += code[ip] | (code[ip + 1] << 8);
              else stack.push(v);
              ip += 2;
              break;
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
                if (callValue(this, done.resultSlot, pendingArgs.length, done.site, done.sitePc, false) === CALLED) {
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
              break general;
          }
          continue;
        }
        // None of these pushes a frame: the loop goes on in this one.
        ip = runRareOp(this, frame, code[pc], pc + 1, pc);
      }
    } catch (e) {
      frame.pc = pc;
      throw e;
    }
  }

  /** Where the capture list readCaptures read last ends (a field: no tuple to allocate). */
  private capturesEnd = 0;
  /** The environment readCaptures made last, for a capture list of CaptureEnv.Previous. */
  private lastEnv: Value[] = NO_VALUES;

  /**
   * Reads a capture list (opcodes.ts, 'captures') at `at` and collects the
   * values it names from the running frame; the `with` scopes go last when
   * captured. Leaves the offset after the list in `capturesEnd`.
   */
  private readCaptures(frame: Frame, code: Uint8Array, at: number): Value[] {
    let ip = at;
    let header = code[ip++];
    if (header > 127) [header, ip] = readVarint(code, ip - 1);
    const count = header >> 2;
    if (header < 4 && header !== CaptureEnv.OwnWithWiths) {
      // Nothing captured (a constant's thunk, a closed lambda): environments are never written to, so one serves all;
      // a thunk needing only the frame's upvalues runs in the frame's environment, and the thunks of a `let` in one
      // they share (opcodes.ts, 'captures').
      this.capturesEnd = ip;
      return header === CaptureEnv.Own ? NO_VALUES : header === CaptureEnv.Frame ? frame.upvalues : this.lastEnv;
    }
    const env: Value[] = new Array(count + (header & 1));
    const stack = this.stack;
    for (let i = 0; i < count; i++) {
      let p = code[ip++];
      if (p > 127) [p, ip] = readVarint(code, ip - 1);
      env[i] = (p & 3) === 0 ? stack[frame.base + (p >> 2)] : frame.upvalues[p >> 2];
    }
    if (header & 1) env[count] = frame.withs as unknown as Value;
    this.capturesEnd = ip;
    this.lastEnv = env;
    return env;
  }
}

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

const EMPTY_LIST: Value[] = [];

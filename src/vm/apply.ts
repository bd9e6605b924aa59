// Lazy applications: what a builtin makes when it applies a function
// without calling it yet (map, genList, mapAttrs): a thunk of a small
// blueprint that calls its first upvalue with the rest. When one is forced
// and its function is a lambda at hand, the lambda's frame is pushed
// directly, as the thunk's (enterApplication).

import { Blueprint } from '../bytecode/blueprint.js';
import { Op } from '../bytecode/opcodes.js';
import { EvalError } from '../errors/error.js';
import { ApplyThunk, Closure, Thunk, ThunkState, type Value } from '../value/types.js';
import { pushCallFrame } from './calls.js';
import { computeShortcut, countsCalls, settle } from './shortcut.js';
import { failures } from './unwind.js';
import type { VM } from './vm.js';

/** The blueprints of lazy applications, one per argument count, made when first needed. */
export class ApplyBlueprints {
  private readonly byArity: Blueprint[] = [];

  /** A blueprint whose code calls upvalue 0 with upvalues 1..n. */
  get(n: number): Blueprint {
    let bp = this.byArity[n];
    if (bp) return bp;
    bp = new Blueprint('thunk', null, null);
    const c = bp.chunk;
    c.writeByte(Op.ForceUpvalue);
    c.writeVarint(0);
    for (let i = 1; i <= n; i++) {
      c.writeByte(Op.GetUpvalue);
      c.writeVarint(i);
    }
    c.writeByte(Op.Call);
    c.writeVarint(n);
    c.writeByte(Op.Return);
    c.finish();
    bp.upvalueCount = n + 1;
    bp.applies = n;
    this.byArity[n] = bp;
    return bp;
  }
}

/** `fn args` as a thunk (Runtime.lazyCall). */
export function lazyApplication(applies: ApplyBlueprints, fn: Value, args: Value[]): Value {
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
    return new ApplyThunk(applies.get(1), fn, arg);
  }
  const env: Value[] = n === 2 ? [fn, args[0], args[1]] : [fn].concat(args);
  return new Thunk(applies.get(n), env);
}

/**
 * Starts evaluating the lazy application `t` of `n` arguments as the call
 * of its function, when that is a lambda taking them all in one frame: the
 * lambda's frame is the thunk's too (its Return sets the thunk), where the
 * apply blueprint would run a frame of its own only to make the call. The
 * frame is unwound as the two would be (unwind.ts). Returns false, having
 * done nothing, for any other function, which the apply blueprint calls.
 */
export function enterApplication(vm: VM, t: Thunk, n: number, resultSlot: number, restoreSp: number): boolean {
  let fn: Value;
  let a: Value;
  let b: Value = null;
  if (t instanceof ApplyThunk) {
    fn = t.data as Value;
    a = t.arg;
  } else if (n === 2) {
    const env = t.data as Value[];
    fn = env[0];
    a = env[1];
    b = env[2];
  } else return false;
  if (fn instanceof Thunk) {
    // Not one still to be evaluated, nor one whose forcing may fail (settle): the thunk's frame must be there then.
    if (fn.state < ThunkState.Done || countsCalls(fn)) return false;
    fn = settle(vm, fn);
  }
  if (!(fn instanceof Closure)) return false;
  let bp = fn.blueprint as Blueprint;
  if (n === 2) {
    // `name: value: ...` runs as one function of two; any other lambda would leave an argument pending.
    if (bp.fused === null || bp.fused.arity !== 2) return false;
    bp = bp.fused;
  }
  // As callValue counts a call; the error is the thunk's, as if its frame had failed.
  if (++vm.callDepth > vm.maxCallDepth + 1) {
    vm.callDepth--;
    const err = new EvalError('stack overflow; max-call-depth exceeded', (fn.blueprint as Blueprint).pos);
    t.state = ThunkState.Failed;
    failures.set(t, err);
    throw err;
  }
  t.state = ThunkState.Blackhole;
  const stack = vm.stack;
  // No call site: a lazy application's call has none (unwind.ts).
  pushCallFrame(vm, fn, bp, stack.length, t, resultSlot, restoreSp, null, 0);
  stack.push(a);
  if (n === 2) stack.push(b);
  return true;
}

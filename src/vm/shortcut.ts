// Values the VM computes without running code: a thunk already evaluated
// (settle), and thunks computed when they are made (speculate): a body of
// simple arithmetic or string building on values at hand, or one that only
// makes a closure.

import type { Blueprint, ThunkShortcut } from '../bytecode/blueprint.js';
import { decodeInstruction } from '../bytecode/chunk.js';
import { Op } from '../bytecode/opcodes.js';
import { EvalError } from '../errors/error.js';
import { formatInt } from '../value/numfmt.js';
import { Closure, Thunk, ThunkState, type Value } from '../value/types.js';
import { failures } from './unwind.js';

/** What forcing a speculated thunk counts against: the VM's call depth. */
export interface CallDepth {
  readonly callDepth: number;
  readonly maxCallDepth: number;
}

/** The value of an evaluated or speculated thunk, which now counts as forced. */
export function settle(vm: CallDepth, t: Thunk): Value {
  return t.state === ThunkState.Done ? (t.data as Value) : forceSpeculated(vm, t);
}

/**
 * A speculated thunk forced: its computation still counts as the builtin
 * calls CppNix makes for it (`n - 1` is a call of __sub), so one forced
 * past max-call-depth fails as its code would have, at its first call.
 */
function forceSpeculated(vm: CallDepth, t: Thunk): Value {
  const bp = t.code as Blueprint | null;
  if (bp !== null) {
    const calls = callsOf(bp);
    // Nested calls: the innermost is made at callDepth + calls - 1.
    if (calls > 0 && vm.callDepth + calls - 1 > vm.maxCallDepth) {
      const err = overflowOf(vm, bp);
      if (err !== null) {
        t.state = ThunkState.Failed;
        failures.set(t, err);
        throw err;
      }
    }
  }
  t.state = ThunkState.Done;
  return t.data as Value;
}

/** Whether forcing the evaluated or speculated thunk `t` counts calls, so may fail past max-call-depth. */
export function countsCalls(t: Thunk): boolean {
  if (t.state === ThunkState.Done) return false;
  const bp = t.code as Blueprint | null;
  return bp !== null && callsOf(bp) > 0;
}

/**
 * How deep the builtin calls of a speculated thunk's computation nest (a
 * lazy application: the lambda's call too); 0 when it makes none. Worked
 * out once per blueprint.
 */
function callsOf(bp: Blueprint): number {
  if (bp.speculatedCalls < 0) bp.speculatedCalls = bp.shortcut === null ? 0 : nesting(bp.shortcut) + (bp.kind === 'lambda' ? 1 : 0);
  return bp.speculatedCalls;
}

function nesting(s: ThunkShortcut): number {
  switch (s.kind) {
    case 'toString':
      return 1 + nesting(s.of);
    case 'concat':
      return Math.max(0, ...s.parts.map(nesting));
    case 'op':
      // `+` and `==` are operators in CppNix; `-`, `*` and the comparisons are calls of __sub, __mul and __lessThan.
      return (s.op === '+' || s.op === '==' || s.op === '!=' ? 0 : 1) + Math.max(nesting(s.a), nesting(s.b));
    default:
      return 0;
  }
}

/**
 * The error the code of a speculated thunk would have raised, forced at
 * this depth: its instructions are followed (a shortcut's body has no
 * jumps) with the loop's checks, to the first call that fails, whose
 * position and trace lines the error gets. A lazy application's lambda
 * call fails first (calls.ts counts it one later than a builtin's).
 */
function overflowOf(vm: CallDepth, bp: Blueprint): EvalError | null {
  const message = 'stack overflow; max-call-depth exceeded';
  let depth = vm.callDepth;
  if (bp.kind === 'lambda') {
    if (++depth > vm.maxCallDepth + 1) return new EvalError(message, bp.pos);
  }
  const chunk = bp.chunk;
  const code = chunk.code;
  for (let at = bp.bodyStart; at < code.length;) {
    const { op, next } = decodeInstruction(code, at);
    if (op === Op.Sub || op === Op.Mul || op === Op.Less || op === Op.Call || op === Op.EnterBuiltin) {
      if (depth > vm.maxCallDepth) {
        const err = new EvalError(message, chunk.posAt(at));
        for (const range of chunk.tracesAt(at)) err.addTrace(range.message, range.pos);
        return err;
      }
      if (op === Op.EnterBuiltin) depth++;
    } else if (op === Op.LeaveBuiltin) depth--;
    at = next;
  }
  return null;
}

/**
 * Computes a thunk whose body is `a op b`, `"a${toString b}"` or a closure
 * (see ThunkShortcut) at once, when nothing can fail (the operands are
 * integers or plain strings, at hand or in thunks already forced): it then
 * needs no frame when forced. It stays a thunk (Speculated) so that it
 * prints as CppNix prints an unevaluated value.
 */
export function speculate(t: Thunk, s: ThunkShortcut, env: Value[]): void {
  const v = computeShortcut(s, env);
  if (v === undefined) return;
  t.state = ThunkState.Speculated;
  t.data = v;
}

/**
 * An operand a shortcut may use: an integer or plain string, given as is or
 * as a thunk already forced (`n - 1` in the body of `n: ...` once `n < 2`
 * forced `n`). A thunk not yet forced would be forced by using it, which
 * is visible (it would print evaluated), so it is not used.
 */
function operand(v: Value): number | string | undefined {
  if (v instanceof Thunk && v.state === ThunkState.Done) v = v.data as Value;
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

/**
 * The value of a shortcut tree when its upvalues are integers and plain
 * strings and every step is safe (a closure always is); else undefined.
 */
export function computeShortcut(s: ThunkShortcut, env: Value[], arg: Value = null): Value | undefined {
  switch (s.kind) {
    case 'upvalue':
      return operand(env[s.index]);
    case 'arg':
      return operand(arg);
    case 'int':
    case 'string':
      return s.value;
    case 'toString': {
      const v = computeShortcut(s.of, env, arg);
      return typeof v === 'number' ? formatInt(v) : typeof v === 'string' ? v : undefined;
    }
    case 'closure':
      return new Closure(s.lambda, env);
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

// Values the VM computes without running code: a thunk already evaluated
// (settle), and thunks computed when they are made (speculate): a body of
// simple arithmetic or string building on values at hand, or one that only
// makes a closure.

import type { ThunkShortcut } from '../bytecode/blueprint.js';
import { formatInt } from '../value/numfmt.js';
import { Closure, Thunk, ThunkState, type Value } from '../value/types.js';

/** The value of an evaluated or speculated thunk, which now counts as forced. */
export function settle(t: Thunk): Value {
  t.state = ThunkState.Done;
  return t.data as Value;
}

/**
 * Computes a thunk whose body is `a op b`, `"a${toString b}"` or a closure
 * (see ThunkShortcut) at once, when nothing can fail (the operands are
 * integers or plain strings already): it then needs no frame when forced. It
 * stays a thunk (Speculated) so that it prints as CppNix prints an
 * unevaluated value.
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

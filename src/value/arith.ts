// Nix arithmetic: signed 64-bit integers that fail on overflow, doubles,
// and int/float mixing (an int meeting a float becomes a float).
//
// Ints are JS numbers while they are safe integers and bigints outside
// ±(2^53 - 1) (see `makeInt`). Every operation tries the number fast path
// first: when both operands are numbers and the exact result is a safe
// integer, nothing is allocated. The bigint path is exact and checks the
// int64 range, failing with CppNix's message:
//
//   integer overflow in adding 9223372036854775807 + 1
//
// Operands must already be numbers (number, bigint or NixFloat): type errors
// (`cannot add a string to an integer`) are the caller's to raise.

import { EvalError } from '../errors/error.js';
import { formatInt } from './numfmt.js';
import { MAX_INT, MIN_INT, makeInt, NixFloat } from './types.js';

export type NixInt = number | bigint;
export type NixNumber = number | bigint | NixFloat;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function overflow(verb: string, op: string, a: NixInt, b: NixInt): EvalError {
  return new EvalError(`integer overflow in ${verb} ${formatInt(a)} ${op} ${formatInt(b)}`);
}

/** An exact int64 result as a Nix int, or null when it overflows. */
function checked(r: bigint): NixInt | null {
  return r > MAX_INT || r < MIN_INT ? null : makeInt(r);
}

function big(a: NixInt): bigint {
  return typeof a === 'bigint' ? a : BigInt(a);
}

/** The value of a Nix number as a double (int64 → double rounds to nearest, as C++ does). */
export function toFloat(a: NixNumber): number {
  return typeof a === 'number' ? a : typeof a === 'bigint' ? Number(a) : a.value;
}

// ---------------------------------------------------------------- int64

export function addInt(a: NixInt, b: NixInt): NixInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  const r = checked(big(a) + big(b));
  if (r === null) throw overflow('adding', '+', a, b);
  return r;
}

export function subInt(a: NixInt, b: NixInt): NixInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  const r = checked(big(a) - big(b));
  if (r === null) throw overflow('subtracting', '-', a, b);
  return r;
}

export function mulInt(a: NixInt, b: NixInt): NixInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    // Rounding is monotonic, so an exact product beyond 2^53 - 1 never lands back inside.
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r === 0 ? 0 : r;
  }
  const r = checked(big(a) * big(b));
  if (r === null) throw overflow('multiplying', '*', a, b);
  return r;
}

/** Integer division, truncating toward zero. */
export function divInt(a: NixInt, b: NixInt): NixInt {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw new EvalError('division by zero');
    // a - a % b is an exact multiple of b, so the quotient is exact.
    const r = (a - (a % b)) / b;
    return r === 0 ? 0 : r;
  }
  const bb = big(b);
  if (bb === 0n) throw new EvalError('division by zero');
  const ba = big(a);
  if (ba === MIN_INT && bb === -1n) throw overflow('dividing', '/', a, b);
  return makeInt(ba / bb);
}

/** `-a`, which Nix evaluates as `0 - a`. */
export function negateInt(a: NixInt): NixInt {
  return subInt(0, a);
}

function isInt32(a: NixInt): a is number {
  return typeof a === 'number' && (a | 0) === a;
}

export function bitAnd(a: NixInt, b: NixInt): NixInt {
  if (isInt32(a) && isInt32(b)) return a & b;
  return makeInt(BigInt.asIntN(64, big(a) & big(b)));
}

export function bitOr(a: NixInt, b: NixInt): NixInt {
  if (isInt32(a) && isInt32(b)) return a | b;
  return makeInt(BigInt.asIntN(64, big(a) | big(b)));
}

export function bitXor(a: NixInt, b: NixInt): NixInt {
  if (isInt32(a) && isInt32(b)) return a ^ b;
  return makeInt(BigInt.asIntN(64, big(a) ^ big(b)));
}

/** Numeric order of two ints. */
export function lessThanInt(a: NixInt, b: NixInt): boolean {
  return a < b;
}

// ---------------------------------------------------------------- mixed

/** `a + b` on Nix numbers: int + int is checked int64, anything with a float is a float. */
export function add(a: NixNumber, b: NixNumber): NixNumber {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  if (a instanceof NixFloat || b instanceof NixFloat) return new NixFloat(toFloat(a) + toFloat(b));
  return addInt(a, b);
}

export function sub(a: NixNumber, b: NixNumber): NixNumber {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  if (a instanceof NixFloat || b instanceof NixFloat) return new NixFloat(toFloat(a) - toFloat(b));
  return subInt(a, b);
}

export function mul(a: NixNumber, b: NixNumber): NixNumber {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r === 0 ? 0 : r;
  }
  if (a instanceof NixFloat || b instanceof NixFloat) return new NixFloat(toFloat(a) * toFloat(b));
  return mulInt(a, b);
}

/** `a / b`: `division by zero` for a zero divisor of either type (also 0.0 and -0.0). */
export function div(a: NixNumber, b: NixNumber): NixNumber {
  if (a instanceof NixFloat || b instanceof NixFloat) {
    const d = toFloat(b);
    if (d === 0) throw new EvalError('division by zero');
    return new NixFloat(toFloat(a) / d);
  }
  return divInt(a, b);
}

/** `-a` = `0 - a`: so `-(0.0)` is `0.0`, and `-x` keeps the sign bit of a NaN, as in CppNix. */
export function negate(a: NixNumber): NixNumber {
  return sub(0, a);
}

/** `a < b` on Nix numbers; an int meeting a float is converted to a double. */
export function lessThanNum(a: NixNumber, b: NixNumber): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (a instanceof NixFloat || b instanceof NixFloat) return toFloat(a) < toFloat(b);
  return a < b;
}

/** `a == b` on Nix numbers (int 1 equals float 1.0). */
export function numbersEqual(a: NixNumber, b: NixNumber): boolean {
  if (a instanceof NixFloat || b instanceof NixFloat) return toFloat(a) === toFloat(b);
  return a === b;
}

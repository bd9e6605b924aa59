// Numbers and versions: bitAnd, bitOr, bitXor, ceil, floor, compareVersions,
// splitVersion, parseDrvName.
//
// The version logic is versions.ts's (CppNix's names.cc); this module
// checks the arguments, as CppNix's forceInt/forceFloat/forceStringNoCtx
// do: the `while evaluating the first argument passed to ...` trace goes on
// a type error and on any error evaluating the argument, so the arguments
// are taken lazily and forced here, first to last.

import type { Evaluator } from '../eval.js';
import { bitAnd, bitOr, bitXor, type NixInt } from '../value/arith.js';
import { typeError } from '../value/check.js';
import { MIN_INT, makeInt, NixFloat, type PrimOp, type Value } from '../value/types.js';
import { NixAttrs } from '../value/attrs.js';
import { argInt, argStringNoContext, forceArg } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';
import type { Runtime } from './runtime.js';
import { compareVersions, parseDrvName, splitVersion } from './versions.js';

/** CppNix's forceFloat: a float, or an int converted to a double. */
function argFloat(rt: Runtime, v: Value, ctx: string): number {
  const x = forceArg(rt, v, ctx);
  if (x instanceof NixFloat) return x.value;
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  throw typeError('a float', x).addTrace(ctx, null);
}

const TWO_63 = 9223372036854775808;

/**
 * A double that is already integral, converted to int64 as CppNix 2.26 does
 * it (a plain C++ conversion, compiled to x86-64's cvttsd2si): a value
 * outside the int64 range, an infinity or a NaN becomes -2^63.
 */
export function doubleToInt(x: number): NixInt {
  if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
  if (!(x >= -TWO_63 && x < TWO_63)) return makeInt(MIN_INT);
  return makeInt(BigInt(x));
}

/** A version or name argument: a string without context (forceStringNoCtx). */
function versionArg(rt: Runtime, v: Value, ctx: string): string {
  return typeof v === 'string' ? v : argStringNoContext(rt, v, ctx);
}

const DRV_NAME_KEYS: readonly string[] = ['name', 'version'];

function bitOp(name: string, op: (a: NixInt, b: NixInt) => NixInt) {
  // Built once, not at every call.
  const first = `while evaluating the first argument passed to builtins.${name}`;
  const second = `while evaluating the second argument passed to builtins.${name}`;
  // Both strict, each checked before the next is evaluated: the VM evaluates them on its own stack.
  return primop(name, 2, [0, 1], ([a, b], rt) => op(argInt(rt, a!, first), argInt(rt, b!, second)), {
    checks: {
      0: { check: ([a], rt) => void argInt(rt, a!, first), literal: 'int', forceCtx: first },
      1: { check: ([, b], rt) => void argInt(rt, b!, second), literal: 'int', forceCtx: second },
    },
  });
}

export function mathBuiltins(_evaluator: Evaluator): BuiltinFamily {
  const primops: PrimOp[] = [
    bitOp('bitAnd', bitAnd),
    bitOp('bitOr', bitOr),
    bitOp('bitXor', bitXor),
    // An int argument goes through a double too, so a large one loses precision, as in CppNix 2.26.
    primop('ceil', 1, [], ([x], rt) =>
      doubleToInt(Math.ceil(argFloat(rt, x!, 'while evaluating the first argument passed to builtins.ceil'))),
    ),
    primop('floor', 1, [], ([x], rt) =>
      doubleToInt(Math.floor(argFloat(rt, x!, 'while evaluating the first argument passed to builtins.floor'))),
    ),
    primop('compareVersions', 2, [], ([a, b], rt) => {
      const v1 = versionArg(rt, a!, 'while evaluating the first argument passed to builtins.compareVersions');
      const v2 = versionArg(rt, b!, 'while evaluating the second argument passed to builtins.compareVersions');
      return compareVersions(v1, v2);
    }),
    primop('splitVersion', 1, [], ([v], rt) =>
      splitVersion(versionArg(rt, v!, 'while evaluating the first argument passed to builtins.splitVersion')),
    ),
    primop('parseDrvName', 1, [], ([v], rt) => {
      const parsed = parseDrvName(versionArg(rt, v!, 'while evaluating the first argument passed to builtins.parseDrvName'));
      return new NixAttrs(DRV_NAME_KEYS, [parsed.name, parsed.version]);
    }),
  ];
  return { primops };
}

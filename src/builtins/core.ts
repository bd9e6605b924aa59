// The builtins the language itself leans on: errors and their catching,
// strictness (seq, deepSeq), type tests, toString, and the handful of list
// and set functions nearly every program calls.

import { AbortError, EvalError, NixError, ThrownError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import { expectAttrs, expectFunction, expectInt, expectList, expectNumber, expectStringNoContext } from '../value/check.js';
import * as ops from '../vm/operations.js';
import { coerceToString } from '../value/coerce.js';
import { typeOf } from '../value/describe.js';
import { Closure, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, type PrimOpFn, type Value } from '../value/types.js';
import type { BuiltinFamily } from './index.js';

/** A builtin; `strict` lists the arguments (by position) the VM evaluates before the call. */
export function primop(name: string, arity: number, strict: number[], fn: PrimOpFn): PrimOp {
  let mask = 0;
  for (const i of strict) mask |= 1 << i;
  return new PrimOp(name, arity, fn, mask);
}

export function coreBuiltins(_evaluator: Evaluator): BuiltinFamily {
  const primops: PrimOp[] = [
    primop('throw', 1, [0], ([msg], rt) => {
      const s = coerceToString(msg!, rt, {});
      throw new ThrownError(typeof s === 'string' ? s : s.value);
    }),
    primop('abort', 1, [0], ([msg], rt) => {
      const s = coerceToString(msg!, rt, {});
      throw new AbortError(`evaluation aborted with the following error message: '${typeof s === 'string' ? s : s.value}'`);
    }),
    primop('toString', 1, [0], ([v], rt) => coerceToString(v!, rt, { coerceMore: true, copyToStore: false })),
    primop('seq', 2, [0], ([, b]) => b!),
    primop('deepSeq', 2, [0], ([a, b], rt) => {
      rt.forceDeep(a!);
      return b!;
    }),
    primop('tryEval', 1, [], ([e], rt) => {
      try {
        const value = rt.force(e!);
        return new NixAttrs(['success', 'value'], [true, value]);
      } catch (err) {
        if (err instanceof NixError && err.catchable) return new NixAttrs(['success', 'value'], [false, false]);
        throw err;
      }
    }),
    primop('typeOf', 1, [0], ([v]) => typeOf(v!)),
    primop('isNull', 1, [0], ([v]) => v === null),
    primop('isBool', 1, [0], ([v]) => typeof v === 'boolean'),
    primop('isInt', 1, [0], ([v]) => typeof v === 'number' || typeof v === 'bigint'),
    primop('isFloat', 1, [0], ([v]) => v instanceof NixFloat),
    primop('isString', 1, [0], ([v]) => typeof v === 'string' || v instanceof NixString),
    primop('isPath', 1, [0], ([v]) => v instanceof NixPath),
    primop('isList', 1, [0], ([v]) => Array.isArray(v)),
    primop('isAttrs', 1, [0], ([v]) => v instanceof NixAttrs),
    primop('isFunction', 1, [0], ([v]) => v instanceof Closure || v instanceof PrimOp || v instanceof PrimOpApp),

    // Arithmetic: what `-`, `*`, `/` and `<` mean when written as calls.
    primop('add', 2, [0, 1], ([a, b], rt) => ops.add(expectNumber(a!), expectNumber(b!), rt)),
    primop('sub', 2, [0, 1], ([a, b]) => ops.sub(a!, b!)),
    primop('mul', 2, [0, 1], ([a, b]) => ops.mul(a!, b!)),
    primop('div', 2, [0, 1], ([a, b]) => ops.div(a!, b!)),
    primop('lessThan', 2, [0, 1], ([a, b], rt) => ops.lessThan(a!, b!, rt)),

    // Lists.
    primop('length', 1, [0], ([xs]) => expectList(xs!).length),
    primop('map', 2, [1], ([f, xs], rt) => {
      const list = expectList(xs!);
      if (list.length === 0) return list;
      expectFunction(rt.force(f!));
      return list.map((x) => rt.lazyCall(f!, [x]));
    }),

    // Attribute sets.
    primop('attrNames', 1, [0], ([s]) => expectAttrs(s!).keys.slice()),
    primop('attrValues', 1, [0], ([s]) => expectAttrs(s!).values.slice()),
    primop('getAttr', 2, [0, 1], ([name, s], rt) => {
      const key = expectStringNoContext(name!, rt.settings.storeDir);
      const v = expectAttrs(s!).get(key);
      if (v === undefined) throw new EvalError(`attribute '${key}' missing`);
      return v;
    }),
    primop('hasAttr', 2, [0, 1], ([name, s], rt) => expectAttrs(s!).has(expectStringNoContext(name!, rt.settings.storeDir))),
    primop('removeAttrs', 2, [0, 1], ([s, names], rt) => {
      const set = expectAttrs(s!);
      const drop = expectList(names!).map((n) => expectStringNoContext(rt.force(n), rt.settings.storeDir));
      return set.remove(drop);
    }),
    primop('genList', 2, [1], ([f, n], rt) => {
      const count = expectInt(n!);
      if (count < 0) throw new EvalError(`cannot create list of size ${count}`);
      const out: Value[] = new Array(Number(count));
      for (let i = 0; i < out.length; i++) out[i] = rt.lazyCall(f!, [i]);
      return out;
    }),
  ];
  return { primops };
}

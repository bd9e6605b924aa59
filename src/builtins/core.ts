// The builtins the language itself leans on: errors and their catching,
// strictness (seq, deepSeq), type tests, toString and arithmetic. List and
// set functions live in lists.ts and attrs.ts.

import { CoerceStep } from './coerce-step.js';
import { AbortError, NixError, ThrownError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import * as ops from '../vm/operations.js';
import { type CoerceOptions, coerceToString } from '../value/coerce.js';
import { typeOf } from '../value/describe.js';
import { formatInt } from '../value/numfmt.js';
import { type ArgCheck, Closure, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, type PrimOpFn, type Value } from '../value/types.js';
import type { BuiltinFamily } from './index.js';
import { type StepDriver, type StepResult, ThenStep } from './step.js';

/**
 * A builtin; `strict` lists the arguments (by position) the VM evaluates
 * before the call, in that (ascending) order. It must be CppNix's order:
 * an argument CppNix checks before it forces the next one needs its check
 * in `options.checks` (see PrimOp.checks), or the next one must stay lazy.
 */
export function primop(
  name: string,
  arity: number,
  strict: number[],
  fn: PrimOpFn,
  options: { traced?: boolean; checks?: Record<number, ArgCheck> } = {},
): PrimOp {
  let mask = 0;
  for (const i of strict) mask |= 1 << i;
  const given = options.checks;
  const checks = given === undefined ? null : Array.from({ length: arity }, (_, i) => given[i]);
  return new PrimOp(name, arity, fn, mask, options.traced ?? true, checks);
}

/** builtins.toString's coercion: the strong one, paths kept as they are. */
const TO_STRING: CoerceOptions = {
  coerceMore: true,
  copyToStore: false,
  errorCtx: 'while evaluating the first argument passed to builtins.toString',
};

export function coreBuiltins(_evaluator: Evaluator): BuiltinFamily {
  const primops: PrimOp[] = [
    // Both copy a path to the store, as every weak coercion does in CppNix.
    primop('throw', 1, [0], ([msg], rt) => {
      const s = coerceToString(msg!, rt, { copyToStore: true });
      throw new ThrownError(typeof s === 'string' ? s : s.value);
    }),
    primop('abort', 1, [0], ([msg], rt) => {
      const s = coerceToString(msg!, rt, { copyToStore: true });
      throw new AbortError(`evaluation aborted with the following error message: '${typeof s === 'string' ? s : s.value}'`);
    }),
    primop('toString', 1, [0], ([v], rt) => {
      // The common cases first, without the general coercion's dispatch.
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return formatInt(v);
      // A list's items are forced on the frame stack (coerce-step.ts).
      if (Array.isArray(v)) return new CoerceStep(v, rt, TO_STRING);
      return coerceToString(v!, rt, TO_STRING);
    }),
    primop('seq', 2, [0], ([, b]) => b!),
    primop('deepSeq', 2, [0], ([a, b], rt) => rt.forceDeepStep(a!, b!)),
    primop('tryEval', 1, [], ([e]) => new TryEvalStep(e!)),
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
    primop('add', 2, [0, 1], ([a, b]) => ops.addNumbers(a!, b!)),
    primop('sub', 2, [0, 1], ([a, b]) => ops.sub(a!, b!)),
    primop('mul', 2, [0, 1], ([a, b]) => ops.mul(a!, b!)),
    primop('div', 2, [0, 1], ([a, b]) => ops.div(a!, b!)),
    primop('lessThan', 2, [0, 1], ([a, b], rt) => ops.lessThan(a!, b!, rt)),
  ];
  return { primops };
}

/** tryEval: its argument's value, or `success = false` for the errors it catches (throw, assert). */
class TryEvalStep extends ThenStep {
  constructor(e: Value) {
    super(e, (v) => new NixAttrs(['success', 'value'], [true, v]));
  }

  override recover(_d: StepDriver, err: NixError): StepResult {
    if (err.catchable) return new NixAttrs(['success', 'value'], [false, false]);
    throw err;
  }
}

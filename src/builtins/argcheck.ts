// Argument handling for builtins, as CppNix's EvalState::force* and
// coerceToString do it:
//
// - forceInt / forceString / forceBool add their `errorCtx` trace (`while
//   evaluating the first argument passed to builtins.x`) both to a type
//   error *and* to any error raised while evaluating the argument;
//   forceList / forceAttrs only to the type error.
// - coerceToString adds its `errorCtx` to the "cannot coerce" error only.
//
// Which arguments a builtin declares strict (evaluated by the VM before the
// call) is a trade-off. Forcing with rt.force nests the VM on the JS stack
// (a few hundred levels deep at most), while strict arguments are evaluated
// on the VM's own stack; so arguments that carry data, which deep recursion
// may produce (the string of substring, the list of concatStringsSep, ...),
// are strict. The VM forces strict arguments in ascending order, so that
// must be CppNix's order, and an argument CppNix checks before it evaluates
// the next (substring's offsets, match's pattern, the algorithm of
// hashString) is strict too, with its check in the primop's `checks`, run
// by the VM right after forcing it; `forceCtx` there is the trace line
// forceInt/forceString add to an evaluation error in that argument.
//
// CppNix calls builtins with no position, so these errors and trace entries
// have none, unless the value comes from somewhere with a position (an
// attribute: `pos`).

import { EvalError, NixError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import { NixAttrs } from '../value/attrs.js';
import { expectStringNoContext, typeError } from '../value/check.js';
import { coerceToString } from '../value/coerce.js';
import { NixString, Thunk, ThunkState, type Value } from '../value/types.js';
import type { Runtime } from './runtime.js';

/** Adds `ctx` to a Nix error's trace; for use in `catch` blocks. */
export function withTrace(e: unknown, ctx: string, pos: Pos | null = null): unknown {
  if (e instanceof NixError) e.addTrace(ctx, pos);
  return e;
}

/** Forces `v`, adding `ctx` to the trace of any error raised by its evaluation. */
export function forceArg(rt: Runtime, v: Value, ctx: string, pos: Pos | null = null): Value {
  if (!(v instanceof Thunk)) return v;
  if (v.state === ThunkState.Done) return v.value;
  try {
    return rt.force(v);
  } catch (e) {
    throw withTrace(e, ctx, pos);
  }
}

/** Forces `v` without adding to the trace of an error it raises (forceList, forceAttrs). */
function forcePlain(rt: Runtime, v: Value): Value {
  if (!(v instanceof Thunk)) return v;
  if (v.state === ThunkState.Done) return v.value;
  return rt.force(v);
}

/** A type error at `pos` (null: none, as for a builtin's own arguments) with `ctx` in the trace. */
function mismatch(what: string, x: Value, ctx: string, pos: Pos | null): EvalError {
  const e = typeError(what, x);
  e.pos = pos;
  return e.addTrace(ctx, pos);
}

// forceInt, forceBool, forceString: evaluation errors and type errors get the trace.
//
// `pos` is where the value comes from when it is not a builtin's argument
// (an attribute, say); CppNix passes no position to a builtin, so its
// argument errors have none.

export function argInt(rt: Runtime, v: Value, ctx: string, pos: Pos | null = null): number | bigint {
  const x = forceArg(rt, v, ctx, pos);
  if (typeof x === 'number' || typeof x === 'bigint') return x;
  throw mismatch('an integer', x, ctx, pos);
}

export function argBool(rt: Runtime, v: Value, ctx: string, pos: Pos | null = null): boolean {
  const x = forceArg(rt, v, ctx, pos);
  if (typeof x === 'boolean') return x;
  throw mismatch('a Boolean', x, ctx, pos);
}

export function argString(rt: Runtime, v: Value, ctx: string, pos: Pos | null = null): string | NixString {
  const x = forceArg(rt, v, ctx, pos);
  if (typeof x === 'string' || x instanceof NixString) return x;
  throw mismatch('a string', x, ctx, pos);
}

/** A string that must not have a context (CppNix's forceStringNoCtx). */
export function argStringNoContext(rt: Runtime, v: Value, ctx: string, pos: Pos | null = null): string {
  const x = argString(rt, v, ctx, pos);
  if (typeof x === 'string') return x;
  try {
    return expectStringNoContext(x, rt.settings.storeDir);
  } catch (e) {
    // CppNix's forceStringNoCtx gives the error no position, only the trace entry.
    if (e instanceof NixError) e.withoutPosition();
    throw withTrace(e, ctx, pos);
  }
}

// forceList, forceAttrs: only the type error gets the trace (and no position).

export function argList(rt: Runtime, v: Value, ctx: string, pos: Pos | null = null): Value[] {
  const x = forcePlain(rt, v);
  if (Array.isArray(x)) return x;
  throw typeError('a list', x).addTrace(ctx, pos);
}

export function argAttrs(rt: Runtime, v: Value, ctx: string, pos: Pos | null = null): NixAttrs {
  const x = forcePlain(rt, v);
  if (x instanceof NixAttrs) return x;
  throw typeError('a set', x).addTrace(ctx, pos);
}

/**
 * The function that copies a path to the store, when the runtime has one
 * (the store family provides it). Without it, coercing a path with
 * `copyToStore` fails with "no store is available".
 */
export function storeCopier(rt: Runtime): ((path: string) => string) | undefined {
  const copier = (rt as Runtime & { copyPathToStore?: (path: string) => string }).copyPathToStore;
  return typeof copier === 'function' ? (path: string) => copier.call(rt, path) : undefined;
}

/**
 * CppNix's coerceToString for a builtin argument: `ctx` is added to a
 * "cannot coerce" error (not to errors from evaluating the argument).
 * `copyToStore` defaults to true, as in CppNix.
 */
export function coerceArg(rt: Runtime, v: Value, ctx: string, copyToStore = true): string | NixString {
  if (typeof v === 'string') return v;
  // Paths are copied by the runtime's copier (coerceToString's default).
  return coerceToString(v, rt, { copyToStore, errorCtx: ctx });
}

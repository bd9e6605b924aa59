// The runtime representation of Nix values.
//
// Chosen for V8: the common values are plain JS values, so type tests are a
// `typeof` and nothing is boxed.
//
//   Nix type   JS representation
//   null       null
//   bool       boolean
//   int        number (always a safe integer) or bigint (outside ±2^53, within int64)
//   float      NixFloat (boxed, so `1.0` stays distinct from `1`)
//   string     string (binary: one char per byte) when it has no context,
//              NixString when it has one
//   path       NixPath
//   list       Value[] (never mutated once built)
//   set        NixAttrs
//   lambda     Closure (compiled Nix function), PrimOp, PrimOpApp (partially applied)
//   (lazy)     Thunk: evaluated at most once, may stand anywhere a value may
//
// An int is a JS number whenever it is a safe integer; bigint is used only
// for values outside ±(2^53 - 1), so `typeof v === 'number'` is the fast
// path for every integer op. Normalise with `makeInt`.

import type { Pos } from '../errors/source.js';
import type { NixAttrs } from './attrs.js';

export type Value =
  null | boolean | number | bigint | string | NixFloat | NixString | NixPath | Value[] | NixAttrs | Closure | PrimOp | PrimOpApp | Thunk;

export class NixFloat {
  constructor(readonly value: number) {}
}

/**
 * A string with a non-empty context: the store paths it refers to, each
 * encoded as CppNix encodes context elements (`/nix/store/...` for a plain
 * path, `=/nix/store/...drv` for a derivation with all its outputs,
 * `!out!/nix/store/...drv` for one output). Sorted, without duplicates.
 */
export class NixString {
  constructor(
    readonly value: string,
    readonly context: readonly string[],
  ) {}
}

export class NixPath {
  constructor(readonly path: string) {}
}

/**
 * What the VM needs to know about a compiled function or thunk body. The
 * compiler makes these; they are opaque to everything but the VM and the
 * printer (which wants `name` and `pos` for `«lambda f @ file:1:2»`).
 */
export interface CodeBlueprint {
  /** The function's name, from the binding it was defined in, if any. */
  readonly name: string | null;
  /** Source position (origin:line:col) for printing, or null. */
  describePos(): string | null;
  /** Whether closures and thunks of it capture the `with` scopes (as their last upvalue). */
  readonly capturesWith: boolean;
  /** Formal argument names and whether each has a default, for functionArgs. */
  readonly formals: ReadonlyMap<string, boolean> | null;
  /** Where each formal is written, for unsafeGetAttrPos on functionArgs' result. */
  readonly formalPositions?: ReadonlyMap<string, Pos>;
  readonly ellipsis: boolean;
  /** The argument's name (`x` in `x: ...`, `args` in `args@{ ... }`), if any: XML output shows it. */
  readonly arg?: string | null;
  /** The lambda's position, if known: XML output with locations and error positions use it. */
  readonly pos?: Pos | null;
}

/**
 * The `with` scopes a piece of code sees, innermost first: an immutable
 * list, so capturing it is a pointer copy. `attrs` may still be a thunk.
 */
export class WithScope {
  constructor(
    readonly attrs: Value,
    readonly parent: WithScope | null,
    /** The code and offset of its `with` (PushWith), where an error naming the scope is placed. */
    readonly site: CodeBlueprint | null = null,
    readonly sitePc = 0,
  ) {}
}

/**
 * A Nix lambda: compiled code plus the values it captured. When the
 * blueprint `capturesWith`, the last upvalue is the WithScope it sees.
 */
export class Closure {
  constructor(
    readonly blueprint: CodeBlueprint,
    /** Filled in after construction for recursive bindings (`Finalise`). */
    public upvalues: Value[],
  ) {}
}

/** The signature of a builtin's implementation (see builtins/runtime.ts). */
/** A builtin's body: its result, or a Step the VM drives to it (builtins/step.ts). */
export type PrimOpFn = (args: Value[], rt: import('../builtins/runtime.js').Runtime) => Value | import('../builtins/step.js').Step;

/** A builtin function taking `arity` arguments. */
export class PrimOp {
  constructor(
    readonly name: string,
    readonly arity: number,
    readonly fn: PrimOpFn,
    /**
     * Arguments the VM evaluates before the call, as a bit mask (bit i:
     * argument i). Evaluating them on the VM's stack rather than with
     * rt.force keeps deep recursion through builtins off the JS stack.
     */
    readonly strictArgs: number = 0,
    /** Whether errors passing through it get `while calling the 'name' builtin` (addErrorContext's do not). */
    readonly traced: boolean = true,
    /**
     * For strict arguments: the check CppNix makes right after forcing
     * argument i and before forcing the next one (`substring` checks its
     * start is an int before it evaluates the string). The VM runs it on
     * the forced argument, so a later strict argument is not evaluated first.
     */
    readonly checks: ReadonlyArray<ArgCheck | undefined> | null = null,
  ) {}
}

/** See PrimOp.checks. */
export interface ArgCheck {
  /** Throws as CppNix would; `args` holds the call's arguments, this one and the strict ones before it forced. */
  readonly check?: (args: readonly Value[], rt: import('../builtins/runtime.js').Runtime) => void;
  /** The trace CppNix's forceInt/forceString add to an error raised while evaluating the argument. */
  readonly forceCtx?: string;
  /**
   * A literal of this kind (or a string literal the function accepts)
   * surely passes the check, so the compiler may evaluate later strict
   * arguments in place.
   */
  readonly literal?: 'int' | 'string' | 'list' | 'attrs' | ((s: string) => boolean);
}

/** A builtin applied to fewer arguments than its arity. */
export class PrimOpApp {
  constructor(
    readonly primop: PrimOp,
    readonly args: Value[],
  ) {}
}

export const enum ThunkState {
  /** Not yet evaluated: `code`/`env` say how to compute it. */
  Suspended = 0,
  /** Being evaluated: forcing it again is an infinite recursion. */
  Blackhole = 1,
  /** Its evaluation failed: forcing it again throws the same error (CppNix 2.34 memoises errors). */
  Failed = 2,
  /** Evaluated: `value` holds a value that is not a thunk. */
  Done = 3,
  /**
   * Computed ahead of demand by the VM (an `a op b` that could not fail),
   * but not yet forced: it still prints as a thunk, as it would in CppNix,
   * and becomes Done when forced. (States from Done on have a value.)
   */
  Speculated = 4,
}

/**
 * A suspended computation (call-by-need): compiled code (`code`, a thunk
 * blueprint) and the values it captured. Lazy applications that builtins
 * make (`map f xs`) are thunks too, of a small blueprint that calls env[0]
 * with the rest of env (see Runtime.lazyCall), so the VM knows only one kind
 * of thunk.
 *
 * Three fields, because programs make millions of thunks: `data` holds the
 * captured values while the thunk is suspended (the WithScope last, when
 * the blueprint captures it) and the value once it is evaluated.
 */
export class Thunk {
  state: ThunkState;
  /** The blueprint; null once evaluated. */
  code: CodeBlueprint | null;
  /** Suspended: the captured values (null between AllocThunk and Finalise); from Done on: the value. */
  data: Value[] | Value;

  constructor(code: CodeBlueprint | null, env: Value[] | null) {
    this.state = ThunkState.Suspended;
    this.code = code;
    this.data = env;
  }

  /** The value, once the state is Done (or Speculated). */
  get value(): Value {
    return this.data as Value;
  }

  set value(v: Value) {
    this.data = v;
  }

  /**
   * A thunk computed when it was made (see ThunkState.Speculated); `code`
   * is its blueprint, or for a lazy application, the lambda's, or null for
   * a value built at once where CppNix makes a thunk (Op.Speculate).
   */
  static speculated(code: CodeBlueprint | null, value: Value): Thunk {
    const t = new Thunk(code, null);
    t.state = ThunkState.Speculated;
    t.data = value;
    return t;
  }

  /** An already-evaluated thunk, for places that need a Thunk object. */
  static of(value: Value): Thunk {
    const t = new Thunk(null, null);
    t.state = ThunkState.Done;
    t.data = value;
    return t;
  }
}

/**
 * A lazy one-argument application `fn arg` (map, genList, mapAttrs make
 * millions): one object, where a Thunk would need an environment array too.
 * `data` holds fn until it is evaluated; the VM builds the environment of
 * the apply blueprint (`code`) only when it is forced.
 */
export class ApplyThunk extends Thunk {
  constructor(
    code: CodeBlueprint,
    fn: Value,
    public arg: Value,
  ) {
    super(code, null);
    this.data = fn;
  }
}

// `data` holds any value, small integers too. One stored now in each kind
// of thunk makes V8 treat the field as such from the start: otherwise code
// it compiled while the field had held only objects is thrown away at the
// first integer result (the VM's loop, recompiled once more on every run).
Thunk.of(0);
new ApplyThunk(null as unknown as CodeBlueprint, null, null).value = 0;

export const MAX_INT = 9223372036854775807n;
export const MIN_INT = -9223372036854775808n;

/** Normalises an int: a number when it is safe, else a bigint. Caller checks range. */
export function makeInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

export function isInt(v: Value): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

export function isString(v: Value): v is string | NixString {
  return typeof v === 'string' || v instanceof NixString;
}

export function isFunction(v: Value): v is Closure | PrimOp | PrimOpApp {
  return v instanceof Closure || v instanceof PrimOp || v instanceof PrimOpApp;
}

/** The string's bytes, whatever its context. */
export function stringValue(v: string | NixString): string {
  return typeof v === 'string' ? v : v.value;
}

export function stringContext(v: string | NixString): readonly string[] {
  return typeof v === 'string' ? [] : v.context;
}

/** Builds a string, boxed only when it has a context. */
export function makeString(value: string, context: readonly string[] | null | undefined): string | NixString {
  return context && context.length > 0 ? new NixString(value, context) : value;
}

// The compiler's second layer: what makes new frames and new names.
// Thunk bodies and lambdas get blueprints of their own; `let`, `rec`, sets
// and formals bind names to stack slots.
//
// Recursive bindings (`let`, `rec`, formals with defaults) allocate their
// thunks first (AllocThunk; a function too, as CppNix suspends it), so that
// every name has its slot, then fill in the captures (Finalise).

import { type AttrsShape, Blueprint, type ThunkShortcut } from '../bytecode/blueprint.js';
import { CAPTURE_UPVALUE, CaptureEnv, decodeInstruction } from '../bytecode/chunk.js';
import { Op } from '../bytecode/opcodes.js';
import type { AttrDef, AttrsExpr, Expr, LambdaExpr } from '../syntax/ast.js';
import type { Compiling, Step } from './drive.js';
import { ARGUMENT, Emitter, INHERIT_FROM } from './emitter.js';
import { mentions } from './mentions.js';
import { FunctionScope, LexicalScope, NeedsOwnEnvironment, type Resolution } from './scope.js';

/** A thunk body's blueprint, and what the code making a thunk of it captures. */
interface ThunkBody {
  kind: 'thunk';
  blueprint: Blueprint;
  captures: number[];
  withs: boolean;
  /** An environment already there that it runs in (captures is then empty), or null: one of its own. */
  env: CaptureEnv.Frame | CaptureEnv.Previous | null;
}

/**
 * The thunks of one `let` or `rec` that share an environment: their
 * captures are one list, the first one's (the owner's scope), made into
 * an environment by the first Finalise, which the others reuse.
 */
interface EnvGroup {
  owner: FunctionScope | null;
  members: ThunkBody[];
}

/** How a binding in a recursive scope is made. */
type BindingPlan =
  | { kind: 'value'; expr: Expr } // evaluated in place: literals
  | { kind: 'resolved'; resolution: Resolution; name: string; pos: number } // `inherit x;`, resolved outside the bindings
  | ThunkBody;

/** How many thunks, one in another, may run in the environment of the code around the outermost (mayRunInEnvironment). */
const MAX_ENVIRONMENT_DEPTH = 8;

/** The curried lambdas `e` starts (up to four, simple arguments) if more than one, else null. */
function curriedChain(e: LambdaExpr): LambdaExpr[] | null {
  const chain: LambdaExpr[] = [e];
  for (let l = e; chain.length < 4 && l.arg !== null && l.formals === null && l.body.kind === 'lambda'; l = l.body) {
    if (l.body.arg === null || l.body.formals !== null) break;
    chain.push(l.body);
  }
  return chain.length < 2 || e.arg === null || e.formals !== null ? null : chain;
}

/**
 * The shortcut of a thunk whose code is `Closure k [upvalue:0 .. upvalue:n-1];
 * Return` for its `n` captures: its closure can be made when it is, with the
 * thunk's own environment.
 */
function closureShortcut(thunk: Blueprint, captured: number): ThunkShortcut | null {
  const code = thunk.chunk.code;
  if (code[0] !== Op.Closure) return null;
  const closure = decodeInstruction(code, 0);
  if (closure.next !== code.length - 1 || code[closure.next] !== Op.Return) return null;
  const [lambda, captures] = closure.operands;
  if (lambda?.kind !== 'varint' || captures?.kind !== 'captures') return null;
  const { positions, capturesWith } = captures.value;
  if (capturesWith !== thunk.capturesWith || positions.length !== captured) return null;
  for (let i = 0; i < positions.length; i++) if (positions[i] !== ((i << 2) | CAPTURE_UPVALUE)) return null;
  return { kind: 'closure', lambda: thunk.chunk.constants[lambda.value] as Blueprint };
}

export abstract class BindingCompiler extends Emitter {
  /**
   * Each lambda compiled so far, with the names its upvalues were captured
   * for. A fused curried lambda (compileFused) compiles the body of its
   * last lambda again, and a jump too long compiles a branch again
   * (withLongJumps): a lambda in there is the same blueprint, only its
   * captures are found again. Compiled anew each time, `x: x: ... x: 1`
   * would take time exponential in its length.
   */
  private readonly lambdas = new Map<LambdaExpr, { blueprint: Blueprint; upvalues: readonly string[] }>();

  /** Compiles `e` to leave its value, in weak head normal form, on the stack. */
  protected abstract compileForced(e: Expr): Step<boolean>;
  /** Compiles `e` to leave its value on the stack; returns whether it is surely in weak head normal form. */
  protected abstract compileExpr(e: Expr): Step<boolean>;
  /** Compiles `e` for a lazy position. */
  protected abstract compileLazy(e: Expr): Step<unknown>;

  // ---------------------------------------------------------------- thunks

  /**
   * Compiles `e` as the body of a thunk: its own blueprint and frame. With
   * `make`, also the code that makes the thunk here; else a recursive
   * binding allocates it and fills in its captures (AllocThunk, Finalise).
   */
  protected *compileThunkBody(e: Expr, name: string | null = null, make = false, group: EnvGroup | null = null): Compiling<ThunkBody> {
    let body: ThunkBody | null = null;
    if (this.mayRunInEnvironment(e)) {
      try {
        body = (yield this.compileThunkCode(e, name, 'frame')) as ThunkBody;
      } catch (err) {
        if (!(err instanceof NeedsOwnEnvironment)) throw err;
      }
    }
    // A function keeps its closure shortcut (closureShortcut), which wants an environment of its own.
    body ??= (yield this.compileThunkCode(e, name, e.kind === 'lambda' ? null : group)) as ThunkBody;
    if (make) {
      this.at(e.pos);
      this.emitWithOperand(Op.Thunk, this.constant(body.blueprint), +1);
      this.emitCaptures(body.captures, body.withs, body.env);
    }
    return body;
  }

  /**
   * Whether a thunk made here may run in the environment of the code
   * making it (the upvalues of the running frame) instead of one of its own,
   * saving an array per thunk: when it needs nothing from the code's locals
   * and nothing from a `with` opened in it. The file's code has no
   * environment; a function keeps its closure shortcut (closureShortcut).
   * A few thunks deep at most: each resolution checks every code out to the
   * one whose environment it is, and a deep tree would make that quadratic.
   */
  private mayRunInEnvironment(e: Expr): boolean {
    const outer = this.fn;
    if (outer.parent === null || outer.withDepth !== outer.entryWithDepth || e.kind === 'lambda') return false;
    if (outer.environmentDepth >= MAX_ENVIRONMENT_DEPTH) return false;
    return !mentions(e, (name) => outer.hasLocalInEnvironment(name));
  }

  /**
   * The code of a thunk body, with an environment of its own, one shared
   * with the other thunks of `group`, or (`'frame'`) the environment of the
   * code making it.
   */
  private *compileThunkCode(e: Expr, name: string | null, env: 'frame' | EnvGroup | null): Compiling<ThunkBody> {
    const blueprint = new Blueprint('thunk', name, this.pos(e.pos));
    const outer = this.fn;
    const inner =
      env === 'frame'
        ? new FunctionScope(blueprint, outer.parent, outer.withDepth, outer, outer)
        : new FunctionScope(blueprint, outer, outer.withDepth, env?.owner ?? null);
    inner.scopes.push(new LexicalScope());
    this.fn = inner;
    try {
      yield this.compileForced(e);
      this.emit(Op.Return, -1);
      blueprint.shortcut = this.shortcutFor(e);
    } finally {
      this.fn = outer;
    }
    blueprint.chunk.finish();
    blueprint.capturesWith = outer.withDepth > 0;
    blueprint.upvalueCount = inner.captures.length;
    outer.blueprint.upvalueCount = outer.captures.length;
    if (e.kind === 'lambda') blueprint.shortcut = closureShortcut(blueprint, inner.captures.length);
    const body: ThunkBody = {
      kind: 'thunk',
      blueprint,
      captures: env === 'frame' ? [] : inner.captures,
      withs: blueprint.capturesWith,
      env: env === 'frame' ? CaptureEnv.Frame : null,
    };
    if (env !== null && env !== 'frame') {
      env.owner ??= inner;
      env.members.push(body);
    }
    return body;
  }

  /**
   * After the thunks of `group` are compiled: the first made makes the
   * environment of all their captures, the others run in it. Only where
   * there is one to make: with nothing captured, each has none.
   */
  private shareEnvironment(group: EnvGroup): void {
    const [first, ...others] = group.members;
    if (first === undefined || (first.captures.length === 0 && !first.withs)) return;
    for (const body of others) {
      body.env = CaptureEnv.Previous;
      body.captures = [];
    }
    for (const body of group.members) body.blueprint.upvalueCount = first.captures.length;
  }

  /** Compiles `e` as a thunk made here (also to keep a long branch out of the chunk). */
  protected compileSuspended(e: Expr): Compiling<ThunkBody> {
    return this.compileThunkBody(e, null, true);
  }

  // ---------------------------------------------------------------- lambdas

  protected *compileLambda(e: LambdaExpr): Compiling<boolean> {
    const outer = this.fn;
    const known = this.lambdas.get(e);
    if (known !== undefined) {
      this.emitClosure(e, known.blueprint, outer.capturesFor(known.upvalues, this.isGlobal));
      return true;
    }
    const blueprint = new Blueprint('lambda', e.name, this.pos(e.pos));
    blueprint.arg = e.arg;
    const inner = new FunctionScope(blueprint, outer, outer.withDepth);
    this.fn = inner;
    try {
      const scope = new LexicalScope();
      inner.scopes.push(scope);
      inner.height = 1;
      inner.declare(scope, e.arg ?? ARGUMENT, 0);
      if (e.formals) yield this.compileFormals(e, scope);
      blueprint.bodyStart = blueprint.chunk.length;
      yield this.compileForced(e.body);
      this.emit(Op.Return, -1);
      // `x: x * 3 + 1`, `i: i`, `_: 0`: applied lazily to an integer
      // (genList, map), computed at once.
      if (e.formals === null) blueprint.shortcut = this.shortcutOf(e.body, 0);
    } finally {
      this.fn = outer;
    }
    blueprint.chunk.finish();
    blueprint.capturesWith = outer.withDepth > 0;
    const chain = curriedChain(e);
    if (chain !== null) blueprint.fused = (yield this.compileFused(chain, inner)) as Blueprint;
    blueprint.upvalueCount = inner.captures.length;
    this.lambdas.set(e, { blueprint, upvalues: inner.captureNames });
    this.emitClosure(e, blueprint, inner.captures);
    return true;
  }

  private emitClosure(e: LambdaExpr, blueprint: Blueprint, captures: number[]): void {
    this.at(e.pos);
    this.emitWithOperand(Op.Closure, this.constant(blueprint), +1);
    this.emitCaptures(captures, blueprint.capturesWith);
  }

  /**
   * A curried lambda `a: b: body` (simple arguments, up to four) is also
   * compiled as one function of all its arguments, with `a` and `b` as its
   * first two locals: a call that passes them all (`f x y`, and builtins
   * such as foldl' and sort calling back) then runs one frame instead of
   * making an intermediate closure per argument. It shares the outer
   * lambda's upvalues, and reports itself as the innermost lambda in traces.
   */
  private *compileFused(chain: LambdaExpr[], outerScope: FunctionScope): Compiling<Blueprint> {
    const e = chain[0]!;
    const last = chain[chain.length - 1]!;
    const blueprint = new Blueprint('lambda', last.name ?? e.name, this.pos(last.pos));
    blueprint.arg = last.arg;
    blueprint.arity = chain.length;
    const outer = this.fn;
    const fused = new FunctionScope(blueprint, outerScope.parent, outer.withDepth, outerScope);
    this.fn = fused;
    try {
      const scope = new LexicalScope();
      fused.scopes.push(scope);
      fused.height = chain.length;
      chain.forEach((l, i) => fused.declare(scope, l.arg!, i));
      blueprint.bodyStart = 0;
      yield this.compileForced(last.body);
      this.emit(Op.Return, -1);
    } finally {
      this.fn = outer;
    }
    blueprint.chunk.finish();
    blueprint.capturesWith = outer.withDepth > 0;
    blueprint.upvalueCount = outerScope.captures.length;
    return blueprint;
  }

  private *compileFormals(e: LambdaExpr, scope: LexicalScope): Compiling {
    const formals = e.formals!;
    const blueprint = this.fn.blueprint;
    blueprint.formals = new Map(formals.entries.map((f) => [f.name, f.default !== null]));
    blueprint.formalPositions = new Map(formals.entries.map((f) => [f.name, this.pos(f.pos)]));
    blueprint.formalNames = formals.entries.map((f) => f.name).sort();
    blueprint.ellipsis = formals.ellipsis;
    this.at(e.pos);
    this.emitWithOperand(Op.ForceLocal, 0, +1);
    this.emit(Op.AssertAttrs, 0);
    this.emit(Op.Pop, -1);

    formals.entries.forEach((f, i) => this.fn.declare(scope, f.name, i + 1));
    // Defaults may refer to any formal and to the `@` name: allocate, then finalise.
    const plans: Array<BindingPlan | null> = [];
    for (const [i, f] of formals.entries.entries()) {
      if (f.default === null) plans.push(null);
      else plans.push(this.planInPlace(f.default, f.name, i + 1) ?? ((yield this.compileThunkBody(f.default, f.name)) as ThunkBody));
    }
    for (const [i, f] of formals.entries.entries()) {
      this.at(f.pos);
      this.emitWithOperand(Op.FormalArg, this.constant(f.name), +1);
      const toDefault = this.chunk.length;
      this.chunk.writeU16(0xffff);
      const toEnd = this.chunk.emitJump(Op.Jump);
      this.chunk.patchJump(toDefault);
      this.fn.height--;
      const plan = plans[i];
      if (plan) yield this.emitPlannedValue(plan);
      else {
        this.emitWithOperand(Op.MissingArgument, this.constant(f.name), +1);
      }
      this.chunk.patchJump(toEnd);
    }
    // As CppNix: a missing argument (formals in symbol order) before an unexpected one.
    if (!formals.ellipsis) {
      this.at(e.pos);
      this.emitWithOperand(Op.ForceLocal, 0, +1);
      this.emit(Op.ValidateClosedFormals, 0);
      this.emit(Op.Pop, -1);
    }
    plans.forEach((plan, i) => {
      if (plan) this.emitFinalise(i + 1, plan);
    });
  }

  // ---------------------------------------------------------------- bindings

  /**
   * How a binding in a recursive scope is made, if it needs no thunk body
   * of its own (else null: compileThunkBody makes it).
   */
  private planInPlace(value: Expr, name: string | null, slot = -1): BindingPlan | null {
    if (value.kind === 'var') {
      // As CppNix's maybeThunk: a variable whose value exists already is
      // shared, not wrapped in a new thunk (`y = x;` makes y the same thunk).
      const r = this.resolve(value.name);
      if (r.kind === 'upvalue' || r.kind === 'global' || (r.kind === 'local' && r.slot < slot)) {
        return { kind: 'resolved', resolution: r, name: value.name, pos: value.pos };
      }
    }
    // A function is suspended too, as CppNix suspends it (see madeLazyByCppNix).
    if (value.kind === 'lambda') value.name ??= name;
    switch (value.kind) {
      case 'int':
      case 'float':
      case 'string':
      case 'curPos':
        return { kind: 'value', expr: value };
      case 'path':
        if (!value.home) return { kind: 'value', expr: value };
    }
    return null;
  }

  private emitPlannedValue(plan: BindingPlan): Step<unknown> {
    switch (plan.kind) {
      case 'value':
        return this.compileExpr(plan.expr);
      case 'resolved':
        this.emitResolved(plan.resolution, plan.name, plan.pos, false);
        return;
      case 'thunk':
        this.emitWithOperand(Op.AllocThunk, this.constant(plan.blueprint), +1);
        return;
    }
  }

  private emitFinalise(slot: number, plan: BindingPlan): void {
    if (plan.kind === 'value' || plan.kind === 'resolved') return;
    this.emitWithOperand(Op.Finalise, slot, 0);
    this.emitCaptures(plan.captures, plan.withs, plan.env);
  }

  /**
   * Binds the names of a `let` or `rec` set as locals of a new scope: the
   * inherit-from sources first, then each attribute. Returns the scope,
   * still open; close it with closeScope.
   */
  protected *compileRecursiveBindings(attrs: AttrsExpr, overridable = false): Compiling<LexicalScope> {
    if (attrs.dynamic.length > 0 && !attrs.rec) throw new Error('internal: dynamic attributes in let');
    const scope = new LexicalScope();
    this.fn.scopes.push(scope);
    const base = this.fn.height;
    const entries = [...attrs.attrs];
    // Slots: inherit-from sources, then the attributes in source order.
    attrs.inheritFrom.forEach((_, i) => this.fn.declare(scope, INHERIT_FROM + i, base + i));
    entries.forEach(([name], i) => this.fn.declare(scope, name, base + attrs.inheritFrom.length + i));

    const plans: Array<{ slot: number; plan: BindingPlan }> = [];
    // The thunks share an environment, made by the first Finalise, unless
    // `__overrides` is forced between the Finalises (see below).
    const overrides = overridable ? attrs.attrs.get('__overrides') : undefined;
    const group: EnvGroup | null = overrides === undefined ? { owner: null, members: [] } : null;
    for (const [i, from] of attrs.inheritFrom.entries()) {
      plans.push({
        slot: base + i,
        plan: this.planInPlace(from, null, base + i) ?? ((yield this.compileThunkBody(from, null, false, group)) as ThunkBody),
      });
    }
    for (const [i, [name, def]] of entries.entries()) {
      const slot = base + attrs.inheritFrom.length + i;
      let plan: BindingPlan;
      if (def.kind === 'inherit') {
        // `inherit x;` takes x from the scope around the bindings.
        scope.hidden = true;
        try {
          plan = this.planInherited(def) ?? ((yield this.compileThunkBody(def.value, null, false, group)) as ThunkBody);
        } finally {
          scope.hidden = false;
        }
      } else plan = this.planInPlace(def.value, name, slot) ?? ((yield this.compileThunkBody(def.value, name, false, group)) as ThunkBody);
      plans.push({ slot, plan });
    }
    if (group !== null) this.shareEnvironment(group);
    for (const { plan } of plans) yield this.emitPlannedValue(plan);
    if (overrides) {
      // `rec { __overrides = { x = ...; }; ... }`: the overrides replace the
      // bindings before the other attributes capture them.
      const slot = scope.names.get('__overrides')!;
      const plan = plans.find((p) => p.slot === slot)!;
      this.emitFinalise(slot, plan.plan);
      this.at(overrides.pos);
      this.emitWithOperand(Op.ForceLocal, slot, +1);
      const slots = new Map(entries.map(([name]) => [name, scope.names.get(name)!]));
      this.emitWithOperand(Op.ApplyOverrides, this.constant(slots), -1);
      for (const p of plans) if (p !== plan) this.emitFinalise(p.slot, p.plan);
    } else {
      // The thunks sharing an environment first, one after the other: the
      // first makes it, the next each take the one made before. The order
      // is free, as a Finalise evaluates nothing.
      const sharing = new Set<BindingPlan>(group?.members);
      for (const { slot, plan } of plans) if (sharing.has(plan)) this.emitFinalise(slot, plan);
      for (const { slot, plan } of plans) if (!sharing.has(plan)) this.emitFinalise(slot, plan);
    }
    return scope;
  }

  /** An `inherit x;` binding: the variable as seen outside the bindings (null: a thunk, under a `with`). */
  private planInherited(def: AttrDef): BindingPlan | null {
    const v = def.value;
    if (v.kind !== 'var') return this.planInPlace(v, null);
    const r = this.resolve(v.name);
    if (r.kind === 'with') return null;
    // Resolved now, while the bindings are hidden; emitted with the other values.
    return { kind: 'resolved', resolution: r, name: v.name, pos: v.pos };
  }

  // ---------------------------------------------------------------- sets

  protected *compileAttrs(e: AttrsExpr): Compiling<boolean> {
    const keys = [...e.attrs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (e.rec) {
      const scope = (yield this.compileRecursiveBindings(e, true)) as LexicalScope;
      for (const key of keys) this.emitWithOperand(Op.GetLocal, scope.names.get(key)!, +1);
      this.at(e.pos);
      this.emitWithOperand(Op.Attrs, this.constant(this.shape(e, keys)), 1 - keys.length);
      if (e.attrs.has('__overrides')) {
        // Names the overrides add that the set does not have.
        this.emitWithOperand(Op.ForceLocal, scope.names.get('__overrides')!, +1);
        this.emit(Op.Update, -1);
      }
      if (e.dynamic.length > 0) yield this.compileDynamicAttrs(e);
      this.closeScope(scope);
      return true;
    }
    // `inherit (e)` sources are shared by the attributes that select from them.
    const scope = new LexicalScope();
    this.fn.scopes.push(scope);
    const base = this.fn.height;
    for (const [i, from] of e.inheritFrom.entries()) {
      yield this.compileLazy(from);
      this.fn.declare(scope, INHERIT_FROM + i, base + i);
    }
    for (const key of keys) yield this.compileLazy(e.attrs.get(key)!.value);
    this.at(e.pos);
    this.emitWithOperand(Op.Attrs, this.constant(this.shape(e, keys)), 1 - keys.length);
    if (e.dynamic.length > 0) yield this.compileDynamicAttrs(e);
    this.closeScope(scope);
    return true;
  }

  private shape(e: AttrsExpr, keys: string[]): AttrsShape {
    return { keys, positions: keys.map((k) => this.pos(e.attrs.get(k)!.pos)) };
  }

  private *compileDynamicAttrs(e: AttrsExpr): Compiling {
    for (const d of e.dynamic) {
      yield this.compileForced(d.name);
      yield this.compileLazy(d.value);
    }
    this.at(e.pos);
    const positions = e.dynamic.map((d) => this.pos(d.pos));
    this.emitWithOperand(Op.AttrsDynamic, this.constant(positions), -2 * e.dynamic.length);
  }
}

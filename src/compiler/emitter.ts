// The compiler's base: how code is written into the chunk of the function
// being compiled, how names resolve, and the questions the compiler asks of
// an expression without compiling it (is it cheap to build now, does a thunk
// of it have a shortcut, does a call surely call a builtin). Nothing here
// compiles a subexpression; the layers above do (bindings.ts, compiler.ts).

import type { ThunkShortcut } from '../bytecode/blueprint.js';
import { CaptureEnv, type Chunk, type TraceRange } from '../bytecode/chunk.js';
import { Op } from '../bytecode/opcodes.js';
import { ParseError } from '../errors/error.js';
import type { Pos, Source } from '../errors/source.js';
import type { Expr, SelectExpr } from '../syntax/ast.js';
import { NixAttrs } from '../value/attrs.js';
import { type ArgCheck, PrimOp, Thunk, type Value } from '../value/types.js';
import type { FunctionScope, LexicalScope, Resolution } from './scope.js';

export interface CompileOptions {
  /** The global scope: builtins and the global names (true, map, import, ...). */
  globals: ReadonlyMap<string, Value>;
}

/** Hidden names of compiler-made locals: they cannot clash with Nix identifiers. */
export const INHERIT_FROM = '\0inherit-from:';
export const ARGUMENT = '\0argument';

/** Operators CppNix implements as calls of a builtin; a user binding of that name takes over. */
export const OPERATOR_BUILTINS: Partial<Record<string, string>> = {
  '-': '__sub',
  '*': '__mul',
  '/': '__div',
  '<': '__lessThan',
  '>': '__lessThan',
  '<=': '__lessThan',
  '>=': '__lessThan',
};

export abstract class Emitter {
  /** The function (or thunk, or file) whose code is being written. */
  protected fn!: FunctionScope;
  private readonly posCache = new Map<number, Pos>();

  constructor(
    protected readonly source: Source,
    protected readonly options: CompileOptions,
  ) {}

  // ---------------------------------------------------------------- emitting

  protected get chunk(): Chunk {
    return this.fn.chunk;
  }

  protected pos(offset: number): Pos {
    let pos = this.posCache.get(offset);
    if (!pos) {
      pos = { source: this.source, offset };
      this.posCache.set(offset, pos);
    }
    return pos;
  }

  protected at(offset: number): void {
    this.chunk.setPos(this.pos(offset));
  }

  /** Writes an opcode and accounts for its effect on the stack height. */
  protected emit(op: Op, stackEffect: number): void {
    this.chunk.writeByte(op);
    this.fn.height += stackEffect;
  }

  protected emitWithOperand(op: Op, operand: number, stackEffect: number): void {
    this.emit(op, stackEffect);
    this.chunk.writeVarint(operand);
  }

  protected constant(value: unknown): number {
    return this.chunk.addConstant(value);
  }

  protected emitConstant(value: Value): void {
    this.emitWithOperand(Op.Constant, this.constant(value), +1);
  }

  /** A capture list (opcodes.ts, 'captures'): an environment of these captures, or (`env`) one already there. */
  protected emitCaptures(captures: number[], withs: boolean, env: CaptureEnv.Frame | CaptureEnv.Previous | null = null): void {
    if (env !== null) {
      this.chunk.writeVarint(env);
      return;
    }
    this.chunk.writeVarint((captures.length << 2) | (withs ? CaptureEnv.OwnWithWiths : CaptureEnv.Own));
    for (const c of captures) this.chunk.writeVarint(c);
  }

  /**
   * Errors from the code written since `start` gain the trace line `message`
   * at `offset`; a message given as a function is made when first shown.
   */
  protected traceRange(start: number, message: string | (() => string), offset: number | null, select = false): void {
    const pos = offset === null ? null : this.pos(offset);
    const end = this.chunk.length;
    this.chunk.traces.push(
      typeof message === 'string' ? { start, end, message, pos, select } : new LazyTrace(start, end, message, pos, select),
    );
  }

  /** Closes the innermost scope: its locals leave the stack. */
  protected closeScope(scope: LexicalScope): void {
    const top = this.fn.scopes.pop();
    if (top !== scope) throw new Error('internal: scopes closed out of order');
    const count = scope.names.size;
    if (count > 0) this.emitWithOperand(Op.CloseScope, count, -count);
  }

  // ---------------------------------------------------------------- names

  protected isGlobal = (name: string): boolean => this.options.globals.has(name);

  protected resolve(name: string): Resolution {
    return this.fn.resolve(name, this.isGlobal);
  }

  protected emitVariable(name: string, offset: number, forced: boolean): void {
    this.emitResolved(this.resolve(name), name, offset, forced);
  }

  protected emitResolved(r: Resolution, name: string, offset: number, forced: boolean): void {
    this.at(offset);
    switch (r.kind) {
      case 'local':
        this.emitWithOperand(forced ? Op.ForceLocal : Op.GetLocal, r.slot, +1);
        return;
      case 'upvalue':
        this.emitWithOperand(forced ? Op.ForceUpvalue : Op.GetUpvalue, r.index, +1);
        return;
      case 'global': {
        // A few globals (derivation) are Nix code, still thunks until first used.
        const value = this.options.globals.get(name)!;
        this.emitWithOperand(Op.Constant, this.chunk.addGlobal(value, 'g' + name), +1);
        if (forced && value instanceof Thunk) this.emit(Op.Force, 0);
        return;
      }
      case 'with':
        this.emitWithOperand(Op.ResolveWith, this.constant(name), +1);
        break;
      case 'unbound':
        throw new ParseError(`undefined variable '${name}'`, this.pos(offset));
    }
    if (forced) this.emit(Op.Force, 0);
  }

  // ---------------------------------------------------------------- questions

  /** Whether evaluating `e` now costs no more than suspending it and cannot fail or diverge. */
  protected isCheap(e: Expr): boolean {
    switch (e.kind) {
      case 'int':
      case 'float':
      case 'string':
      case 'lambda':
      case 'curPos':
        return true;
      case 'path':
        return !e.home;
      case 'var': {
        const r = this.resolve(e.name);
        return r.kind === 'local' || r.kind === 'upvalue' || r.kind === 'global';
      }
      case 'list':
        // Items are lazy themselves; a short list is as cheap to build as a thunk.
        return e.items.length <= 64;
      case 'attrs':
        return !e.rec && e.dynamic.length === 0 && e.inheritFrom.length === 0 && e.attrs.size <= 64;
      case 'select': {
        // A function is not: CppNix suspends `builtins.map` in a fresh cell,
        // so `[ builtins.map ] == [ builtins.map ]` is false (two cells), and
        // the same PrimOp stored twice would be one cell to `==`.
        const known = this.builtinConstant(e);
        return known !== undefined && !(known instanceof Thunk) && !(known instanceof PrimOp);
      }
      default:
        return false;
    }
  }

  /**
   * A thunk body `a op b` over captured variables and integer literals, or
   * `"c${toString i}"` over string literals and captured strings, can be
   * computed when the thunk is made, if the variables already hold integers
   * or plain strings: the result is the same and cannot fail, so laziness
   * is not observable. (`f (n - 1)` then passes a number, not a thunk.) A
   * thunk's body is an operation: a bare variable or literal is never given
   * a thunk.
   */
  protected shortcutFor(e: Expr): ThunkShortcut | null {
    return e.kind === 'binary' || e.kind === 'interpolation' || e.kind === 'call' ? this.shortcutOf(e, 0) : null;
  }

  /** The shortcut computing `e`, an operand `depth` operations deep, or null. */
  protected shortcutOf(e: Expr, depth: number): ThunkShortcut | null {
    switch (e.kind) {
      case 'int':
        return e.value >= -(2n ** 52n) && e.value <= 2n ** 52n ? { kind: 'int', value: Number(e.value) } : null;
      case 'var': {
        const r = this.resolve(e.name);
        if (r.kind === 'upvalue') return { kind: 'upvalue', index: r.index };
        // In a lambda's body, its argument (local 0).
        return r.kind === 'local' && r.slot === 0 && this.fn.blueprint.kind === 'lambda' ? { kind: 'arg' } : null;
      }
      case 'binary': {
        if (depth > 3 || !SHORTCUT_OPS.has(e.op) || this.operatorShadowed(e.op)) return null;
        const a = this.shortcutOf(e.left, depth + 1);
        const b = a && this.shortcutOf(e.right, depth + 1);
        return a && b ? { kind: 'op', op: e.op as '+', a, b } : null;
      }
      case 'string':
        return { kind: 'string', value: e.value };
      case 'interpolation': {
        // `"c${toString i}"`: the names listToAttrs and dynamic attributes are made of.
        if (e.isPath || depth > 3 || e.parts.length > 8) return null;
        const parts: ThunkShortcut[] = [];
        for (const part of e.parts) {
          const s = this.shortcutOf(part, depth + 1);
          if (s === null) return null;
          parts.push(s);
        }
        return { kind: 'concat', parts };
      }
      case 'call': {
        if (depth > 3 || e.args.length !== 1 || this.knownBuiltin(e.fn, 1)?.name !== 'toString') return null;
        const of = this.shortcutOf(e.args[0]!, depth + 1);
        return of && { kind: 'toString', of };
      }
      default:
        return null;
    }
  }

  protected operatorShadowed(op: string): boolean {
    const name = OPERATOR_BUILTINS[op];
    if (name === undefined) return false;
    const kind = this.resolve(name).kind;
    return kind === 'local' || kind === 'upvalue';
  }

  /**
   * The value of `builtins.NAME` when it is known now: `builtins` is the
   * global one (a `let` or formal may shadow it; `with` cannot) and has that
   * attribute. Real code writes `builtins.elemAt` in its inner loops.
   */
  protected builtinConstant(e: SelectExpr): Value | undefined {
    if (e.expr.kind !== 'var' || e.expr.name !== 'builtins' || e.path.length !== 1) return undefined;
    const name = e.path[0]!;
    if (name.kind !== 'static' || this.resolve('builtins').kind !== 'global') return undefined;
    const builtins = this.options.globals.get('builtins');
    return builtins instanceof NixAttrs ? builtins.get(name.name) : undefined;
  }

  /**
   * The builtin a call surely calls with all its arguments, else null:
   * `toString x` (a global no one shadows) or `builtins.bitAnd x y`.
   */
  protected knownBuiltin(fn: Expr, argc: number): PrimOp | null {
    let value: Value | undefined;
    if (fn.kind === 'var') value = this.resolve(fn.name).kind === 'global' ? this.options.globals.get(fn.name) : undefined;
    else if (fn.kind === 'select') value = this.builtinConstant(fn);
    return value instanceof PrimOp && argc >= value.arity ? value : null;
  }

  /**
   * For the operands of an operator that is a builtin call in CppNix (or
   * seq's): emits EnterBuiltin, so that calls made evaluating them count
   * one more against max-call-depth, and returns true (the caller emits
   * LeaveBuiltin after them), unless they are only names and literals,
   * which make no call of their own.
   */
  protected enterBuiltin(offset: number, ...operands: Expr[]): boolean {
    if (operands.every((o) => o.kind === 'var' || o.kind === 'int' || o.kind === 'float' || o.kind === 'string')) return false;
    this.at(offset);
    this.emit(Op.EnterBuiltin, 0);
    return true;
  }

  /** Whether `arg`, passed lazily, is a literal, so already a value, that passes `check` (if any). */
  protected settledLiteral(arg: Expr, check: ArgCheck | undefined): boolean {
    if (arg.kind !== 'int' && arg.kind !== 'string' && arg.kind !== 'lambda' && arg.kind !== 'list' && arg.kind !== 'attrs') return false;
    if (!this.isCheap(arg)) return false;
    if (check?.check === undefined) return true;
    const literal = check.literal;
    if (typeof literal === 'function') return arg.kind === 'string' && literal(arg.value);
    return literal === arg.kind;
  }
}

/**
 * A trace range whose message is made when an error first shows it, as
 * CppNix makes it: `a.${e}` shows all of `e`, which may hold selections
 * of its own, so made at once their messages would take quadratic space.
 */
class LazyTrace implements TraceRange {
  private made: string | null = null;

  constructor(
    readonly start: number,
    readonly end: number,
    private readonly make: () => string,
    readonly pos: Pos | null,
    readonly select: boolean,
  ) {}

  get message(): string {
    return (this.made ??= this.make());
  }
}

/**
 * Whether CppNix suspends `e` in a lazy position although tsnix could build
 * it at once: a set, a non-empty list, a function or `builtins.x` is a thunk
 * there (only literals, variables and `[ ]` are values at once, its
 * maybeThunk), and a thunk shows in lazy output (`<CODE>`, `«thunk»`).
 */
export function madeLazyByCppNix(e: Expr): boolean {
  return e.kind === 'attrs' || e.kind === 'lambda' || e.kind === 'select' || (e.kind === 'list' && e.items.length > 0);
}

const SHORTCUT_OPS: ReadonlySet<string> = new Set(['+', '-', '*', '<', '<=', '>', '>=', '==', '!=']);

// The compiler: AST to bytecode.
//
// One pass over the tree. Each function body and each thunk body becomes a
// Blueprint with its own Chunk; names resolve statically to stack slots,
// upvalues or globals, and only names no static scope binds go through the
// `with` scopes at run time.
//
// Laziness is decided here: an expression in a lazy position (a binding, an
// argument, a list element) becomes a thunk unless CppNix makes its value at
// once too (its maybeThunk: literals, variables that name an existing value,
// `[ ]`), since a thunk shows in lazy output (`<CODE>`, `«thunk»`). Sets,
// lists and lambdas are cheap: they are built at once and wrapped in a thunk
// that already holds them (Speculate), unevaluated until forced; as a strict
// argument of a builtin, forced at once, they are not wrapped. A function
// bound in a `let` or `rec` is a thunk of its own (AllocThunk).
//
// Recursive bindings (`let`, `rec`, formals with defaults) allocate their
// thunks first (AllocThunk; a function too, as CppNix suspends it), so that every name
// has its slot, then fill in the captures (Finalise).

import { type AttrsShape, Blueprint, type ThunkShortcut } from '../bytecode/blueprint.js';
import { type Chunk, JumpTooLong } from '../bytecode/chunk.js';
import { Op } from '../bytecode/opcodes.js';
import { ParseError } from '../errors/error.js';
import type { Pos, Source } from '../errors/source.js';
import type { AttrDef, AttrName, AttrsExpr, BinaryExpr, Expr, LambdaExpr, SelectExpr, InterpolationExpr } from '../syntax/ast.js';
import { cppnixPos } from '../syntax/pos.js';
import { printExpr, printIdentifier } from '../syntax/printer.js';
import { NixAttrs } from '../value/attrs.js';
import { type ArgCheck, NixFloat, NixPath, PrimOp, Thunk, type Value, makeInt } from '../value/types.js';
import { FunctionScope, LexicalScope, type Resolution } from './scope.js';

export interface CompileOptions {
  /** The global scope: builtins and the global names (true, map, import, ...). */
  globals: ReadonlyMap<string, Value>;
}

/** Hidden names of compiler-made locals: they cannot clash with Nix identifiers. */
const INHERIT_FROM = '\0inherit-from:';
const ARGUMENT = '\0argument';

/** Operators CppNix implements as calls of a builtin; a user binding of that name takes over. */
const OPERATOR_BUILTINS: Partial<Record<string, string>> = {
  '-': '__sub',
  '*': '__mul',
  '/': '__div',
  '<': '__lessThan',
  '>': '__lessThan',
  '<=': '__lessThan',
  '>=': '__lessThan',
};

/** How a binding in a recursive scope is made. */
type BindingPlan =
  | { kind: 'value'; expr: Expr } // evaluated in place: literals
  | { kind: 'resolved'; resolution: Resolution; name: string; pos: number } // `inherit x;`, resolved outside the bindings
  | { kind: 'thunk'; blueprint: Blueprint; captures: number[]; withs: boolean };

export function compile(expr: Expr, source: Source, options: CompileOptions): Blueprint {
  return new Compiler(source, options).compileFile(expr);
}

class Compiler {
  private fn!: FunctionScope;
  private readonly posCache = new Map<number, Pos>();

  constructor(
    private readonly source: Source,
    private readonly options: CompileOptions,
  ) {}

  compileFile(expr: Expr): Blueprint {
    const blueprint = new Blueprint('file', null, this.pos(expr.pos));
    this.fn = new FunctionScope(blueprint, null, 0);
    this.fn.scopes.push(new LexicalScope());
    this.compileForced(expr);
    this.emit(Op.Return, -1);
    blueprint.chunk.finish();
    return blueprint;
  }

  // ---------------------------------------------------------------- emitting

  private get chunk(): Chunk {
    return this.fn.chunk;
  }

  private pos(offset: number): Pos {
    let pos = this.posCache.get(offset);
    if (!pos) {
      pos = { source: this.source, offset };
      this.posCache.set(offset, pos);
    }
    return pos;
  }

  private at(offset: number): void {
    this.chunk.setPos(this.pos(offset));
  }

  /** Writes an opcode and accounts for its effect on the stack height. */
  private emit(op: Op, stackEffect: number): void {
    this.chunk.writeByte(op);
    this.fn.height += stackEffect;
  }

  private emitWithOperand(op: Op, operand: number, stackEffect: number): void {
    this.emit(op, stackEffect);
    this.chunk.writeVarint(operand);
  }

  private constant(value: unknown): number {
    return this.chunk.addConstant(value);
  }

  private emitConstant(value: Value): void {
    this.emitWithOperand(Op.Constant, this.constant(value), +1);
  }

  private emitCaptures(captures: number[], withs: boolean): void {
    this.chunk.writeVarint((captures.length << 1) | (withs ? 1 : 0));
    for (const c of captures) this.chunk.writeVarint(c);
  }

  // ---------------------------------------------------------------- names

  private isGlobal = (name: string): boolean => this.options.globals.has(name);

  private resolve(name: string): Resolution {
    return this.fn.resolve(name, this.isGlobal);
  }

  private emitVariable(name: string, offset: number, forced: boolean): void {
    this.emitResolved(this.resolve(name), name, offset, forced);
  }

  private emitResolved(r: Resolution, name: string, offset: number, forced: boolean): void {
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

  // ---------------------------------------------------------------- expressions

  /** Compiles `e` to leave its value, evaluated to weak head normal form, on the stack. */
  private compileForced(e: Expr): void {
    if (this.compileExpr(e)) return;
    this.emit(Op.Force, 0);
  }

  /**
   * Compiles `e` to leave its value on the stack, possibly still a thunk
   * (for a variable, a selection, a call result that is forced later).
   * Returns true when the value is certainly in weak head normal form.
   */
  private compileExpr(e: Expr): boolean {
    switch (e.kind) {
      case 'int':
        this.at(e.pos);
        this.emitConstant(makeInt(e.value));
        return true;
      case 'float':
        this.at(e.pos);
        this.emitConstant(new NixFloat(e.value));
        return true;
      case 'string':
        this.at(e.pos);
        this.emitConstant(e.value);
        return true;
      case 'path':
        this.at(e.pos);
        if (e.home) this.emitWithOperand(Op.ResolveHomePath, this.constant(e.value), +1);
        else this.emitConstant(new NixPath(e.value));
        return true;
      case 'searchPath':
        this.compileCallOf(
          { kind: 'var', name: '__findFile', pos: e.pos },
          [
            { kind: 'var', name: '__nixPath', pos: e.pos },
            { kind: 'string', value: e.path, pos: e.pos },
          ],
          e.pos,
        );
        return true;
      case 'var':
        this.emitVariable(e.name, e.pos, true);
        return true;
      case 'interpolation':
        this.compileInterpolation(e);
        return true;
      case 'select':
        this.compileSelect(e);
        return true;
      case 'hasAttr':
        this.compileHasAttr(e.expr, e.path, e.pos);
        return true;
      case 'attrs':
        this.compileAttrs(e);
        return true;
      case 'list':
        for (const item of e.items) this.compileLazy(item);
        this.at(e.pos);
        this.emitWithOperand(Op.List, e.items.length, 1 - e.items.length);
        return true;
      case 'lambda':
        this.compileLambda(e);
        return true;
      case 'call':
        this.compileCallOf(e.fn, e.args, e.pos);
        return true;
      case 'let': {
        const scope = this.compileRecursiveBindings(e.bindings);
        this.compileExpr(e.body);
        this.closeScope(scope);
        return false;
      }
      case 'with': {
        this.compileLazy(e.env);
        this.at(e.pos);
        this.emit(Op.PushWith, -1);
        this.fn.withDepth++;
        const forced = this.compileExpr(e.body);
        this.fn.withDepth--;
        this.emit(Op.PopWith, 0);
        return forced;
      }
      case 'if':
        return this.compileIf(e.cond, e.then, e.else, e.pos);
      case 'assert':
        return this.compileAssert(e.cond, e.body, e.pos);
      case 'not':
        this.compileOperand(e.expr, "in the argument of '!'", Op.Not);
        return true;
      case 'negate':
        if (this.operatorShadowed('-')) {
          this.compileCallOf({ kind: 'var', name: '__sub', pos: e.pos }, [{ kind: 'int', value: 0n, pos: e.pos }, e.expr], e.pos);
          return true;
        }
        {
          const start = this.chunk.length;
          const inside = this.enterBuiltin(e.pos, e.expr);
          this.compileForced(e.expr);
          if (inside) this.emit(Op.LeaveBuiltin, 0);
          this.at(e.pos);
          this.emit(Op.Negate, 0);
          this.traceRange(start, "while calling the 'sub' builtin", e.pos);
        }
        return true;
      case 'binary':
        return this.compileBinary(e);
      case 'curPos': {
        // As CppNix's mkPos: null outside a file (`-E` text, stdin).
        const { line, col } = this.source.lineCol(e.pos);
        this.at(e.pos);
        const path = this.source.path;
        this.emitConstant(path === null ? null : new NixAttrs(['column', 'file', 'line'], [col, path, line]));
        return true;
      }
    }
  }

  /** Compiles `e` for a lazy position: a thunk, unless `e` is cheap and safe to evaluate now. */
  private compileLazy(e: Expr): void {
    if (e.kind === 'var' && this.isCheap(e)) {
      // The value in the slot, as it is: forcing it here would be strict.
      this.emitVariable(e.name, e.pos, false);
      return;
    }
    if (this.isCheap(e)) {
      this.compileExpr(e);
      // Built now, but a thunk to anyone looking, as CppNix suspends it.
      if (madeLazyByCppNix(e)) this.emit(Op.Speculate, 0);
      return;
    }
    const { blueprint, captures, withs } = this.compileThunkBody(e);
    this.at(e.pos);
    this.emitWithOperand(Op.Thunk, this.constant(blueprint), +1);
    this.emitCaptures(captures, withs);
  }

  /** Whether evaluating `e` now costs no more than suspending it and cannot fail or diverge. */
  private isCheap(e: Expr): boolean {
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

  /** Compiles `e` as the body of a thunk: its own blueprint and frame. */
  private compileThunkBody(e: Expr, name: string | null = null): { blueprint: Blueprint; captures: number[]; withs: boolean } {
    const blueprint = new Blueprint('thunk', name, this.pos(e.pos));
    const outer = this.fn;
    const inner = new FunctionScope(blueprint, outer, outer.withDepth);
    inner.scopes.push(new LexicalScope());
    this.fn = inner;
    try {
      this.compileForced(e);
      this.emit(Op.Return, -1);
      blueprint.shortcut = this.shortcutFor(e);
    } finally {
      this.fn = outer;
    }
    blueprint.chunk.finish();
    blueprint.capturesWith = outer.withDepth > 0;
    return { blueprint, captures: inner.captures, withs: blueprint.capturesWith };
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
  private shortcutFor(e: Expr): ThunkShortcut | null {
    return e.kind === 'binary' || e.kind === 'interpolation' || e.kind === 'call' ? this.shortcutOf(e, 0) : null;
  }

  /** The shortcut computing `e`, an operand `depth` operations deep, or null. */
  private shortcutOf(e: Expr, depth: number): ThunkShortcut | null {
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

  // ---------------------------------------------------------------- operators

  private operatorShadowed(op: string): boolean {
    const name = OPERATOR_BUILTINS[op];
    if (name === undefined) return false;
    const kind = this.resolve(name).kind;
    return kind === 'local' || kind === 'upvalue';
  }

  /**
   * Compiles an operand of an operator: errors while evaluating it gain
   * CppNix's `in the left operand of '&&'`-style trace line, at the operand.
   */
  private compileOperand(e: Expr, message: string, check: Op | null = null, suspend = false): void {
    const start = this.chunk.length;
    if (suspend) {
      this.compileSuspended(e);
      this.emit(Op.Force, 0);
    } else this.compileForced(e);
    const at = cppnixPos(e);
    if (check !== null) {
      if (at !== null) this.at(at);
      this.emit(check, 0);
    }
    this.traceRange(start, message, at);
  }

  private compileBinary(e: BinaryExpr): boolean {
    const op = e.op;
    switch (op) {
      case '&&':
      case '||':
      case '->':
        return this.withLongJumps((suspend) => {
          this.compileOperand(e.left, `in the left operand of '${op}'`, Op.AssertBool);
          if (op === '->') this.emit(Op.Not, 0);
          const jump = this.chunk.emitJump(op === '&&' ? Op.JumpIfFalse : Op.JumpIfTrue);
          this.emit(Op.Pop, -1);
          this.compileOperand(e.right, `in the right operand of '${op}'`, Op.AssertBool, suspend);
          this.chunk.patchJump(jump);
          return true;
        });
      case '|>':
        this.compileCallOf(e.right, [e.left], e.pos);
        return true;
      case '<|':
        this.compileCallOf(e.left, [e.right], e.pos);
        return true;
    }
    if (this.operatorShadowed(op)) {
      const fn: Expr = { kind: 'var', name: OPERATOR_BUILTINS[op]!, pos: e.pos };
      const swap = op === '>' || op === '<=';
      const call: Expr = { kind: 'call', fn, args: swap ? [e.right, e.left] : [e.left, e.right], pos: e.pos };
      if (op === '<=' || op === '>=') {
        const start = this.chunk.length;
        this.compileForced(call);
        this.emit(Op.Not, 0);
        this.traceRange(start, "in the argument of '!'", e.pos);
      } else this.compileExpr(call);
      return true;
    }
    const start = this.chunk.length;
    switch (op) {
      case '+':
        if (startsString(e.left)) {
          const n = this.compileStringParts(e);
          this.at(e.pos);
          this.emitWithOperand(Op.Interpolate, n << 1, 1 - n);
          return true;
        }
        // CppNix's ExprConcatStrings: each operand is traced on its own.
        this.compileOperand(e.left, "in an operand of '+'");
        this.compileOperand(e.right, "in an operand of '+'");
        // CppNix reports `cannot add ...` at the operand it could not add: the second.
        this.at(e.partPos ? e.partPos[1] : e.pos);
        this.emit(Op.Add, -1);
        return true;
      case '==':
      case '!=':
      case '//':
      case '++':
        this.compileOperand(e.left, `in the left operand of '${op}'`);
        // CppNix's evalAttrs checks the left set before evaluating the right one.
        if (op === '//') {
          this.at(e.pos);
          this.emit(Op.AssertAttrs, 0);
        }
        this.compileOperand(e.right, `in the right operand of '${op}'`);
        this.at(e.pos);
        this.emit(BINARY_OPS[op], -1);
        return true;
      case '-':
      case '*':
      case '/':
        // Calls of __sub, __mul, __div in CppNix: traced as builtin calls.
        {
          const inside = this.enterBuiltin(e.pos, e.left, e.right);
          this.compileForced(e.left);
          this.compileForced(e.right);
          if (inside) this.emit(Op.LeaveBuiltin, 0);
        }
        this.at(e.pos);
        this.emit(BINARY_OPS[op], -1);
        this.traceRange(start, `while calling the '${OPERATOR_BUILTINS[op]!.slice(2)}' builtin`, e.pos);
        return true;
      default: {
        // Comparisons are calls of __lessThan: `a > b` is `b < a`, `a <= b`
        // is `!(b < a)`, `a >= b` is `!(a < b)`, operands evaluated in that order.
        const swap = op === '>' || op === '<=';
        const inside = this.enterBuiltin(e.pos, e.left, e.right);
        this.compileForced(swap ? e.right : e.left);
        this.compileForced(swap ? e.left : e.right);
        if (inside) this.emit(Op.LeaveBuiltin, 0);
        this.at(e.pos);
        this.emit(Op.Less, -1);
        this.traceRange(start, "while calling the 'lessThan' builtin", e.pos);
        if (op === '<=' || op === '>=') {
          this.emit(Op.Not, 0);
          this.traceRange(start, "in the argument of '!'", e.pos);
        }
        return true;
      }
    }
  }

  /**
   * Compiles code with forward jumps over a subexpression. If a jump would
   * not fit in 16 bits, compiles it again with `suspend` set: the long part
   * then goes into a thunk of its own, and the jump over it is short.
   */
  private withLongJumps<T>(compile: (suspend: boolean) => T): T {
    const start = this.chunk.length;
    const height = this.fn.height;
    try {
      return compile(false);
    } catch (e) {
      if (!(e instanceof JumpTooLong)) throw e;
      this.chunk.truncate(start);
      this.fn.height = height;
      return compile(true);
    }
  }

  // ---------------------------------------------------------------- control flow

  private compileIf(cond: Expr, then: Expr, otherwise: Expr, offset: number): boolean {
    this.compileForced(cond);
    return this.withLongJumps((suspend) => this.compileBranches(then, otherwise, offset, suspend));
  }

  private compileBranches(then: Expr, otherwise: Expr, offset: number, suspended: boolean): boolean {
    this.at(offset);
    const toElse = this.chunk.emitJump(Op.PopJumpIfFalse);
    this.fn.height--;
    const thenForced = suspended ? (this.compileSuspended(then), false) : this.compileExpr(then);
    const toEnd = this.chunk.emitJump(Op.Jump);
    this.chunk.patchJump(toElse);
    this.fn.height--;
    const elseForced = suspended ? (this.compileSuspended(otherwise), false) : this.compileExpr(otherwise);
    this.chunk.patchJump(toEnd);
    return thenForced && elseForced;
  }

  /** Compiles `e` as a thunk unconditionally (used to keep a long branch out of the chunk). */
  private compileSuspended(e: Expr): void {
    const { blueprint, captures, withs } = this.compileThunkBody(e);
    this.at(e.pos);
    this.emitWithOperand(Op.Thunk, this.constant(blueprint), +1);
    this.emitCaptures(captures, withs);
  }

  private compileAssert(cond: Expr, body: Expr, offset: number): boolean {
    const start = this.chunk.length;
    const message = `while evaluating the condition of the assertion '${printExpr(cond)}'`;
    if (cond.kind === 'binary' && cond.op === '==') {
      // `assert a == b`: a failure explains how a and b differ, as CppNix does.
      this.compileOperand(cond.left, "in the left operand of '=='");
      this.compileOperand(cond.right, "in the right operand of '=='");
      this.at(cond.pos);
      this.emit(Op.AssertEqual, -2);
      this.traceRange(start, message, offset);
      return this.compileExpr(body);
    }
    // The failure comes first, so the only jump is the short one over it.
    this.compileForced(cond);
    this.at(offset);
    this.emit(Op.AssertBool, 0);
    const toBody = this.chunk.emitJump(Op.JumpIfTrue);
    this.traceRange(start, message, offset);
    this.emit(Op.Pop, -1);
    this.emitWithOperand(Op.AssertFail, this.constant(printExpr(cond)), 0);
    this.chunk.patchJump(toBody);
    this.fn.height++;
    this.emit(Op.Pop, -1);
    return this.compileExpr(body);
  }

  // ---------------------------------------------------------------- attribute access

  private compileAttrName(name: AttrName): void {
    if (name.kind === 'static') {
      this.emitConstant(name.name);
      return;
    }
    const start = this.chunk.length;
    this.compileForced(name.expr);
    const at = cppnixPos(name.expr) ?? name.pos;
    this.at(at);
    this.emit(Op.AssertAttrName, 0);
    this.traceRange(start, 'while evaluating an attribute name', at);
  }

  /** Errors from the code written since `start` gain the trace line `message` at `offset`. */
  private traceRange(start: number, message: string, offset: number | null, select = false): void {
    this.chunk.traces.push({ start, end: this.chunk.length, message, pos: offset === null ? null : this.pos(offset), select });
  }

  /**
   * The value of `builtins.NAME` when it is known now: `builtins` is the
   * global one (a `let` or formal may shadow it; `with` cannot) and has that
   * attribute. Real code writes `builtins.elemAt` in its inner loops.
   */
  private builtinConstant(e: SelectExpr): Value | undefined {
    if (e.expr.kind !== 'var' || e.expr.name !== 'builtins' || e.path.length !== 1) return undefined;
    const name = e.path[0]!;
    if (name.kind !== 'static' || this.resolve('builtins').kind !== 'global') return undefined;
    const builtins = this.options.globals.get('builtins');
    return builtins instanceof NixAttrs ? builtins.get(name.name) : undefined;
  }

  /** Always forces the selected value, as CppNix does, so a failure there is traced to the selection. */
  private compileSelect(e: SelectExpr): void {
    const known = this.builtinConstant(e);
    if (known !== undefined) {
      this.at(e.pos);
      this.emitWithOperand(Op.Constant, this.chunk.addGlobal(known, `b${(e.path[0] as Extract<AttrName, { kind: 'static' }>).name}`), +1);
      if (known instanceof Thunk) this.emit(Op.Force, 0);
      return;
    }
    // `inherit (src) a;` selects from a hidden local holding src (see compileRecursiveBindings).
    if (e.expr.kind === 'inheritFrom') this.emitVariable(INHERIT_FROM + e.expr.index, e.expr.pos, true);
    else {
      const from = this.chunk.length;
      this.compileForced(e.expr);
      this.traceRange(from, 'while selecting an attribute', e.pos);
    }
    const start = this.chunk.length;
    const message = `while evaluating the attribute '${showAttrPath(e.path)}'`;
    if (e.default === null) {
      e.path.forEach((name, i) => {
        if (i > 0) this.emit(Op.Force, 0);
        this.at(e.pos);
        if (name.kind === 'static') this.emitWithOperand(Op.Select, this.constant(name.name), 0);
        else {
          this.compileAttrName(name);
          this.at(e.pos);
          this.emit(Op.SelectDynamic, -1);
        }
      });
      this.emit(Op.Force, 0);
      this.traceRange(start, message, e.pos, true);
      return;
    }
    const jumps: number[] = [];
    e.path.forEach((name, i) => {
      if (i > 0) this.emit(Op.Force, 0);
      this.at(e.pos);
      if (name.kind === 'static') {
        this.emitWithOperand(Op.SelectOr, this.constant(name.name), 0);
        jumps.push(this.chunk.length);
        this.chunk.writeU16(0xffff);
      } else {
        this.compileAttrName(name);
        this.at(e.pos);
        jumps.push(this.chunk.emitJump(Op.SelectOrDynamic));
        this.fn.height--;
      }
    });
    this.emit(Op.Force, 0);
    this.traceRange(start, message, e.pos, true);
    const toEnd = this.chunk.emitJump(Op.Jump);
    for (const j of jumps) this.chunk.patchJump(j);
    this.fn.height--;
    const fallback = e.default;
    const defaultStart = this.chunk.length;
    const height = this.fn.height;
    try {
      this.compileForced(fallback);
      this.chunk.patchJump(toEnd);
    } catch (err) {
      if (!(err instanceof JumpTooLong)) throw err;
      // A long default goes into a thunk of its own.
      this.chunk.truncate(defaultStart);
      this.fn.height = height;
      this.compileSuspended(fallback);
      this.emit(Op.Force, 0);
      this.chunk.patchJump(toEnd);
    }
  }

  private compileHasAttr(target: Expr, path: AttrName[], offset: number): void {
    this.compileOperand(target, "in the argument of '?'");
    const jumps: number[] = [];
    path.forEach((name, i) => {
      if (i > 0) this.emit(Op.Force, 0);
      this.at(offset);
      if (name.kind === 'static') {
        this.emitWithOperand(Op.HasAttrStep, this.constant(name.name), 0);
        jumps.push(this.chunk.length);
        this.chunk.writeU16(0xffff);
      } else {
        this.compileAttrName(name);
        this.at(offset);
        jumps.push(this.chunk.emitJump(Op.HasAttrStepDynamic));
        this.fn.height--;
      }
    });
    this.emit(Op.Pop, -1);
    this.emitConstant(true);
    for (const j of jumps) this.chunk.patchJump(j);
  }

  // ---------------------------------------------------------------- strings

  /**
   * `"<${a}>" + b + "!"`: a `+` chain that starts with a string makes a
   * string, so it is compiled as one interpolation of all its parts (one
   * flat string, not a rope per `+`). The code is what the `+`s would run:
   * the same operand traces, each right operand coerced where Add would
   * coerce it, with the same options and position. Returns the number of
   * parts left on the stack.
   */
  private compileStringParts(e: Expr): number {
    if (e.kind === 'string') {
      this.compileExpr(e);
      return 1;
    }
    if (e.kind === 'interpolation') {
      this.compileInterpolationParts(e);
      return e.parts.length;
    }
    const sum = e as BinaryExpr;
    const start = this.chunk.length;
    const n = this.compileStringParts(sum.left);
    this.traceRange(start, "in an operand of '+'", cppnixPos(sum.left));
    this.compileOperand(sum.right, "in an operand of '+'");
    if (sum.right.kind !== 'string') {
      this.at(sum.partPos ? sum.partPos[1] : sum.pos);
      this.emit(Op.CoerceToString, 0);
      this.chunk.writeByte(COERCE_COPY_TO_STORE);
    }
    return n + 1;
  }

  private compileInterpolation(e: InterpolationExpr): void {
    this.compileInterpolationParts(e);
    this.at(e.pos);
    this.emitWithOperand(Op.Interpolate, (e.parts.length << 1) | (e.isPath ? 1 : 0), 1 - e.parts.length);
  }

  /** The parts of an interpolation, each coerced to a string (but for a leading path). */
  private compileInterpolationParts(e: InterpolationExpr): void {
    e.parts.forEach((part, i) => {
      if (part.kind === 'string') {
        this.at(part.pos);
        this.emitConstant(part.value);
        return;
      }
      if (e.isPath && i === 0 && part.kind === 'path') {
        this.compileExpr(part);
        return;
      }
      this.compileForced(part);
      // At the `${`: CppNix names it in 'while evaluating a path segment'.
      this.at(e.partPos[i] ?? part.pos);
      this.emit(Op.CoerceToString, 0);
      // Interpolating a path into a string copies it to the store.
      this.chunk.writeByte(e.isPath ? 0 : COERCE_COPY_TO_STORE);
    });
  }

  // ---------------------------------------------------------------- calls

  private compileCallOf(fn: Expr, args: Expr[], offset: number): void {
    const builtin = this.knownBuiltin(fn, args.length);
    if (builtin !== null && builtin.name === 'seq' && args.length === 2) {
      this.compileSeq(args[0]!, args[1]!, offset);
      return;
    }
    this.compileForced(fn);
    // A strict argument is evaluated in place only while the strict ones
    // before it are surely evaluated and checked by then (CppNix's order:
    // `substring x 1 (throw "s")` forces and checks `x` first).
    let inOrder = true;
    let inside = false;
    args.forEach((arg, i) => {
      const strict = builtin !== null && ((builtin.strictArgs >> i) & 1) === 1;
      if (strict && inOrder && !this.isCheap(arg)) {
        // CppNix evaluates it inside the builtin's call: one call deeper.
        if (!inside) {
          this.at(offset);
          this.emit(Op.EnterBuiltin, 0);
          inside = true;
        }
        this.compileStrictArg(arg, builtin, offset, builtin.checks?.[i]?.forceCtx);
        // Its check runs only at the call: later arguments must wait for it.
        if (builtin.checks?.[i]?.check !== undefined) inOrder = false;
      } else {
        if (strict && !this.settledLiteral(arg, builtin.checks?.[i])) inOrder = false;
        // Forced by the builtin at once, so no thunk could be seen: built in place.
        if (strict && madeLazyByCppNix(arg)) this.compileExpr(arg);
        else this.compileLazy(arg);
      }
    });
    if (inside) this.emit(Op.LeaveBuiltin, 0);
    this.at(offset);
    this.emitWithOperand(Op.Call, args.length, -args.length);
  }

  /**
   * The builtin a call surely calls with all its arguments, else null:
   * `toString x` (a global no one shadows) or `builtins.bitAnd x y`.
   */
  private knownBuiltin(fn: Expr, argc: number): PrimOp | null {
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
  private enterBuiltin(offset: number, ...operands: Expr[]): boolean {
    if (operands.every((o) => o.kind === 'var' || o.kind === 'int' || o.kind === 'float' || o.kind === 'string')) return false;
    this.at(offset);
    this.emit(Op.EnterBuiltin, 0);
    return true;
  }

  /** Whether `arg`, passed lazily, is a literal, so already a value, that passes `check` (if any). */
  private settledLiteral(arg: Expr, check: ArgCheck | undefined): boolean {
    if (arg.kind !== 'int' && arg.kind !== 'string' && arg.kind !== 'lambda' && arg.kind !== 'list' && arg.kind !== 'attrs') return false;
    if (!this.isCheap(arg)) return false;
    if (check?.check === undefined) return true;
    const literal = check.literal;
    if (typeof literal === 'function') return arg.kind === 'string' && literal(arg.value);
    return literal === arg.kind;
  }

  /**
   * An argument the builtin has the VM evaluate before the call
   * (`toString (i * 7)`), evaluated in place rather than through a thunk
   * made only to be forced at once. It fails as the thunk would: traced
   * `while calling the 'toString' builtin` at the call.
   */
  private compileStrictArg(arg: Expr, builtin: PrimOp, callOffset: number, forceCtx?: string): void {
    const start = this.chunk.length;
    this.compileForced(arg);
    if (forceCtx !== undefined) this.traceRange(start, forceCtx, null);
    this.traceRange(start, `while calling the '${builtin.name}' builtin`, callOffset);
  }

  /**
   * `seq a b` (the `builtins.seq acc (loop ...)` of strict loops): `a`, then
   * `b` in place, with no thunk for `b` to be returned and forced at once.
   * Both fail as they do in the builtin: traced `while calling the 'seq'
   * builtin` at the call.
   */
  private compileSeq(a: Expr, b: Expr, callOffset: number): void {
    const start = this.chunk.length;
    // Inside seq's call, as in CppNix (even for names: `seq x x` forces x there).
    this.at(callOffset);
    this.emit(Op.EnterBuiltin, 0);
    this.compileForced(a);
    this.emit(Op.Pop, -1);
    this.compileForced(b);
    this.emit(Op.LeaveBuiltin, 0);
    this.traceRange(start, "while calling the 'seq' builtin", callOffset);
  }

  // ---------------------------------------------------------------- lambdas

  private compileLambda(e: LambdaExpr): void {
    const plan = this.planClosure(e);
    this.at(e.pos);
    this.emitWithOperand(Op.Closure, this.constant(plan.blueprint), +1);
    this.emitCaptures(plan.captures, plan.withs);
  }

  private compileFormals(e: LambdaExpr, scope: LexicalScope): void {
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

    const slots = new Map<string, number>();
    formals.entries.forEach((f, i) => {
      slots.set(f.name, i + 1);
      this.fn.declare(scope, f.name, i + 1);
    });
    // Defaults may refer to any formal and to the `@` name: allocate, then finalise.
    const plans: Array<{ slot: number; plan: BindingPlan } | null> = formals.entries.map((f) =>
      f.default ? { slot: slots.get(f.name)!, plan: this.planBinding(f.default, f.name, slots.get(f.name)!) } : null,
    );
    for (const [i, f] of formals.entries.entries()) {
      this.at(f.pos);
      this.emitWithOperand(Op.FormalArg, this.constant(f.name), +1);
      const toDefault = this.chunk.length;
      this.chunk.writeU16(0xffff);
      const toEnd = this.chunk.emitJump(Op.Jump);
      this.chunk.patchJump(toDefault);
      this.fn.height--;
      const plan = plans[i];
      if (plan) this.emitPlannedValue(plan.plan);
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
    for (const p of plans) if (p) this.emitFinalise(p.slot, p.plan);
  }

  // ---------------------------------------------------------------- bindings

  /** Decides how a binding in a recursive scope is made, compiling its body if it needs one. */
  private planBinding(value: Expr, name: string | null, slot = -1): BindingPlan {
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
    const { blueprint, captures, withs } = this.compileThunkBody(value, name);
    return { kind: 'thunk', blueprint, captures, withs };
  }

  private planClosure(e: LambdaExpr): { blueprint: Blueprint; captures: number[]; withs: boolean } {
    const blueprint = new Blueprint('lambda', e.name, this.pos(e.pos));
    blueprint.arg = e.arg;
    const outer = this.fn;
    const inner = new FunctionScope(blueprint, outer, outer.withDepth);
    this.fn = inner;
    try {
      const scope = new LexicalScope();
      inner.scopes.push(scope);
      inner.height = 1;
      inner.declare(scope, e.arg ?? ARGUMENT, 0);
      if (e.formals) this.compileFormals(e, scope);
      blueprint.bodyStart = blueprint.chunk.length;
      this.compileForced(e.body);
      this.emit(Op.Return, -1);
      // `x: x * 3 + 1`, `i: i`, `_: 0`: applied lazily to an integer
      // (genList, map), computed at once.
      if (e.formals === null) blueprint.shortcut = this.shortcutOf(e.body, 0);
    } finally {
      this.fn = outer;
    }
    blueprint.chunk.finish();
    blueprint.capturesWith = outer.withDepth > 0;
    blueprint.fused = this.compileFused(e, inner);
    blueprint.upvalueCount = inner.captures.length;
    return { blueprint, captures: inner.captures, withs: blueprint.capturesWith };
  }

  /**
   * A curried lambda `a: b: body` (simple arguments, up to four) is also
   * compiled as one function of all its arguments, with `a` and `b` as its
   * first two locals: a call that passes them all (`f x y`, and builtins
   * such as foldl' and sort calling back) then runs one frame instead of
   * making an intermediate closure per argument. It shares the outer
   * lambda's upvalues, and reports itself as the innermost lambda in traces.
   */
  private compileFused(e: LambdaExpr, outerScope: FunctionScope): Blueprint | null {
    const chain: LambdaExpr[] = [e];
    for (let l = e; chain.length < 4 && l.arg !== null && l.formals === null && l.body.kind === 'lambda'; l = l.body) {
      if (l.body.arg === null || l.body.formals !== null) break;
      chain.push(l.body);
    }
    if (chain.length < 2 || e.arg === null || e.formals !== null) return null;
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
      this.compileForced(last.body);
      this.emit(Op.Return, -1);
    } finally {
      this.fn = outer;
    }
    blueprint.chunk.finish();
    blueprint.capturesWith = outer.withDepth > 0;
    blueprint.upvalueCount = outerScope.captures.length;
    return blueprint;
  }

  private emitPlannedValue(plan: BindingPlan): void {
    switch (plan.kind) {
      case 'value':
        this.compileExpr(plan.expr);
        return;
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
    this.emitCaptures(plan.captures, plan.withs);
  }

  /**
   * Binds the names of a `let` or `rec` set as locals of a new scope: the
   * inherit-from sources first, then each attribute. Returns the scope,
   * still open; close it with closeScope.
   */
  private compileRecursiveBindings(attrs: AttrsExpr, overridable = false): LexicalScope {
    if (attrs.dynamic.length > 0 && !attrs.rec) throw new Error('internal: dynamic attributes in let');
    const scope = new LexicalScope();
    this.fn.scopes.push(scope);
    const base = this.fn.height;
    const entries = [...attrs.attrs];
    // Slots: inherit-from sources, then the attributes in source order.
    attrs.inheritFrom.forEach((_, i) => this.fn.declare(scope, INHERIT_FROM + i, base + i));
    entries.forEach(([name], i) => this.fn.declare(scope, name, base + attrs.inheritFrom.length + i));

    const plans: Array<{ slot: number; plan: BindingPlan }> = [];
    attrs.inheritFrom.forEach((from, i) => plans.push({ slot: base + i, plan: this.planBinding(from, null, base + i) }));
    entries.forEach(([name, def], i) => {
      const slot = base + attrs.inheritFrom.length + i;
      if (def.kind === 'inherit') {
        // `inherit x;` takes x from the scope around the bindings.
        scope.hidden = true;
        plans.push({ slot, plan: this.planInherited(def) });
        scope.hidden = false;
      } else plans.push({ slot, plan: this.planBinding(def.value, name, slot) });
    });
    for (const { plan } of plans) this.emitPlannedValue(plan);
    const overrides = overridable ? attrs.attrs.get('__overrides') : undefined;
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
      for (const { slot, plan } of plans) this.emitFinalise(slot, plan);
    }
    return scope;
  }

  /** An `inherit x;` binding: the variable as seen outside the bindings. */
  private planInherited(def: AttrDef): BindingPlan {
    const v = def.value;
    if (v.kind !== 'var') return this.planBinding(v, null);
    const r = this.resolve(v.name);
    if (r.kind === 'with') {
      const { blueprint, captures, withs } = this.compileThunkBody(v);
      return { kind: 'thunk', blueprint, captures, withs };
    }
    // Resolved now, while the bindings are hidden; emitted with the other values.
    return { kind: 'resolved', resolution: r, name: v.name, pos: v.pos };
  }

  private closeScope(scope: LexicalScope): void {
    const top = this.fn.scopes.pop();
    if (top !== scope) throw new Error('internal: scopes closed out of order');
    const count = scope.names.size;
    if (count > 0) this.emitWithOperand(Op.CloseScope, count, -count);
  }

  private compileAttrs(e: AttrsExpr): void {
    const keys = [...e.attrs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (e.rec) {
      const scope = this.compileRecursiveBindings(e, true);
      for (const key of keys) this.emitWithOperand(Op.GetLocal, scope.names.get(key)!, +1);
      this.at(e.pos);
      this.emitWithOperand(Op.Attrs, this.constant(this.shape(e, keys)), 1 - keys.length);
      if (e.attrs.has('__overrides')) {
        // Names the overrides add that the set does not have.
        this.emitWithOperand(Op.ForceLocal, scope.names.get('__overrides')!, +1);
        this.emit(Op.Update, -1);
      }
      this.compileDynamicAttrs(e);
      this.closeScope(scope);
      return;
    }
    // `inherit (e)` sources are shared by the attributes that select from them.
    const scope = new LexicalScope();
    this.fn.scopes.push(scope);
    const base = this.fn.height;
    e.inheritFrom.forEach((from, i) => {
      this.compileLazy(from);
      this.fn.declare(scope, INHERIT_FROM + i, base + i);
    });
    for (const key of keys) {
      const def = e.attrs.get(key)!;
      this.compileLazy(def.value);
    }
    this.at(e.pos);
    this.emitWithOperand(Op.Attrs, this.constant(this.shape(e, keys)), 1 - keys.length);
    this.compileDynamicAttrs(e);
    this.closeScope(scope);
  }

  private shape(e: AttrsExpr, keys: string[]): AttrsShape {
    return { keys, positions: keys.map((k) => this.pos(e.attrs.get(k)!.pos)) };
  }

  private compileDynamicAttrs(e: AttrsExpr): void {
    if (e.dynamic.length === 0) return;
    for (const d of e.dynamic) {
      this.compileForced(d.name);
      this.compileLazy(d.value);
    }
    this.at(e.pos);
    const positions = e.dynamic.map((d) => this.pos(d.pos));
    this.emitWithOperand(Op.AttrsDynamic, this.constant(positions), -2 * e.dynamic.length);
  }
}

/**
 * Whether CppNix suspends `e` in a lazy position although tsnix could build
 * it at once: a set, a non-empty list, a function or `builtins.x` is a thunk
 * there (only literals, variables and `[ ]` are values at once, its
 * maybeThunk), and a thunk shows in lazy output (`<CODE>`, `«thunk»`).
 */
function madeLazyByCppNix(e: Expr): boolean {
  return e.kind === 'attrs' || e.kind === 'lambda' || e.kind === 'select' || (e.kind === 'list' && e.items.length > 0);
}

/** CoerceToString's flag bit 1: a path is copied to the store. */
const COERCE_COPY_TO_STORE = 2;

/**
 * Whether `e` certainly evaluates to a string (or fails): a string literal,
 * an interpolation that is not a path, or a `+` whose left operand is one.
 * (`+` cannot be redefined, unlike `-`: see OPERATOR_BUILTINS.)
 */
function startsString(e: Expr): boolean {
  if (e.kind === 'string') return true;
  if (e.kind === 'interpolation') return !e.isPath;
  return e.kind === 'binary' && e.op === '+' && startsString(e.left);
}

const SHORTCUT_OPS: ReadonlySet<string> = new Set(['+', '-', '*', '<', '<=', '>', '>=', '==', '!=']);

const BINARY_OPS: Record<Exclude<BinaryExpr['op'], '&&' | '||' | '->' | '|>' | '<|'>, Op> = {
  '==': Op.Equal,
  '!=': Op.NotEqual,
  '<': Op.Less,
  '<=': Op.Less,
  '>': Op.Less,
  '>=': Op.Less,
  '//': Op.Update,
  '++': Op.Concat,
  '+': Op.Add,
  '-': Op.Sub,
  '*': Op.Mul,
  '/': Op.Div,
};

/** An attribute path as CppNix shows it in messages: `a."b c"."${e}"`. */
function showAttrPath(path: AttrName[]): string {
  return path.map((n) => (n.kind === 'static' ? printIdentifier(n.name) : `"\${${printExpr(n.expr)}}"`)).join('.');
}

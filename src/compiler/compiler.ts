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
// The compiler is in three layers: emitter.ts writes code and resolves
// names, bindings.ts makes frames and binds names (thunks, lambdas, `let`,
// sets), and this file compiles the expressions. Every method that compiles
// a subexpression is a generator run by drive.ts, so that the depth of the
// tree takes no JS stack: `yield this.compileForced(e)` reads as the call
// it stands for.

import { Blueprint } from '../bytecode/blueprint.js';
import { JumpTooLong } from '../bytecode/chunk.js';
import { Op } from '../bytecode/opcodes.js';
import type { Source } from '../errors/source.js';
import type { AttrName, BinaryExpr, Expr, InterpolationExpr, LetExpr, ListExpr, NegateExpr, SelectExpr, WithExpr } from '../syntax/ast.js';
import { cppnixPos } from '../syntax/pos.js';
import { printExpr, printIdentifier } from '../syntax/printer.js';
import { NixAttrs } from '../value/attrs.js';
import { NixFloat, NixPath, type PrimOp, Thunk, makeInt } from '../value/types.js';
import { BindingCompiler } from './bindings.js';
import { type Compiling, type Step, drive } from './drive.js';
import { type CompileOptions, INHERIT_FROM, OPERATOR_BUILTINS, madeLazyByCppNix } from './emitter.js';
import { FunctionScope, LexicalScope } from './scope.js';

export type { CompileOptions } from './emitter.js';

export function compile(expr: Expr, source: Source, options: CompileOptions): Blueprint {
  return new Compiler(source, options).compileFile(expr);
}

class Compiler extends BindingCompiler {
  compileFile(expr: Expr): Blueprint {
    const blueprint = new Blueprint('file', null, this.pos(expr.pos));
    this.fn = new FunctionScope(blueprint, null, 0);
    this.fn.scopes.push(new LexicalScope());
    drive(this.compileForced(expr));
    this.emit(Op.Return, -1);
    blueprint.chunk.finish();
    return blueprint;
  }

  // ---------------------------------------------------------------- expressions

  /** Compiles `e` to leave its value, evaluated to weak head normal form, on the stack. */
  protected compileForced(e: Expr): Step<boolean> {
    return this.compileExpr(e, true);
  }

  /**
   * Compiles `e` to leave its value on the stack: in weak head normal form
   * if `force` is set, else possibly still a thunk (for a variable, a
   * selection, a call result that is forced later). Its result is true when
   * the value is certainly in weak head normal form without a Force.
   *
   * A leaf is compiled at once; a node with subexpressions is left to the
   * generator of its kind. Most kinds leave a value in weak head normal
   * form; the four that may not (`let`, `with`, `if`, `assert`) force it
   * themselves when `force` is set, after the code that makes it.
   */
  protected compileExpr(e: Expr, force = false): Step<boolean> {
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
      case 'var':
        this.emitVariable(e.name, e.pos, true);
        return true;
      case 'curPos': {
        // As CppNix's mkPos: null outside a file (`-E` text, stdin).
        const { line, col } = this.source.lineCol(e.pos);
        this.at(e.pos);
        const path = this.source.path;
        this.emitConstant(path === null ? null : new NixAttrs(['column', 'file', 'line'], [col, path, line]));
        return true;
      }
      case 'searchPath':
        return this.compileCallOf(
          { kind: 'var', name: '__findFile', pos: e.pos },
          [
            { kind: 'var', name: '__nixPath', pos: e.pos },
            { kind: 'string', value: e.path, pos: e.pos },
          ],
          e.pos,
        );
      case 'interpolation':
        return this.compileInterpolation(e);
      case 'select': {
        const known = this.builtinConstant(e);
        if (known === undefined) return this.compileSelect(e);
        // `builtins.elemAt`: the value itself.
        this.at(e.pos);
        this.emitWithOperand(Op.Constant, this.chunk.addGlobal(known, `b${(e.path[0] as Extract<AttrName, { kind: 'static' }>).name}`), +1);
        if (known instanceof Thunk) this.emit(Op.Force, 0);
        return true;
      }
      case 'hasAttr':
        return this.compileHasAttr(e.expr, e.path, e.pos);
      case 'attrs':
        return this.compileAttrs(e);
      case 'list':
        return this.compileList(e);
      case 'lambda':
        return this.compileLambda(e);
      case 'call':
        return this.compileCallOf(e.fn, e.args, e.pos);
      case 'let':
        return this.compileLet(e, force);
      case 'with':
        return this.compileWith(e, force);
      case 'if':
        return this.compileIf(e.cond, e.then, e.else, e.pos, force);
      case 'assert':
        return this.compileAssert(e.cond, e.body, e.pos, force);
      case 'not':
        return this.compileOperand(e.expr, "in the argument of '!'", Op.Not);
      case 'negate':
        return this.compileNegate(e);
      case 'binary':
        return this.compileBinary(e);
    }
  }

  /** Compiles `e` for a lazy position: a thunk, unless `e` is cheap and safe to evaluate now. */
  protected compileLazy(e: Expr): Step<unknown> {
    if (e.kind === 'var' && this.isCheap(e)) {
      // The value in the slot, as it is: forcing it here would be strict.
      this.emitVariable(e.name, e.pos, false);
      return;
    }
    if (!this.isCheap(e)) return this.compileSuspended(e);
    // Built now, but a thunk to anyone looking, as CppNix suspends it.
    return madeLazyByCppNix(e) ? this.compileSpeculated(e) : this.compileExpr(e);
  }

  /** A cheap set, list, lambda or `builtins.x`, built at once and wrapped as a thunk. */
  private *compileSpeculated(e: Expr): Compiling {
    yield this.compileExpr(e);
    this.emit(Op.Speculate, 0);
  }

  private *compileList(e: ListExpr): Compiling<boolean> {
    for (const item of e.items) yield this.compileLazy(item);
    this.at(e.pos);
    this.emitWithOperand(Op.List, e.items.length, 1 - e.items.length);
    return true;
  }

  private *compileLet(e: LetExpr, force: boolean): Compiling<boolean> {
    const scope = (yield this.compileRecursiveBindings(e.bindings)) as LexicalScope;
    yield this.compileExpr(e.body);
    this.closeScope(scope);
    if (force) this.emit(Op.Force, 0);
    return false;
  }

  private *compileWith(e: WithExpr, force: boolean): Compiling<boolean> {
    yield this.compileLazy(e.env);
    this.at(e.pos);
    this.emit(Op.PushWith, -1);
    this.fn.withDepth++;
    const forced = (yield this.compileExpr(e.body)) as boolean;
    this.fn.withDepth--;
    this.emit(Op.PopWith, 0);
    if (force && !forced) this.emit(Op.Force, 0);
    return forced;
  }

  /** `-e`: CppNix's `__sub 0 e`. */
  private *compileNegate(e: NegateExpr): Compiling<boolean> {
    if (this.operatorShadowed('-')) {
      return (yield this.compileCallOf(
        { kind: 'var', name: '__sub', pos: e.pos },
        [{ kind: 'int', value: 0n, pos: e.pos }, e.expr],
        e.pos,
      )) as boolean;
    }
    const start = this.chunk.length;
    const inside = this.enterBuiltin(e.pos, e.expr);
    yield this.compileForced(e.expr);
    if (inside) this.emit(Op.LeaveBuiltin, 0);
    this.at(e.pos);
    this.emit(Op.Negate, 0);
    this.traceRange(start, "while calling the 'sub' builtin", e.pos);
    return true;
  }

  // ---------------------------------------------------------------- operators

  /**
   * Compiles an operand of an operator: errors while evaluating it gain
   * CppNix's `in the left operand of '&&'`-style trace line, at the operand.
   */
  private compileOperand(e: Expr, message: string, check: Op | null = null, suspend = false): Step<boolean> {
    if (suspend || !isLeaf(e)) return this.compileOperandNode(e, message, check, suspend);
    // The common `x == null`, `n + 1`: no generator for a leaf.
    const start = this.chunk.length;
    this.compileForced(e);
    this.endOperand(start, e, message, check);
    return true;
  }

  private *compileOperandNode(e: Expr, message: string, check: Op | null, suspend: boolean): Compiling<boolean> {
    const start = this.chunk.length;
    if (suspend) {
      yield this.compileSuspended(e);
      this.emit(Op.Force, 0);
    } else yield this.compileForced(e);
    this.endOperand(start, e, message, check);
    return true;
  }

  /** The check and trace line of an operand whose code starts at `start`. */
  private endOperand(start: number, e: Expr, message: string, check: Op | null): void {
    const at = cppnixPos(e);
    if (check !== null) {
      if (at !== null) this.at(at);
      this.emit(check, 0);
    }
    this.traceRange(start, message, at);
  }

  private *compileBinary(e: BinaryExpr): Compiling<boolean> {
    const op = e.op;
    switch (op) {
      case '&&':
      case '||':
      case '->':
        yield this.withLongJumps((suspend) => this.compileLogical(e, op, suspend));
        return true;
      case '|>':
        yield this.compileCallOf(e.right, [e.left], e.pos);
        return true;
      case '<|':
        yield this.compileCallOf(e.left, [e.right], e.pos);
        return true;
    }
    if (this.operatorShadowed(op)) {
      const fn: Expr = { kind: 'var', name: OPERATOR_BUILTINS[op]!, pos: e.pos };
      const swap = op === '>' || op === '<=';
      const call: Expr = { kind: 'call', fn, args: swap ? [e.right, e.left] : [e.left, e.right], pos: e.pos };
      if (op === '<=' || op === '>=') {
        const start = this.chunk.length;
        yield this.compileForced(call);
        this.emit(Op.Not, 0);
        this.traceRange(start, "in the argument of '!'", e.pos);
      } else yield this.compileExpr(call);
      return true;
    }
    const start = this.chunk.length;
    switch (op) {
      case '+':
        if (startsString(e.left)) {
          const n = (yield this.compileStringParts(e)) as number;
          this.at(e.pos);
          this.emitWithOperand(Op.Interpolate, n << 1, 1 - n);
          return true;
        }
        // CppNix's ExprConcatStrings: each operand is traced on its own.
        yield this.compileOperand(e.left, "in an operand of '+'");
        yield this.compileOperand(e.right, "in an operand of '+'");
        // CppNix reports `cannot add ...` at the operand it could not add: the second.
        this.at(e.partPos ? e.partPos[1] : e.pos);
        this.emit(Op.Add, -1);
        return true;
      case '==':
      case '!=':
      case '//':
      case '++':
        yield this.compileOperand(e.left, `in the left operand of '${op}'`);
        // CppNix's evalAttrs checks the left set before evaluating the right one.
        if (op === '//') {
          this.at(e.pos);
          this.emit(Op.AssertAttrs, 0);
        }
        yield this.compileOperand(e.right, `in the right operand of '${op}'`);
        this.at(e.pos);
        this.emit(BINARY_OPS[op], -1);
        return true;
      case '-':
      case '*':
      case '/':
        // Calls of __sub, __mul, __div in CppNix: traced as builtin calls.
        {
          const inside = this.enterBuiltin(e.pos, e.left, e.right);
          yield this.compileForced(e.left);
          yield this.compileForced(e.right);
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
        yield this.compileForced(swap ? e.right : e.left);
        yield this.compileForced(swap ? e.left : e.right);
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

  /** `a && b`, `a || b`, `a -> b`: `b` is skipped when `a` decides (put in a thunk if `suspend`). */
  private *compileLogical(e: BinaryExpr, op: '&&' | '||' | '->', suspend: boolean): Compiling {
    yield this.compileOperand(e.left, `in the left operand of '${op}'`, Op.AssertBool);
    if (op === '->') this.emit(Op.Not, 0);
    const jump = this.chunk.emitJump(op === '&&' ? Op.JumpIfFalse : Op.JumpIfTrue);
    this.emit(Op.Pop, -1);
    yield this.compileOperand(e.right, `in the right operand of '${op}'`, Op.AssertBool, suspend);
    this.chunk.patchJump(jump);
  }

  /**
   * Compiles code with forward jumps over a subexpression. If a jump would
   * not fit in 16 bits, compiles it again with `suspend` set: the long part
   * then goes into a thunk of its own, and the jump over it is short.
   */
  private *withLongJumps<T>(compile: (suspend: boolean) => Compiling<T>): Compiling<T> {
    const start = this.chunk.length;
    const height = this.fn.height;
    try {
      return (yield compile(false)) as T;
    } catch (e) {
      if (!(e instanceof JumpTooLong)) throw e;
      this.chunk.truncate(start);
      this.fn.height = height;
      return (yield compile(true)) as T;
    }
  }

  // ---------------------------------------------------------------- control flow

  private *compileIf(cond: Expr, then: Expr, otherwise: Expr, offset: number, force: boolean): Compiling<boolean> {
    yield this.compileForced(cond);
    const forced = (yield this.withLongJumps((suspend) => this.compileBranches(then, otherwise, offset, suspend))) as boolean;
    if (force && !forced) this.emit(Op.Force, 0);
    return forced;
  }

  private *compileBranches(then: Expr, otherwise: Expr, offset: number, suspended: boolean): Compiling<boolean> {
    this.at(offset);
    const toElse = this.chunk.emitJump(Op.PopJumpIfFalse);
    this.fn.height--;
    let thenForced = false;
    if (suspended) yield this.compileSuspended(then);
    else thenForced = (yield this.compileExpr(then)) as boolean;
    const toEnd = this.chunk.emitJump(Op.Jump);
    this.chunk.patchJump(toElse);
    this.fn.height--;
    let elseForced = false;
    if (suspended) yield this.compileSuspended(otherwise);
    else elseForced = (yield this.compileExpr(otherwise)) as boolean;
    this.chunk.patchJump(toEnd);
    return thenForced && elseForced;
  }

  private *compileAssert(cond: Expr, body: Expr, offset: number, force: boolean): Compiling<boolean> {
    const start = this.chunk.length;
    const message = `while evaluating the condition of the assertion '${printExpr(cond)}'`;
    if (cond.kind === 'binary' && cond.op === '==') {
      // `assert a == b`: a failure explains how a and b differ, as CppNix does.
      yield this.compileOperand(cond.left, "in the left operand of '=='");
      yield this.compileOperand(cond.right, "in the right operand of '=='");
      this.at(cond.pos);
      this.emit(Op.AssertEqual, -2);
      this.traceRange(start, message, offset);
      return (yield this.compileExpr(body, force)) as boolean;
    }
    // The failure comes first, so the only jump is the short one over it.
    yield this.compileForced(cond);
    this.at(offset);
    this.emit(Op.AssertBool, 0);
    const toBody = this.chunk.emitJump(Op.JumpIfTrue);
    this.traceRange(start, message, offset);
    this.emit(Op.Pop, -1);
    this.emitWithOperand(Op.AssertFail, this.constant(printExpr(cond)), 0);
    this.chunk.patchJump(toBody);
    this.fn.height++;
    this.emit(Op.Pop, -1);
    return (yield this.compileExpr(body, force)) as boolean;
  }

  // ---------------------------------------------------------------- attribute access

  private *compileAttrName(name: AttrName): Compiling {
    if (name.kind === 'static') {
      this.emitConstant(name.name);
      return;
    }
    const start = this.chunk.length;
    yield this.compileForced(name.expr);
    const at = cppnixPos(name.expr) ?? name.pos;
    this.at(at);
    this.emit(Op.AssertAttrName, 0);
    this.traceRange(start, 'while evaluating an attribute name', at);
  }

  /** Always forces the selected value, as CppNix does, so a failure there is traced to the selection. */
  private *compileSelect(e: SelectExpr): Compiling<boolean> {
    // `inherit (src) a;` selects from a hidden local holding src (see compileRecursiveBindings).
    if (e.expr.kind === 'inheritFrom') this.emitVariable(INHERIT_FROM + e.expr.index, e.expr.pos, true);
    else {
      const from = this.chunk.length;
      yield this.compileForced(e.expr);
      this.traceRange(from, 'while selecting an attribute', e.pos);
    }
    const start = this.chunk.length;
    const path = e.path;
    const message = path.every((n) => n.kind === 'static')
      ? `while evaluating the attribute '${showAttrPath(path)}'`
      : () => `while evaluating the attribute '${showAttrPath(path)}'`;
    if (e.default === null) {
      for (const [i, name] of e.path.entries()) {
        if (i > 0) this.emit(Op.Force, 0);
        this.at(e.pos);
        if (name.kind === 'static') this.emitWithOperand(Op.Select, this.constant(name.name), 0);
        else {
          yield this.compileAttrName(name);
          this.at(e.pos);
          this.emit(Op.SelectDynamic, -1);
        }
      }
      this.emit(Op.Force, 0);
      this.traceRange(start, message, e.pos, true);
      return true;
    }
    const jumps: number[] = [];
    for (const [i, name] of e.path.entries()) {
      if (i > 0) this.emit(Op.Force, 0);
      this.at(e.pos);
      if (name.kind === 'static') {
        this.emitWithOperand(Op.SelectOr, this.constant(name.name), 0);
        jumps.push(this.chunk.length);
        this.chunk.writeU16(0xffff);
      } else {
        yield this.compileAttrName(name);
        this.at(e.pos);
        jumps.push(this.chunk.emitJump(Op.SelectOrDynamic));
        this.fn.height--;
      }
    }
    this.emit(Op.Force, 0);
    this.traceRange(start, message, e.pos, true);
    const toEnd = this.chunk.emitJump(Op.Jump);
    for (const j of jumps) this.chunk.patchJump(j);
    this.fn.height--;
    const fallback = e.default;
    const defaultStart = this.chunk.length;
    const height = this.fn.height;
    try {
      yield this.compileForced(fallback);
      this.chunk.patchJump(toEnd);
    } catch (err) {
      if (!(err instanceof JumpTooLong)) throw err;
      // A long default goes into a thunk of its own.
      this.chunk.truncate(defaultStart);
      this.fn.height = height;
      yield this.compileSuspended(fallback);
      this.emit(Op.Force, 0);
      this.chunk.patchJump(toEnd);
    }
    return true;
  }

  private *compileHasAttr(target: Expr, path: AttrName[], offset: number): Compiling<boolean> {
    yield this.compileOperand(target, "in the argument of '?'");
    const jumps: number[] = [];
    for (const [i, name] of path.entries()) {
      if (i > 0) this.emit(Op.Force, 0);
      this.at(offset);
      if (name.kind === 'static') {
        this.emitWithOperand(Op.HasAttrStep, this.constant(name.name), 0);
        jumps.push(this.chunk.length);
        this.chunk.writeU16(0xffff);
      } else {
        yield this.compileAttrName(name);
        this.at(offset);
        jumps.push(this.chunk.emitJump(Op.HasAttrStepDynamic));
        this.fn.height--;
      }
    }
    this.emit(Op.Pop, -1);
    this.emitConstant(true);
    for (const j of jumps) this.chunk.patchJump(j);
    return true;
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
  private *compileStringParts(e: Expr): Compiling<number> {
    if (e.kind === 'string') {
      yield this.compileExpr(e);
      return 1;
    }
    if (e.kind === 'interpolation') {
      yield this.compileInterpolationParts(e);
      return e.parts.length;
    }
    const sum = e as BinaryExpr;
    const start = this.chunk.length;
    const n = (yield this.compileStringParts(sum.left)) as number;
    this.traceRange(start, "in an operand of '+'", cppnixPos(sum.left));
    yield this.compileOperand(sum.right, "in an operand of '+'");
    if (sum.right.kind !== 'string') {
      this.at(sum.partPos ? sum.partPos[1] : sum.pos);
      this.emit(Op.CoerceToString, 0);
      this.chunk.writeByte(COERCE_COPY_TO_STORE);
    }
    return n + 1;
  }

  private *compileInterpolation(e: InterpolationExpr): Compiling<boolean> {
    yield this.compileInterpolationParts(e);
    this.at(e.pos);
    this.emitWithOperand(Op.Interpolate, (e.parts.length << 1) | (e.isPath ? 1 : 0), 1 - e.parts.length);
    return true;
  }

  /** The parts of an interpolation, each coerced to a string (but for a leading path). */
  private *compileInterpolationParts(e: InterpolationExpr): Compiling {
    for (const [i, part] of e.parts.entries()) {
      if (part.kind === 'string') {
        this.at(part.pos);
        this.emitConstant(part.value);
        continue;
      }
      if (e.isPath && i === 0 && part.kind === 'path') {
        yield this.compileExpr(part);
        continue;
      }
      yield this.compileForced(part);
      // At the `${`: CppNix names it in 'while evaluating a path segment'.
      this.at(e.partPos[i] ?? part.pos);
      this.emit(Op.CoerceToString, 0);
      // Interpolating a path into a string copies it to the store.
      this.chunk.writeByte(e.isPath ? 0 : COERCE_COPY_TO_STORE);
    }
  }

  // ---------------------------------------------------------------- calls

  private *compileCallOf(fn: Expr, args: Expr[], offset: number): Compiling<boolean> {
    const builtin = this.knownBuiltin(fn, args.length);
    if (builtin !== null && builtin.name === 'seq' && args.length === 2) {
      yield this.compileSeq(args[0]!, args[1]!, offset);
      return true;
    }
    yield this.compileForced(fn);
    // A strict argument is evaluated in place only while the strict ones
    // before it are surely evaluated and checked by then (CppNix's order:
    // `substring x 1 (throw "s")` forces and checks `x` first).
    let inOrder = true;
    let inside = false;
    for (const [i, arg] of args.entries()) {
      const strict = builtin !== null && ((builtin.strictArgs >> i) & 1) === 1;
      if (strict && inOrder && !this.isCheap(arg)) {
        // CppNix evaluates it inside the builtin's call: one call deeper.
        if (!inside) {
          this.at(offset);
          this.emit(Op.EnterBuiltin, 0);
          inside = true;
        }
        yield this.compileStrictArg(arg, builtin, offset, builtin.checks?.[i]?.forceCtx);
        // Its check runs only at the call: later arguments must wait for it.
        if (builtin.checks?.[i]?.check !== undefined) inOrder = false;
      } else {
        if (strict && !this.settledLiteral(arg, builtin.checks?.[i])) inOrder = false;
        // Forced by the builtin at once, so no thunk could be seen: built in place.
        if (strict && madeLazyByCppNix(arg)) yield this.compileExpr(arg);
        else yield this.compileLazy(arg);
      }
    }
    if (inside) this.emit(Op.LeaveBuiltin, 0);
    this.at(offset);
    this.emitWithOperand(Op.Call, args.length, -args.length);
    return true;
  }

  /**
   * An argument the builtin has the VM evaluate before the call
   * (`toString (i * 7)`), evaluated in place rather than through a thunk
   * made only to be forced at once. It fails as the thunk would: traced
   * `while calling the 'toString' builtin` at the call.
   */
  private *compileStrictArg(arg: Expr, builtin: PrimOp, callOffset: number, forceCtx?: string): Compiling {
    const start = this.chunk.length;
    yield this.compileForced(arg);
    if (forceCtx !== undefined) this.traceRange(start, forceCtx, null);
    this.traceRange(start, `while calling the '${builtin.name}' builtin`, callOffset);
  }

  /**
   * `seq a b` (the `builtins.seq acc (loop ...)` of strict loops): `a`, then
   * `b` in place, with no thunk for `b` to be returned and forced at once.
   * Both fail as they do in the builtin: traced `while calling the 'seq'
   * builtin` at the call.
   */
  private *compileSeq(a: Expr, b: Expr, callOffset: number): Compiling {
    const start = this.chunk.length;
    // Inside seq's call, as in CppNix (even for names: `seq x x` forces x there).
    this.at(callOffset);
    this.emit(Op.EnterBuiltin, 0);
    yield this.compileForced(a);
    this.emit(Op.Pop, -1);
    yield this.compileForced(b);
    this.emit(Op.LeaveBuiltin, 0);
    this.traceRange(start, "while calling the 'seq' builtin", callOffset);
  }
}

/** Whether compileExpr compiles `e` at once: an expression with no subexpression. */
function isLeaf(e: Expr): boolean {
  switch (e.kind) {
    case 'int':
    case 'float':
    case 'string':
    case 'path':
    case 'var':
    case 'curPos':
      return true;
    default:
      return false;
  }
}

/** CoerceToString's flag bit 1: a path is copied to the store. */
const COERCE_COPY_TO_STORE = 2;

/**
 * Whether `e` certainly evaluates to a string (or fails): a string literal,
 * an interpolation that is not a path, or a `+` whose left operand is one.
 * (`+` cannot be redefined, unlike `-`: see OPERATOR_BUILTINS.)
 */
function startsString(e: Expr): boolean {
  while (e.kind === 'binary' && e.op === '+') e = e.left;
  return e.kind === 'string' || (e.kind === 'interpolation' && !e.isPath);
}
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

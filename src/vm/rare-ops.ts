// The instructions real code runs seldom: dynamic attribute names,
// assertions, `-x` and `/`, `++`, `with`, the checks of a function's
// formals; and the general case of those the loop runs itself (`a + b` on
// strings or paths, an error).
//
// They run here, out of the dispatch loop (vm.ts), to keep the loop small:
// V8 compiles a function in time that grows with its size, and the loop is
// compiled again each time code reaches a path it had not taken before, so
// every instruction moved out of it shortens those recompilations (and the
// slow stretches spent waiting for them). The loop reaches this module
// through one call site, whose feedback covers all of them: a path the
// loop took first after V8 compiled it would otherwise throw that code
// away (lib_nixos_like compiled the loop 19 times).

import type { Blueprint } from '../bytecode/blueprint.js';
import { Op } from '../bytecode/opcodes.js';
import { readVarint } from '../bytecode/chunk.js';
import { AssertionError, EvalError, NixError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import { NixAttrs } from '../value/attrs.js';
import { assertEqValues } from '../value/equality.js';
import { type Value, WithScope } from '../value/types.js';
import { type Frame, posAt, sitePos } from './frame.js';
import * as ops from './operations.js';
import type { VM } from './vm.js';

/** The error of an operand of the wrong type: `expected a set but found an integer`. */
export function expected(what: string, v: Value, frame: Frame, pc: number): EvalError {
  return new EvalError(`expected ${what} but found ${ops.describe(v)}`, posAt(frame, pc));
}

/** A `with` whose scope is not a set, as CppNix reports it: at the `with`, when a name is looked up in it. */
export function notASetOfWith(v: Value, scope: WithScope): EvalError {
  return new EvalError(`expected a set but found ${ops.describe(v)}`)
    .withoutPosition()
    .addTrace('while evaluating the first subexpression of a with expression', sitePos(scope.site as Blueprint | null, scope.sitePc));
}

/**
 * Runs the instruction `op` of `frame` whose operands start at `ip`, whole
 * (the loop left it untouched); returns where the next instruction starts.
 * None of them pushes a frame or needs one evaluated first.
 */
export function runRareOp(vm: VM, frame: Frame, op: number, ip: number, pc: number): number {
  const stack = vm.stack;
  const code = frame.code;
  switch (op) {
    case Op.Nop:
      return ip;
    // The general case of instructions whose usual one the loop runs
    // (vm.ts, `general`): operands of other types, results out of the safe
    // integer range, errors.
    case Op.Not:
      throw expected('a Boolean', stack[stack.length - 1], frame, pc);
    case Op.Add: {
      const b = stack.pop() as Value;
      const a = stack[stack.length - 1];
      stack[stack.length - 1] = typeof a === 'string' && typeof b === 'string' ? a + b : ops.add(a, b, vm, posAt(frame, pc));
      return ip;
    }
    // `a - b`, `a * b`, `a / b` and `-x` are calls of builtins in CppNix
    // (__sub, __mul, __div): one call too deep fails.
    case Op.Sub:
    case Op.Mul:
    case Op.Div: {
      if (vm.callDepth > vm.maxCallDepth) throw vm.overflow(frame, pc);
      const b = stack.pop() as Value;
      const a = stack[stack.length - 1];
      stack[stack.length - 1] = op === Op.Sub ? ops.sub(a, b) : op === Op.Mul ? ops.mul(a, b) : ops.div(a, b);
      return ip;
    }
    case Op.Less: {
      if (vm.callDepth > vm.maxCallDepth) throw vm.overflow(frame, pc);
      const b = stack.pop() as Value;
      try {
        stack[stack.length - 1] = ops.lessThan(stack[stack.length - 1], b, vm);
      } catch (e) {
        // Raised inside CppNix's __lessThan builtin: no position of its own.
        if (e instanceof NixError && e.pos === null) e.withoutPosition();
        throw e;
      }
      return ip;
    }
    case Op.Concat: {
      const b = stack.pop() as Value;
      const a = stack[stack.length - 1];
      if (!Array.isArray(a) || !Array.isArray(b)) {
        throw new EvalError(`expected a list but found ${ops.describe(Array.isArray(a) ? b : a)}`)
          .withoutPosition()
          .addTrace('while evaluating one of the elements to concatenate', posAt(frame, pc));
      }
      stack[stack.length - 1] = a.length === 0 ? b : b.length === 0 ? a : a.concat(b);
      return ip;
    }
    case Op.Update: {
      const a = stack[stack.length - 2];
      throw expected('a set', a instanceof NixAttrs ? stack[stack.length - 1] : a, frame, pc);
    }
    case Op.CoerceToString: {
      const flags = code[ip]!;
      stack[stack.length - 1] = ops.coerceToString(stack[stack.length - 1], flags, vm, posAt(frame, pc));
      return ip + 1;
    }
    case Op.PushWith:
      frame.withs = new WithScope(stack.pop() as Value, frame.withs, frame.blueprint, pc);
      return ip;
    case Op.PopWith:
      frame.withs = frame.withs!.parent;
      return ip;
    case Op.Negate: {
      if (vm.callDepth > vm.maxCallDepth) throw vm.overflow(frame, pc);
      const v = stack[stack.length - 1];
      stack[stack.length - 1] = typeof v === 'number' ? 0 - v + 0 : ops.sub(0, v);
      return ip;
    }
    case Op.AttrsDynamic: {
      const [k, next] = readVarint(code, ip);
      const positions = frame.constants[k] as Pos[];
      const pairs = stack.splice(stack.length - 2 * positions.length);
      const set = stack[stack.length - 1] as NixAttrs;
      stack[stack.length - 1] = ops.addDynamicAttrs(set, pairs, positions, vm.settings.storeDir);
      return next;
    }
    case Op.ApplyOverrides: {
      const [k, next] = readVarint(code, ip);
      const slots = frame.constants[k] as Map<string, number>;
      const overrides = stack.pop() as Value;
      if (!(overrides instanceof NixAttrs)) {
        throw new EvalError(`expected a set but found ${ops.describe(overrides)}`)
          .withoutPosition()
          .addTrace('while evaluating the `__overrides` attribute', null);
      }
      for (let i = 0; i < overrides.keys.length; i++) {
        const slot = slots.get(overrides.keys[i]!);
        if (slot !== undefined) stack[frame.base + slot] = overrides.values[i]!;
      }
      return next;
    }
    case Op.SelectDynamic: {
      const name = stack.pop() as string;
      const set = stack[stack.length - 1];
      if (!(set instanceof NixAttrs)) throw expected('a set', set, frame, pc);
      const v = set.get(name);
      if (v === undefined) throw ops.missingAttribute(name, set);
      frame.selectedFrom = set;
      frame.selectedName = name;
      frame.selectedAt = pc;
      stack[stack.length - 1] = v;
      return ip;
    }
    case Op.AssertAttrName: {
      const v = stack[stack.length - 1];
      if (typeof v !== 'string') stack[stack.length - 1] = ops.attrName(v, posAt(frame, pc), vm.settings.storeDir);
      return ip;
    }
    case Op.SelectOrDynamic:
    case Op.HasAttrStepDynamic: {
      const name = stack.pop() as string;
      const set = stack[stack.length - 1];
      const v = set instanceof NixAttrs ? set.get(name) : undefined;
      let next = ip;
      if (v === undefined) {
        if (op === Op.SelectOrDynamic) stack.pop();
        else stack[stack.length - 1] = false;
        next += code[ip]! | (code[ip + 1]! << 8);
      } else {
        frame.selectedFrom = set as NixAttrs;
        frame.selectedName = name;
        frame.selectedAt = pc;
        stack[stack.length - 1] = v;
      }
      return next + 2;
    }
    case Op.AssertFail: {
      const [k] = readVarint(code, ip);
      throw new AssertionError(`assertion '${frame.constants[k] as string}' failed`, posAt(frame, pc));
    }
    case Op.AssertEqual: {
      const b = stack.pop() as Value;
      const a = stack.pop() as Value;
      if (!ops.equal(a, b, vm)) {
        try {
          assertEqValues(a, b, vm, { pos: posAt(frame, pc), attrPos: (set, name) => set.posOf(name) });
        } catch (e) {
          // The explanation has no position of its own; the trace says where.
          if (e instanceof NixError && e.pos === null) e.withoutPosition();
          throw e;
        }
        // Values that are equal by CppNix's rules yet not ==: two functions.
        throw new AssertionError(
          'distinct functions and immediate comparisons of identical functions compare as unequal',
        ).withoutPosition();
      }
      return ip;
    }
    case Op.ResolveHomePath: {
      const [k, next] = readVarint(code, ip);
      stack.push(ops.homePath(frame.constants[k] as string, vm, posAt(frame, pc)));
      return next;
    }
    case Op.AssertAttrs: {
      const v = stack[stack.length - 1];
      if (!(v instanceof NixAttrs)) throw expected('a set', v, frame, pc);
      return ip;
    }
    case Op.ValidateClosedFormals:
      ops.validateClosedFormals(stack[stack.length - 1] as NixAttrs, frame.blueprint, posAt(frame, pc));
      return ip;
    case Op.MissingArgument: {
      const [k] = readVarint(code, ip);
      throw new EvalError(
        `function '${frame.blueprint.name ?? 'anonymous lambda'}' called without required argument '${frame.constants[k] as string}'`,
        frame.blueprint.pos,
      );
    }
    default:
      throw new Error(`internal: invalid opcode ${op} at ${pc}`);
  }
}

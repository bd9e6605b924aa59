// Lazy applications: what a builtin makes when it applies a function
// without calling it yet (map, genList, mapAttrs): a thunk of a small
// blueprint that calls its first upvalue with the rest.

import { Blueprint } from '../bytecode/blueprint.js';
import { Op } from '../bytecode/opcodes.js';
import { ApplyThunk, Closure, Thunk, type Value } from '../value/types.js';
import { computeShortcut } from './shortcut.js';

/** The blueprints of lazy applications, one per argument count, made when first needed. */
export class ApplyBlueprints {
  private readonly byArity: Blueprint[] = [];

  /** A blueprint whose code calls upvalue 0 with upvalues 1..n. */
  get(n: number): Blueprint {
    let bp = this.byArity[n];
    if (bp) return bp;
    bp = new Blueprint('thunk', null, null);
    const c = bp.chunk;
    c.writeByte(Op.ForceUpvalue);
    c.writeVarint(0);
    for (let i = 1; i <= n; i++) {
      c.writeByte(Op.GetUpvalue);
      c.writeVarint(i);
    }
    c.writeByte(Op.Call);
    c.writeVarint(n);
    c.writeByte(Op.Return);
    c.finish();
    bp.upvalueCount = n + 1;
    this.byArity[n] = bp;
    return bp;
  }
}

/** `fn args` as a thunk (Runtime.lazyCall). */
export function lazyApplication(applies: ApplyBlueprints, fn: Value, args: Value[]): Value {
  // Built element by element: a spread would allocate a backing store twice the size.
  const n = args.length;
  if (n === 1) {
    const arg = args[0];
    if (fn instanceof Closure) {
      // `x: x * 3 + 1` applied to an integer: computed now, still printing
      // as a thunk. A plain Thunk (genList makes millions) whose code is
      // the lambda, for force's call-depth check.
      const bp = fn.blueprint as Blueprint;
      const v = bp.shortcut === null ? undefined : computeShortcut(bp.shortcut, fn.upvalues, arg);
      if (v !== undefined) return Thunk.speculated(bp, v);
    }
    return new ApplyThunk(applies.get(1), fn, arg);
  }
  const env: Value[] = n === 2 ? [fn, args[0], args[1]] : [fn].concat(args);
  return new Thunk(applies.get(n), env);
}

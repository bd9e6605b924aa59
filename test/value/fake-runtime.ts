// A tiny stand-in for the VM, enough to exercise the value modules:
// thunks are either already evaluated or suspended computations given as
// JS callbacks, and "Nix functions" are JS callbacks wrapped in closures.

import type { EvalSettings, Runtime } from '../../src/builtins/runtime.js';
import { driveNested, Step, ThenStep } from '../../src/builtins/step.js';
import { EvalError, InfiniteRecursionError } from '../../src/errors/error.js';
import type { IO } from '../../src/io/io.js';
import { NixAttrs } from '../../src/value/attrs.js';
import { Closure, type CodeBlueprint, PrimOp, Thunk, ThunkState, type Value } from '../../src/value/types.js';

/** A blueprint for test closures and thunks, carrying a JS implementation. */
export class FakeBlueprint implements CodeBlueprint {
  readonly formals: ReadonlyMap<string, boolean> | null;
  readonly capturesWith = false;
  constructor(
    readonly name: string | null,
    readonly run: ((args: Value[]) => Value) | null,
    readonly where: string | null = null,
    formals: Array<[string, boolean]> | null = null,
    readonly ellipsis = false,
    readonly arg: string | null = null,
  ) {
    this.formals = formals === null ? null : new Map(formals);
  }
  describePos(): string | null {
    return this.where;
  }
}

/** A suspended thunk computing `fn()` when forced. */
export function lazy(fn: () => Value): Thunk {
  return new Thunk(new FakeBlueprint(null, () => fn()), []);
}

/** A closure running `fn` (one argument). */
export function lambda(fn: (arg: Value) => Value, name: string | null = null, pos: string | null = null): Closure {
  return new Closure(new FakeBlueprint(name, (args) => fn(args[0]!), pos), []);
}

export function attrs(obj: Record<string, Value>): NixAttrs {
  return NixAttrs.fromObject(obj);
}

const noIO = new Proxy({} as IO, {
  get() {
    throw new Error('no IO in tests');
  },
});

export const settings: EvalSettings = {
  pure: false,
  nixPath: [],
  currentSystem: 'x86_64-linux',
  storeDir: '/nix/store',
  nixVersion: '2.26.3',
  experimentalFeatures: new Set(),
};

export class FakeRuntime implements Runtime {
  readonly io = noIO;
  readonly settings = settings;
  forced = 0;

  force(v: Value): Value {
    if (!(v instanceof Thunk)) return v;
    if (v.state === ThunkState.Done) return v.value;
    if (v.state === ThunkState.Blackhole) throw new InfiniteRecursionError('infinite recursion encountered');
    const bp = v.code as FakeBlueprint;
    v.state = ThunkState.Blackhole;
    try {
      const r = this.force(bp.run!([]));
      v.state = ThunkState.Done;
      v.value = r;
      this.forced++;
      return r;
    } catch (e) {
      v.state = ThunkState.Suspended;
      throw e;
    }
  }

  forceDeep(v: Value): Value {
    const x = this.force(v);
    if (Array.isArray(x)) x.forEach((e) => this.forceDeep(e));
    else if (x instanceof NixAttrs) x.values.forEach((e) => this.forceDeep(e));
    return x;
  }

  forceDeepStep(v: Value, result: Value): Step {
    return new ThenStep(null, () => {
      this.forceDeep(v);
      return result;
    });
  }

  call(fn: Value, args: Value[]): Value {
    const f = this.force(fn);
    if (f instanceof Closure) {
      const r = (f.blueprint as FakeBlueprint).run!(args);
      return this.force(r);
    }
    if (f instanceof PrimOp) {
      const r = f.fn(args, this);
      return r instanceof Step
        ? driveNested(
            r,
            (v) => this.force(v),
            (g, a) => this.call(g, a),
          )
        : this.force(r);
    }
    throw new EvalError('attempt to call something which is not a function');
  }

  checkLimits(): void {}

  lazyCall(fn: Value, args: Value[]): Value {
    return lazy(() => this.call(fn, args));
  }

  warn(): void {}
  trace(): void {}
}

// The list builtins that call a Nix function on each element (foldl',
// filter, concatMap, any, all, partition, groupBy), as steps the VM drives
// (step.ts): each call goes on the VM's frame stack, so a function that
// recurses through one of them is limited by max-call-depth alone.
//
// Their arguments are evaluated as CppNix's primops force them: what CppNix
// forces first is strict in the primop (the VM evaluates it, with the check
// CppNix makes before forcing the next); the function filter forces only
// for a non-empty list is forced by the step.

import { NixError } from '../errors/error.js';
import { NixAttrs } from '../value/attrs.js';
import { expectFunction, typeError } from '../value/check.js';
import type { Pos } from '../errors/source.js';
import type { ArgCheck, Value } from '../value/types.js';
import { argStringNoContext, withTrace } from './argcheck.js';
import type { Runtime } from './runtime.js';
import { Step, type StepDriver, type StepResult, SUSPEND } from './step.js';

/** A forced function (forceFunction's check): `ctx` on the type error. */
export function checkedFunction(v: Value, ctx: string): void {
  try {
    expectFunction(v);
  } catch (e) {
    throw withTrace(e, ctx);
  }
}

/** A forced list (forceList's check): `ctx` on the type error. */
export function checkedList(v: Value, ctx: string): Value[] {
  if (Array.isArray(v)) return v;
  throw typeError('a list', v).addTrace(ctx, null);
}

/** A forced Boolean (a predicate's result): `ctx` on the type error. */
export function checkedBool(r: Value, ctx: string): boolean {
  if (typeof r === 'boolean') return r;
  throw typeError('a Boolean', r).addTrace(ctx, null);
}

/** The check of strict argument `i`, a function (forceFunction): `ctx` on its evaluation errors and its type error. */
export function functionArg(i: number, ctx: string): ArgCheck {
  return { forceCtx: ctx, check: (args) => checkedFunction(args[i]!, ctx) };
}

/**
 * A step that adds CppNix's trace line to an error raised by the value it
 * is forcing (forceFunction's, forceInt's): `forcing` is that line while
 * the value is being computed.
 */
export abstract class ContextStep extends Step {
  protected forcing: string | null = null;

  protected forceWith(d: StepDriver, v: Value, ctx: string): Value | typeof SUSPEND {
    // Set first: the driver may evaluate it at once, and fail.
    this.forcing = ctx;
    const r = d.force(v);
    if (r !== SUSPEND) this.forcing = null;
    return r;
  }

  override recover(_d: StepDriver, err: NixError): StepResult {
    if (this.forcing !== null) err.addTrace(this.forcing, null);
    this.forcing = null;
    throw err;
  }
}

/** foldl' op init list: strict in the accumulator, each call's result forced before the next call. */
export class FoldlStep extends Step {
  private i = 0;
  private readonly args: Value[] = [null, null];

  constructor(
    private readonly fn: Value,
    private readonly list: Value[],
    private acc: Value,
  ) {
    super();
  }

  resume(d: StepDriver, input: Value): StepResult {
    if (this.i > 0) this.acc = input;
    const { fn, list, args } = this;
    while (this.i < list.length) {
      args[0] = this.acc;
      args[1] = list[this.i++]!;
      const r = d.call(fn, args);
      if (r === SUSPEND) return SUSPEND;
      this.acc = r;
    }
    return this.acc;
  }
}

/** Where an EachStep is: what the value it is resumed with is. */
const enum Each {
  /** Nothing asked yet. */
  Start,
  /** The function, being forced (filter forces it only for a non-empty list). */
  Function,
  /** The element about to be passed, being forced (partition). */
  Element,
  /** The result of the call on element i - 1. */
  Result,
}

/** Calls `fn` on each element in order, handing each result to `take`, which may end it early. */
abstract class EachStep extends ContextStep {
  protected i = 0;
  private at = Each.Start;
  private readonly args: Value[] = [null];
  /** Whether each element is evaluated before the call (partition). */
  protected forcesElements = false;

  constructor(
    protected fn: Value,
    protected readonly list: Value[],
    /** For a function not yet forced: forceFunction's trace line. */
    private readonly fnCtx: string | null = null,
  ) {
    super();
  }

  /** Takes the result for element i; returns a result to end with, or undefined to go on. */
  protected abstract take(i: number, r: Value): StepResult | undefined;
  protected abstract finish(): StepResult;

  resume(d: StepDriver, input: Value): StepResult {
    this.forcing = null;
    if (this.at === Each.Start && this.fnCtx !== null) {
      this.at = Each.Function;
      const f = this.forceWith(d, this.fn, this.fnCtx);
      if (f === SUSPEND) return SUSPEND;
      input = f;
    }
    if (this.at === Each.Function) {
      this.fn = input;
      checkedFunction(input, this.fnCtx!);
    } else if (this.at === Each.Result) {
      const end = this.take(this.i - 1, input);
      if (end !== undefined) return end;
    }
    const { fn, list, args } = this;
    while (this.i < list.length) {
      const x = list[this.i]!;
      if (this.forcesElements && this.at !== Each.Element) {
        this.at = Each.Element;
        if (d.force(x) === SUSPEND) return SUSPEND;
      }
      this.i++;
      args[0] = x;
      const r = d.call(fn, args);
      if (r === SUSPEND) {
        this.at = Each.Result;
        return SUSPEND;
      }
      this.at = Each.Result;
      const end = this.take(this.i - 1, r);
      if (end !== undefined) return end;
    }
    return this.finish();
  }
}

export class FilterStep extends EachStep {
  private readonly out: Value[] = [];

  protected take(i: number, r: Value): undefined {
    if (checkedBool(r, 'while evaluating the return value of the filtering function passed to builtins.filter'))
      this.out.push(this.list[i]!);
    return undefined;
  }

  protected finish(): StepResult {
    return this.out.length === this.list.length ? this.list : this.out;
  }
}

export class AnyAllStep extends EachStep {
  constructor(
    private readonly any: boolean,
    fn: Value,
    list: Value[],
  ) {
    super(fn, list);
  }

  protected take(_i: number, r: Value): StepResult | undefined {
    const ctx = `while evaluating the return value of the function passed to builtins.${this.any ? 'any' : 'all'}`;
    return checkedBool(r, ctx) === this.any ? this.any : undefined;
  }

  protected finish(): StepResult {
    return !this.any;
  }
}

export class PartitionStep extends EachStep {
  private readonly right: Value[] = [];
  private readonly wrong: Value[] = [];
  protected override forcesElements = true;

  protected take(i: number, r: Value): undefined {
    const ctx = 'while evaluating the return value of the partition function passed to builtins.partition';
    (checkedBool(r, ctx) ? this.right : this.wrong).push(this.list[i]!);
    return undefined;
  }

  protected finish(): StepResult {
    return new NixAttrs(PARTITION_KEYS, [this.right, this.wrong]);
  }
}

const PARTITION_KEYS: readonly string[] = ['right', 'wrong'];

export class GroupByStep extends EachStep {
  private readonly groups = new Map<string, Value[]>();

  constructor(
    private readonly rt: Runtime,
    fn: Value,
    list: Value[],
  ) {
    super(fn, list);
  }

  protected take(i: number, r: Value): undefined {
    const name =
      typeof r === 'string'
        ? r
        : argStringNoContext(this.rt, r, 'while evaluating the return value of the grouping function passed to builtins.groupBy');
    const x = this.list[i]!;
    const group = this.groups.get(name);
    if (group === undefined) this.groups.set(name, [x]);
    else group.push(x);
    return undefined;
  }

  protected finish(): StepResult {
    const keys = Array.from(this.groups.keys()).sort();
    return new NixAttrs(
      keys,
      keys.map((k) => this.groups.get(k)!),
    );
  }
}

/** concatMap: every result must be a list; joined at the end. */
export class ConcatMapStep extends EachStep {
  private readonly parts: Value[][] = [];

  constructor(
    private readonly join: (parts: Value[][]) => Value[],
    private readonly fnPos: () => Pos | null,
    fn: Value,
    list: Value[],
  ) {
    super(fn, list);
  }

  protected take(_i: number, r: Value): undefined {
    if (!Array.isArray(r))
      throw typeError('a list', r).addTrace('while evaluating the return value of the function passed to builtins.concatMap', this.fnPos());
    this.parts.push(r);
    return undefined;
  }

  protected finish(): StepResult {
    return this.join(this.parts);
  }
}

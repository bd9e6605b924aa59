// builtins.sort: libstdc++'s std::stable_sort, as CppNix calls it
// (stable-sort.ts), with the comparator's calls made by a step (step.ts) on
// the VM's frame stack. The sorter stops at each comparison; the step
// answers by calling the Nix comparator, `sortWith` from a JS function
// (builtins.lessThan, CppNix's direct comparison).

import { NixError } from '../errors/error.js';
import { lessThan } from '../value/equality.js';
import { PrimOp, type Value } from '../value/types.js';
import type { Runtime } from './runtime.js';
import { checkedBool, checkedFunction } from './list-steps.js';
import { StableSorter } from './stable-sort.js';
import { Step, type StepDriver, type StepResult, SUSPEND } from './step.js';

/** Sorts `a` in place, stably, with `less` (a JS comparison), comparing the pairs std::stable_sort compares. */
export function sortWith(a: Value[], less: (x: Value, y: Value) => boolean): void {
  const sorter = new StableSorter(a);
  for (let answer = false; sorter.next(answer);) answer = less(sorter.a, sorter.b);
}

const SORT_FN_CTX = 'while evaluating the first argument passed to builtins.sort';
const SORT_RESULT_CTX = 'while evaluating the return value of the sorting function passed to builtins.sort';

/** What a SortStep is resumed with. */
const enum At {
  Start,
  Function,
  /** Element `i`, being evaluated (every element is, in order, before the sort). */
  Element,
  /** The comparator's answer. */
  Answer,
}

export class SortStep extends Step {
  private at = At.Start;
  private i = 0;
  private values: Value[] = [];
  private allValues = true;
  private sorter: StableSorter | null = null;
  private readonly args: Value[] = [null, null];
  /** The order being sorted: indices into `values` while the list has thunks, else the list's copy. */
  private order: Value[] = [];

  constructor(
    private fn: Value,
    private readonly list: Value[],
    private readonly rt: Runtime,
  ) {
    super();
  }

  resume(d: StepDriver, input: Value): StepResult {
    const list = this.list;
    if (this.at === At.Start) {
      this.at = At.Function;
      const f = d.force(this.fn);
      if (f === SUSPEND) return SUSPEND;
      input = f;
    }
    if (this.at === At.Function) {
      this.at = At.Element;
      this.fn = input;
      checkedFunction(input, SORT_FN_CTX);
      this.values = new Array<Value>(list.length);
    } else if (this.at === At.Element) {
      // It was a thunk, evaluated just now.
      this.allValues = false;
      this.values[this.i++] = input;
    } else {
      return this.compare(d, !this.sorter!.next(checkedBool(input, SORT_RESULT_CTX)));
    }
    while (this.i < list.length) {
      const x = list[this.i]!;
      const v = d.force(x);
      if (v === SUSPEND) return SUSPEND;
      if (v !== x) this.allValues = false;
      this.values[this.i++] = v;
    }
    return this.sort(d);
  }

  override recover(_d: StepDriver, err: NixError): StepResult {
    if (this.at === At.Function) err.addTrace(SORT_FN_CTX, null);
    throw err;
  }

  /** With every element evaluated: CppNix's direct comparison for lessThan, else the comparator. */
  private sort(d: StepDriver): StepResult {
    const { fn, list, values, rt } = this;
    if (fn instanceof PrimOp && fn.name === 'lessThan') {
      const out = list.slice();
      if (sortScalars(out, values)) return out;
      sortWith(out, (a, b) => {
        try {
          return lessThan(a, b, rt);
        } catch (e) {
          if (e instanceof NixError) e.addTrace('while evaluating the ordering function passed to builtins.sort', null);
          throw e;
        }
      });
      return out;
    }
    // The comparator gets the elements' values, not their evaluated thunks:
    // it cannot tell them apart, and a value needs no forcing. The result
    // keeps the cells, so while there are thunks the list is sorted by position.
    if (this.allValues) this.order = list.slice();
    else {
      const order: Value[] = new Array<Value>(list.length);
      for (let i = 0; i < list.length; i++) order[i] = i;
      this.order = order;
    }
    this.sorter = new StableSorter(this.order);
    this.at = At.Answer;
    return this.compare(d, !this.sorter.next(false));
  }

  /** Asks the comparator until it must wait for one, or the sort is done. */
  private compare(d: StepDriver, done: boolean): StepResult {
    const { sorter, args, values } = this;
    const byPosition = !this.allValues;
    while (!done) {
      args[0] = byPosition ? values[sorter!.a as number]! : sorter!.a;
      args[1] = byPosition ? values[sorter!.b as number]! : sorter!.b;
      const r = d.call(this.fn, args);
      if (r === SUSPEND) return SUSPEND;
      done = !sorter!.next(checkedBool(r, SORT_RESULT_CTX));
    }
    if (!byPosition) return this.order;
    const list = this.list;
    return this.order.map((i) => list[i as number]!);
  }
}

/**
 * libstdc++'s std::stable_sort, step for step (GCC 12+, with its temporary
 * buffer of half the range): insertion sort on chunks of 7, then buffered
 * merge passes, then one adaptive merge of the two halves. With a
 * consistent comparator any stable sort gives the same result; with an
 * inconsistent one, or one that traces or throws, CppNix's result depends on
 * exactly which pairs are compared in which order, so this mirrors it.
 */
/**
 * `sort lessThan` on a list of only ints or only strings: a total order, so
 * any stable sort gives std::stable_sort's result, and the native one is
 * much faster. Sorts `cells` in place and returns true, or returns false
 * (leaving `cells` alone) for any other list.
 */
function sortScalars(cells: Value[], forcedValues: Value[]): boolean {
  const n = cells.length;
  const values: (number | string)[] = new Array<number | string>(n);
  const first = forcedValues[0]!;
  const kind = typeof first;
  if (kind !== 'number' && kind !== 'string') return false;
  for (let i = 0; i < n; i++) {
    const v = forcedValues[i]!;
    if (typeof v !== kind) return false;
    values[i] = v as number | string;
  }
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (kind === 'number') order.sort((x, y) => (values[x] as number) - (values[y] as number));
  else
    order.sort((x, y) => {
      const a = values[x]!;
      const b = values[y]!;
      return a < b ? -1 : a > b ? 1 : 0;
    });
  const copy = cells.slice();
  for (let i = 0; i < n; i++) cells[i] = copy[order[i]!]!;
  return true;
}

// CppNix's forceValueDeep (deepSeq, --strict) as a step: every list element
// and attribute value, depth first, with an explicit path (nesting must not
// grow the JS stack), and on failure the trace of the path to the failing
// value. Each value visited counts against max-call-depth while it is being
// forced, and each set or list while its contents are, as in the newer Nix
// of the language suite (eval-fail-deepseq-stack-overflow); 2.26 recurses
// on the C++ stack until it overflows.

import { EvalError, type NixError } from '../errors/error.js';
import { printIdentifier } from '../syntax/printer.js';
import type { SymbolTable } from '../syntax/symbols.js';
import { Step, type StepDriver, type StepResult, SUSPEND } from '../builtins/step.js';
import { NixAttrs } from '../value/attrs.js';
import type { Value } from '../value/types.js';

/** The VM's count of active calls, which forceDeep's levels add to. */
export interface CallCounter {
  callDepth: number;
  readonly maxCallDepth: number;
  readonly symbols: SymbolTable;
}

interface Level {
  container: Value[] | NixAttrs;
  next: number;
  order: number[] | null;
}

export class ForceDeepStep extends Step {
  private readonly seen = new Set<object>();
  private readonly path: Level[] = [];
  private depthBefore = -1;

  constructor(
    private readonly vm: CallCounter,
    private readonly value: Value,
    private readonly result: Value,
  ) {
    super();
  }

  resume(d: StepDriver, input: Value): StepResult {
    const vm = this.vm;
    const path = this.path;
    if (this.depthBefore < 0) {
      this.depthBefore = vm.callDepth;
      this.descend();
      const v = d.force(this.value);
      if (v === SUSPEND) return SUSPEND;
      input = v;
    }
    for (;;) {
      // `input` is the value forced last: the top one, or the element the path's top level is at.
      this.enter(input);
      let next: Value | undefined;
      while (next === undefined && path.length > 0) {
        const level = path[path.length - 1]!;
        const c = level.container;
        const items = Array.isArray(c) ? c : c.values;
        if (level.next >= items.length) {
          path.pop();
          vm.callDepth--;
          continue;
        }
        const i = level.next++;
        this.descend();
        const v = d.force(items[level.order === null ? i : level.order[i]!]);
        if (v === SUSPEND) return SUSPEND;
        next = v;
      }
      if (next === undefined) break;
      input = next;
    }
    vm.callDepth = this.depthBefore;
    return this.result;
  }

  override recover(_d: StepDriver, err: NixError): StepResult {
    this.vm.callDepth = this.depthBefore;
    const path = this.path;
    for (let i = path.length - 1; i >= 0; i--) {
      const { container, next, order } = path[i]!;
      if (Array.isArray(container)) err.addTrace(`while evaluating list element at index ${next - 1}`, null);
      else {
        const name = container.keys[order === null ? next - 1 : order[next - 1]!]!;
        err.addTrace(`while evaluating the attribute '${printIdentifier(name)}'`, container.posOf(name));
      }
    }
    path.length = 0;
    throw err;
  }

  private descend(): void {
    const vm = this.vm;
    if (++vm.callDepth > vm.maxCallDepth + 1) throw new EvalError('stack overflow; max-call-depth exceeded');
  }

  /** A forced value: its contents are visited next, unless it was seen already or has none. */
  private enter(w: Value): void {
    if ((Array.isArray(w) || w instanceof NixAttrs) && !this.seen.has(w)) {
      this.seen.add(w);
      this.path.push({ container: w, next: 0, order: w instanceof NixAttrs ? this.vm.symbols.order(w.keys) : null });
    } else this.vm.callDepth--;
  }
}

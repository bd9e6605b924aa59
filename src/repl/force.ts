// What the REPL prints is forced before it is printed, as a step on the
// VM's frame stack (so Ctrl-C can stop it at any point): the value itself,
// and the sets and lists inside it down to the depth the printer shows
// (one level for a plain expression, all of them for `:p`). A derivation
// is shown by its `.drv` path, so its `type` and `drvPath` are forced
// instead of its attributes.
//
// An error in the value itself ends the step; one inside it is left in its
// thunk (the VM marks the thunk failed), and the printer shows it there as
// `«error: ...»`, as CppNix's REPL does.

import type { NixError } from '../errors/error.js';
import { SUSPEND, Step, type StepDriver, type StepResult } from '../builtins/step.js';
import { NixAttrs } from '../value/attrs.js';
import { NixString, type Value } from '../value/types.js';

/** A value to force, and how deep below the top it is. */
interface Pending {
  readonly cell: Value;
  readonly depth: number;
  /** What to do with the forced value: look inside it, or only check it is a derivation's `type`. */
  readonly role: 'value' | 'type' | 'drvPath';
  /** For `type`: the set it belongs to. */
  readonly owner?: NixAttrs;
}

export class ForceForPrintStep extends Step {
  private readonly pending: Pending[];
  private current: Pending | null = null;
  /** Sets and lists already looked inside: a value that holds itself is walked once. */
  private readonly visited = new Set<unknown>();

  constructor(
    private readonly top: Value,
    /** The depth below which the printer shows `{ ... }`: sets and lists deeper are not forced. */
    private readonly maxDepth: number,
  ) {
    super();
    this.pending = [{ cell: top, depth: 0, role: 'value' }];
  }

  resume(d: StepDriver, input: Value): StepResult {
    if (this.current !== null) {
      const done = this.current;
      this.current = null;
      this.visit(done, input);
    }
    for (;;) {
      const next = this.pending.pop();
      if (next === undefined) return this.top;
      const v = d.force(next.cell);
      if (v === SUSPEND) {
        this.current = next;
        return SUSPEND;
      }
      this.visit(next, v);
    }
  }

  /** An error inside the value stays in its thunk for the printer; one of the value itself is the REPL's error. */
  override recover(d: StepDriver, err: NixError): StepResult {
    const failed = this.current;
    this.current = null;
    if (failed === null || failed.depth === 0) throw err;
    return this.resume(d, null);
  }

  /** Queues what is inside a forced value (its last elements first, so the first is forced first). */
  private visit(p: Pending, v: Value): void {
    if (p.role === 'type') {
      if (isDerivationType(v)) {
        const drvPath = p.owner!.get('drvPath');
        if (drvPath !== undefined) this.pending.push({ cell: drvPath, depth: p.depth, role: 'drvPath' });
      } else this.queueChildren(p.owner!, p.depth);
      return;
    }
    if (p.role === 'drvPath' || p.depth > this.maxDepth) return;
    if (v instanceof NixAttrs) {
      if (this.visited.has(v)) return;
      this.visited.add(v);
      const type = v.get('type');
      if (type !== undefined) this.pending.push({ cell: type, depth: p.depth, role: 'type', owner: v });
      else this.queueChildren(v, p.depth);
    } else if (Array.isArray(v) && p.depth < this.maxDepth) {
      if (this.visited.has(v)) return;
      this.visited.add(v);
      for (let i = v.length - 1; i >= 0; i--) this.pending.push({ cell: v[i]!, depth: p.depth + 1, role: 'value' });
    }
  }

  private queueChildren(attrs: NixAttrs, depth: number): void {
    if (depth >= this.maxDepth) return;
    const values = attrs.values;
    for (let i = values.length - 1; i >= 0; i--) this.pending.push({ cell: values[i]!, depth: depth + 1, role: 'value' });
  }
}

function isDerivationType(v: Value): boolean {
  return v === 'derivation' || (v instanceof NixString && v.value === 'derivation');
}

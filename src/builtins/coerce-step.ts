// Coercion to a string as a step (step.ts): builtins.toString of a list
// and the items of concatStringsSep are forced on the VM's frame stack, so
// Nix recursion through them (`f n = toString [ (f (n - 1)) ]`) and lists
// nested thousands deep take no JS stack.
//
// The rules are value/coerce.ts's: this step walks lists itself, one level
// of its own stack per open list, and hands every other value, once
// forced, to coerceToString (sets with `__toString` or `outPath` still
// nest there, as rare in deep recursion as they are in CppNix's profiles).
// Errors get coerceToString's trace lines: the list levels open add theirs
// on the way out, innermost first.

import { NixError } from '../errors/error.js';
import { type CoerceOptions, coerceToString, mergeContexts } from '../value/coerce.js';
import { makeString, NixString, Thunk, type Value } from '../value/types.js';
import type { Runtime } from './runtime.js';
import { Step, type StepDriver, type StepResult, SUSPEND } from './step.js';

/** A list being coerced: where it is, and what it has made so far. */
interface ListLevel {
  readonly list: Value[];
  /** The next item to coerce. */
  i: number;
  text: string;
  context: readonly string[];
}

const ELEMENT_CTX = 'while evaluating one element of the list';

export class CoerceStep extends Step {
  private readonly levels: ListLevel[] = [];
  private readonly inner: CoerceOptions;
  private started = false;

  constructor(
    private readonly value: Value,
    private readonly rt: Runtime,
    private readonly opts: CoerceOptions,
  ) {
    super();
    this.inner = { ...opts, errorCtx: ELEMENT_CTX };
  }

  resume(d: StepDriver, input: Value): StepResult {
    if (!this.started) {
      this.started = true;
      const v = d.force(this.value);
      if (v === SUSPEND) return SUSPEND;
      input = v;
    }
    for (;;) {
      // `input`: the value forced last, the whole value or the item the top level is at.
      // An error here goes to recover too, which adds the trace lines.
      let part = this.coerceForced(input);
      // Each finished piece goes into the list around it; a finished list into its own.
      while (part !== null) {
        const level = this.levels[this.levels.length - 1];
        if (level === undefined) return part;
        this.append(level, part);
        part = level.i < level.list.length ? null : this.close();
      }
      const level = this.levels[this.levels.length - 1]!;
      const next = d.force(level.list[level.i++]!);
      if (next === SUSPEND) return SUSPEND;
      input = next;
    }
  }

  /** An error while an item was forced or coerced: the list levels' trace lines, then on its way. */
  override recover(_d: StepDriver, err: NixError): StepResult {
    this.addTraces(err);
    throw err;
  }

  /** A forced value's string, or null when it opened a list (its items come next). */
  private coerceForced(v: Value): string | NixString | null {
    if (typeof v === 'string' || v instanceof NixString) return v;
    if (Array.isArray(v) && this.opts.coerceMore === true) {
      this.levels.push({ list: v, i: 0, text: '', context: [] });
      return v.length === 0 ? this.close() : null;
    }
    return coerceToString(v, this.rt, this.levels.length === 0 ? this.opts : this.inner);
  }

  private append(level: ListLevel, part: string | NixString): void {
    if (typeof part === 'string') level.text += part;
    else {
      level.text += part.value;
      level.context = mergeContexts(level.context, part.context);
    }
    // A space after each item but the last, except after an empty list (CppNix's quirk).
    if (level.i < level.list.length) {
      const cell = level.list[level.i - 1]!;
      const item = cell instanceof Thunk ? cell.value : cell;
      if (!(Array.isArray(item) && item.length === 0)) level.text += ' ';
    }
  }

  /** Ends the top list: its string. */
  private close(): string | NixString {
    const level = this.levels.pop()!;
    return makeString(level.text, level.context);
  }

  /** The trace lines coerceToString's nested calls add, one per open list, innermost first. */
  private addTraces(err: NixError): void {
    for (let k = this.levels.length - 1; k >= 0; k--) {
      const ctx = k === 0 ? this.opts.errorCtx : ELEMENT_CTX;
      if (ctx !== undefined) err.addTrace(ctx, this.opts.pos ?? null);
    }
  }
}

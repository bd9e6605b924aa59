// A call frame: one running function body, thunk body or file.
//
// Frames live in a pool owned by the VM and are reused, so a call allocates
// nothing but what the Nix code itself makes.

import type { Blueprint } from '../bytecode/blueprint.js';
import type { NixAttrs } from '../value/attrs.js';
import type { NixError } from '../errors/error.js';
import type { Step } from '../builtins/step.js';
import type { PrimOp } from '../value/types.js';
import type { Thunk, Value, WithScope } from '../value/types.js';
import type { Pos } from '../errors/source.js';

export class Frame {
  blueprint!: Blueprint;
  code!: Uint8Array;
  constants!: unknown[];
  /** Next instruction; while a callee runs, the return address. */
  ip = 0;
  /** While a callee runs or an error unwinds: the instruction that started it. */
  pc = 0;
  /** Stack index of local slot 0. */
  base = 0;
  upvalues!: Value[];
  withs: WithScope | null = null;
  /** For a thunk body: the thunk to update with the result. */
  thunk: Thunk | null = null;
  /** Where the result goes when the frame returns. */
  resultSlot = 0;
  /** Stack height to restore (before storing the result) when the frame returns. */
  restoreSp = 0;
  /** Arguments still to apply to the result (a call `f a b` of a one-argument lambda). */
  pending: Value[] | null = null;
  /** Whether the frame is a function call, counted against max-call-depth. */
  isCall = false;
  /**
   * For a call: the code and instruction it was called from (null from a
   * builtin), for the `from call site` trace line. Kept as an offset, turned
   * into a position only when an error needs it.
   */
  site: Blueprint | null = null;
  sitePc = 0;
  /**
   * The last attribute a selection in this frame found (set, name and the
   * instruction), for the `from the definition of` trace line.
   */
  selectedFrom: NixAttrs | null = null;
  /** For a thunk evaluated as a strict argument of a builtin: that builtin (for the trace). */
  argOf: PrimOp | null = null;
  /** With argOf: the trace line the builtin's force adds (PrimOp.checks' forceCtx), if any. */
  argCtx: string | null = null;
  /** Builtin calls this frame is inside of (EnterBuiltin), counted in callDepth: undone when it unwinds. */
  builtinDepth = 0;
  /** For a step frame (builtins/step.ts): the step its Resume instruction drives; the values it asks for land in stack[base]. */
  step: Step | null = null;
  /** An error for the step's recover (set by unwind), and whether recover is running (so its own throw goes on). */
  stepError: NixError | null = null;
  recovering = false;
  /** A call the step asked for whose strict argument is being evaluated first: its argument count (-1: none). */
  redoArgc = -1;
  selectedName = '';
  selectedAt = -1;
}

/** A frame's result slot when the value is wanted only in the thunk (a `with` scope's set). */
export const NO_SLOT = -1;

/** The environment of code that captures nothing: environments are never written to, so one serves all. */
export const NO_VALUES: Value[] = [];

/** Where instruction `pc` of `frame` is. */
export function posAt(frame: Frame, pc: number): Pos | null {
  return frame.blueprint.chunk.posAt(pc);
}

/** The position of instruction `pc` of `site`, computed only when an error needs it. */
export function sitePos(site: Blueprint | null, pc: number): Pos | null {
  return site === null ? null : site.chunk.posAt(pc);
}

/**
 * Shrinks the stack to `length`. Popping is much cheaper in V8 than
 * assigning `length`, which goes through the runtime.
 */
export function truncate(stack: Value[], length: number): void {
  while (stack.length > length) stack.pop();
}

/** Removes the top `n` values, returning them bottom first. */
export function popN(stack: Value[], n: number): Value[] {
  const start = stack.length - n;
  const out: Value[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = stack[start + i];
  truncate(stack, start);
  return out;
}

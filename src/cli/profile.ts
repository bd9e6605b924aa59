// `tsnix eval --profile-vm`: what the VM's loop spent its instructions on,
// printed on stderr when the command ends. An observer on the tracer hook
// (the loop calls it before each instruction), so a run without the flag
// pays nothing; with it, the run is a few times slower, the counts exact.
//
// It reports the opcodes executed, the pairs of consecutive opcodes in the
// same frame (candidates for superinstructions), and the blueprints
// (functions, thunks, files) by instructions executed and times entered.

import type { Blueprint } from '../bytecode/blueprint.js';
import { OPCODE_COUNT, opInfo } from '../bytecode/opcodes.js';
import type { Value } from '../value/types.js';
import type { Frame } from '../vm/frame.js';

/** Rows printed in each table. */
const TOP = 25;

interface BlueprintCount {
  instructions: number;
  entries: number;
}

export class VMProfile {
  private readonly ops = new Float64Array(OPCODE_COUNT);
  private readonly pairs = new Float64Array(OPCODE_COUNT * OPCODE_COUNT);
  private readonly blueprints = new Map<Blueprint, BlueprintCount>();
  private lastFrame: Frame | null = null;
  private lastBlueprint: Blueprint | null = null;
  private lastOp = -1;
  private current: BlueprintCount | null = null;
  private total = 0;
  private readonly started = performance.now();

  /** The tracer hook: counts the instruction at `ip` of `frame`. */
  readonly observe = (frame: Frame, ip: number, _stack: readonly Value[]): void => {
    const op = frame.code[ip]!;
    this.total++;
    this.ops[op]!++;
    const bp = frame.blueprint;
    // A frame is reused once it returns: the same frame with another blueprint, or ip 0, is a new entry.
    if (frame !== this.lastFrame || bp !== this.lastBlueprint || ip === 0) {
      let count = this.blueprints.get(bp);
      if (count === undefined) this.blueprints.set(bp, (count = { instructions: 0, entries: 0 }));
      if (ip === 0) count.entries++;
      this.current = count;
      this.lastOp = frame === this.lastFrame && bp === this.lastBlueprint ? this.lastOp : -1;
    }
    if (this.lastOp >= 0 && ip !== 0) this.pairs[this.lastOp * OPCODE_COUNT + op]!++;
    this.current!.instructions++;
    this.lastFrame = frame;
    this.lastBlueprint = bp;
    this.lastOp = op;
  };

  /** The report, as text. */
  report(): string {
    const ms = performance.now() - this.started;
    const pct = (n: number): string => `${((100 * n) / Math.max(1, this.total)).toFixed(1).padStart(5)}%`;
    const lines: string[] = [`VM profile: ${this.total} instructions in ${ms.toFixed(0)} ms (with the profiler's own cost)`, ''];
    lines.push('opcodes:');
    for (const [op, n] of top([...this.ops.entries()])) lines.push(`  ${pct(n)} ${String(n).padStart(12)}  ${opInfo(op).name}`);
    lines.push('', 'pairs (in one frame, one after the other):');
    const pairs = [...this.pairs.entries()].map(([i, n]): [string, number] => [
      `${opInfo(Math.floor(i / OPCODE_COUNT)).name} -> ${opInfo(i % OPCODE_COUNT).name}`,
      n,
    ]);
    for (const [name, n] of top(pairs)) lines.push(`  ${pct(n)} ${String(n).padStart(12)}  ${name}`);
    lines.push('', 'blueprints, by instructions (entered: times its code started):');
    const bps = [...this.blueprints].map(([bp, c]): [Blueprint, number] => [bp, c.instructions]);
    for (const [bp, n] of top(bps)) {
      const where = bp.describePos() ?? '(no position)';
      const entries = this.blueprints.get(bp)!.entries;
      lines.push(`  ${pct(n)} ${String(n).padStart(12)}  entered ${String(entries).padStart(10)}  ${bp.kind} ${bp.name ?? ''} ${where}`);
    }
    return lines.join('\n') + '\n';
  }
}

/** The TOP largest non-zero counts. */
function top<K>(entries: Array<[K, number]>): Array<[K, number]> {
  return entries
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP);
}

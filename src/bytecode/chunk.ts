// A Chunk: the bytecode of one function or thunk body, its constants, and
// the source position of every instruction.

import type { Pos } from '../errors/source.js';
import { Op, opInfo, type Operand } from './opcodes.js';

/** Jumps whose offset does not fit in 16 bits; the compiler catches it and splits the code. */
export class JumpTooLong extends Error {}

/**
 * A range of code whose errors gain a trace line, as CppNix's `try { ... }
 * catch (e) { e.addTrace(...) }` around the evaluation of an expression.
 * Consulted only while an error unwinds, so it costs nothing otherwise.
 */
export interface TraceRange {
  start: number;
  end: number;
  message: string;
  pos: Pos | null;
  /** A selection: also `from the definition of` the attribute it last found. */
  select: boolean;
}

/** The code of a chunk not finished yet. */
const NO_CODE = new Uint8Array(0);

export class Chunk {
  /** The code, once finished (see `finish`). */
  private finished: Uint8Array = NO_CODE;
  /**
   * The code while it is written: a plain array grows at less cost than a
   * typed one, and most chunks (thunk bodies) are a few bytes long.
   */
  private writing: number[] | null = [];
  /** Bytes of code written. */
  length = 0;
  constants: unknown[] = [];
  /** The index of each primitive constant (where it first appears), while writing. */
  private constantIndex: Map<unknown, number> | null = null;
  /** Trace ranges, in the order their code ends (inner ranges first). */
  traces: TraceRange[] = [];
  /**
   * Constants that are values of the global scope (`map`, `builtins.elemAt`,
   * `builtins.currentTime`), by constant index: `g` + the global's name or
   * `b` + the builtin's. Unlike literals, they are the evaluator's own, so
   * a chunk read back from the bytecode cache takes them from its globals.
   */
  globalRefs: Map<number, string> | null = null;
  /** Run-length positions: from code offset spanStarts[i] on, the position is spanPos[i]. */
  private spanStarts: number[] = [];
  private spanPos: Array<Pos | null> = [];

  /** A finished chunk made of its parts (the bytecode cache's reader). */
  static restore(
    code: Uint8Array,
    constants: unknown[],
    traces: TraceRange[],
    spanStarts: number[],
    spanPos: Array<Pos | null>,
    globalRefs: Map<number, string> | null,
  ): Chunk {
    const chunk = new Chunk();
    chunk.writing = null;
    chunk.finished = code;
    chunk.length = code.length;
    chunk.constants = constants;
    chunk.traces = traces;
    chunk.spanStarts = spanStarts;
    chunk.spanPos = spanPos;
    chunk.globalRefs = globalRefs;
    return chunk;
  }

  /** The run-length positions (see spanStarts), for the bytecode cache's writer. */
  spans(): { starts: readonly number[]; positions: ReadonlyArray<Pos | null> } {
    return { starts: this.spanStarts, positions: this.spanPos };
  }

  /** The code (a copy of what is written so far, if not finished yet). */
  get code(): Uint8Array {
    return this.writing === null ? this.finished : new Uint8Array(this.writing);
  }

  // ---- writing

  writeByte(b: number): void {
    this.writing![this.length++] = b;
  }

  /** Unsigned LEB128. */
  writeVarint(n: number): void {
    if (n < 0 || !Number.isInteger(n)) throw new Error(`varint out of range: ${n}`);
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      this.writeByte(b);
    } while (n > 0);
  }

  writeU16(n: number): void {
    this.writeByte(n & 0xff);
    this.writeByte((n >> 8) & 0xff);
  }

  /** Records that code from here on comes from `pos`. */
  setPos(pos: Pos | null): void {
    const last = this.spanPos.length - 1;
    if (last >= 0 && this.spanPos[last] === pos) return;
    if (last >= 0 && this.spanStarts[last] === this.length) {
      this.spanPos[last] = pos;
      return;
    }
    this.spanStarts.push(this.length);
    this.spanPos.push(pos);
  }

  /** The index of a constant: a primitive already there (not a global's) is shared, an object never. */
  addConstant(value: unknown): number {
    const shared = typeof value !== 'object' || value === null;
    if (shared) {
      const index = (this.constantIndex ??= new Map());
      const i = index.get(value);
      if (i !== undefined && this.globalRefs?.has(i) !== true) return i;
      if (i === undefined) index.set(value, this.constants.length);
    }
    this.constants.push(value);
    return this.constants.length - 1;
  }

  /** Adds the value of a global (`ref` as in globalRefs): one constant per global, never shared with a literal. */
  addGlobal(value: unknown, ref: string): number {
    const refs = (this.globalRefs ??= new Map());
    for (const [i, r] of refs) if (r === ref) return i;
    // Seen first here, a primitive is this global's: a literal equal to it gets its own constant.
    if ((typeof value !== 'object' || value === null) && this.constantIndex?.has(value) !== true) {
      (this.constantIndex ??= new Map()).set(value, this.constants.length);
    }
    this.constants.push(value);
    refs.set(this.constants.length - 1, ref);
    return this.constants.length - 1;
  }

  /** Writes a jump with a placeholder offset; returns where to patch it. */
  emitJump(op: Op): number {
    const at = this.length;
    this.writeByte(op);
    this.writeU16(0xffff);
    return at + 1;
  }

  /** Points the jump operand at `at` to the current end of the code. */
  patchJump(at: number): void {
    const offset = this.length - (at + 2);
    if (offset > 0xffff) throw new JumpTooLong();
    this.writing![at] = offset & 0xff;
    this.writing![at + 1] = offset >> 8;
  }

  /** Drops code written after `length` (used when a branch is recompiled). */
  truncate(length: number): void {
    this.length = length;
    this.writing!.length = length;
    this.traces = this.traces.filter((t) => t.end <= length);
    while (this.spanStarts.length > 0 && this.spanStarts[this.spanStarts.length - 1]! > length) {
      this.spanStarts.pop();
      this.spanPos.pop();
    }
  }

  /** Packs the code into its final form once compilation is done. */
  finish(): void {
    if (this.writing === null) return;
    this.finished = new Uint8Array(this.writing);
    this.writing = null;
    this.constantIndex = null;
  }

  // ---- reading

  /** The trace ranges covering the instruction at `offset`, innermost first. */
  tracesAt(offset: number): TraceRange[] {
    return this.traces.filter((t) => t.start <= offset && offset < t.end);
  }

  /** Source position of the instruction at `offset`. */
  posAt(offset: number): Pos | null {
    const starts = this.spanStarts;
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo]! <= offset ? this.spanPos[lo]! : null;
  }
}

/** Reads an unsigned LEB128 varint at `at`; returns [value, next offset]. */
export function readVarint(code: Uint8Array, at: number): [number, number] {
  let result = 0;
  let scale = 1;
  for (;;) {
    const b = code[at++]!;
    result += (b & 0x7f) * scale;
    if (b < 0x80) return [result, at];
    scale *= 128;
  }
}

export function readU16(code: Uint8Array, at: number): number {
  return code[at]! | (code[at + 1]! << 8);
}

/** The environment a capture list gives (opcodes.ts, 'captures'). */
export const enum CaptureEnv {
  /** Made of the captures. */
  Own = 0,
  /** Made of the captures, then the `with` scopes. */
  OwnWithWiths = 1,
  /** The current frame's upvalues. */
  Frame = 2,
  /** The one the capture list run before it made (in the same frame, right before). */
  Previous = 3,
}

/** A decoded capture list. */
export interface Captures {
  capturesWith: boolean;
  /** Where the environment comes from: with Frame or Previous, positions is empty. */
  env: CaptureEnv;
  /** Each `index << 2 | kind`. */
  positions: number[];
}

export type DecodedOperand = { kind: 'varint' | 'jump' | 'byte'; value: number } | { kind: 'captures'; value: Captures };

/** Decodes one instruction at `at` using the opcode table; returns its operands and the next offset. */
export function decodeInstruction(code: Uint8Array, at: number): { op: number; operands: DecodedOperand[]; next: number } {
  const op = code[at]!;
  let pc = at + 1;
  const operands: DecodedOperand[] = [];
  for (const kind of opInfo(op).operands as Operand[]) {
    switch (kind) {
      case 'varint': {
        const [v, next] = readVarint(code, pc);
        operands.push({ kind, value: v });
        pc = next;
        break;
      }
      case 'jump':
        operands.push({ kind, value: readU16(code, pc) });
        pc += 2;
        break;
      case 'byte':
        operands.push({ kind, value: code[pc]! });
        pc += 1;
        break;
      case 'captures': {
        const [header, afterHeader] = readVarint(code, pc);
        let next = afterHeader;
        const positions: number[] = [];
        for (let i = 0; i < header >> 2; i++) {
          const [p, n2] = readVarint(code, next);
          positions.push(p);
          next = n2;
        }
        const env = (header & 3) as CaptureEnv;
        operands.push({ kind, value: { capturesWith: env === CaptureEnv.OwnWithWiths, env, positions } });
        pc = next;
        break;
      }
    }
  }
  return { op, operands, next: pc };
}

export const CAPTURE_LOCAL = 0;
export const CAPTURE_UPVALUE = 2;

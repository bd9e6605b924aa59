// The disassembler: prints every chunk of a compiled program, the nested
// lambda and thunk blueprints each as its own chunk. Operand widths come
// from the opcode table, as everywhere else.

import { printLiteralString } from '../value/literal.js';
import { printValue } from '../value/print.js';
import type { Value } from '../value/types.js';
import type { Pos } from '../errors/source.js';
import { type AttrsShape, Blueprint } from './blueprint.js';
import { CaptureEnv, decodeInstruction, type DecodedOperand } from './chunk.js';
import { Op, opInfo } from './opcodes.js';

const CAPTURE_KINDS = ['local', 'deferred', 'upvalue', '?'];

/** One instruction of a listing: where it is, what it is, and the source it was compiled from. */
export interface ListedInstruction {
  /** Its offset in the chunk's code. */
  offset: number;
  /** The opcode's name, as the opcode table spells it. */
  op: string;
  /** Its operands, as the listing shows them (constants described). */
  operands: string;
  /** The source position it was compiled from, or null. */
  pos: Pos | null;
  /** Its whole line of the listing: offset, source line (`|` when the same as above), name, operands. */
  text: string;
}

/** One chunk of a listing: a blueprint's code. */
export interface ListedChunk {
  /** The blueprint's number in the listing (#0 is the root). */
  id: number;
  /** Its header line: `== #1 lambda 'f' @ file:1:5, 12 bytes, 1 upvalues ==`. */
  header: string;
  instructions: ListedInstruction[];
}

/** Every chunk of a compiled program, the root first, then the blueprints in the order its constants name them. */
export function listChunks(root: Blueprint): ListedChunk[] {
  const ids = new Map<Blueprint, number>();
  const queue: Blueprint[] = [root];
  ids.set(root, 0);
  const out: ListedChunk[] = [];
  const idOf = (bp: Blueprint): number => {
    let id = ids.get(bp);
    if (id === undefined) {
      id = ids.size;
      ids.set(bp, id);
      queue.push(bp);
    }
    return id;
  };
  for (let i = 0; i < queue.length; i++) out.push(listChunk(queue[i]!, i, idOf));
  return out;
}

/** The listing as `tsnix disasm` prints it. */
export function disassemble(root: Blueprint): string {
  return listChunks(root)
    .map((c) => [c.header, ...c.instructions.map((i) => i.text)].join('\n') + '\n')
    .join('\n');
}

function describeBlueprint(bp: Blueprint, id: number): string {
  const name = bp.name ? ` '${bp.name}'` : '';
  const where = bp.describePos();
  return `#${id} ${bp.kind}${name}${where ? ` @ ${where}` : ''}`;
}

function showConstant(c: unknown, idOf: (bp: Blueprint) => number): string {
  if (c instanceof Blueprint) return describeBlueprint(c, idOf(c));
  if (c instanceof Map) return `slots {${[...c].map(([k, v]) => ` ${printLiteralString(k)}:${v}`).join('')} }`;
  if (Array.isArray(c)) return `${c.length} positions`;
  if (typeof c === 'object' && c !== null && 'keys' in c) {
    return `keys [${(c as AttrsShape).keys.map((k) => printLiteralString(k)).join(' ')}]`;
  }
  try {
    return printValue(c as Value);
  } catch {
    return String(c);
  }
}

function listChunk(bp: Blueprint, id: number, idOf: (bp: Blueprint) => number): ListedChunk {
  const chunk = bp.chunk;
  const instructions: ListedInstruction[] = [];
  let lastLine = -1;
  for (let at = 0; at < chunk.length;) {
    const { op, operands, next } = decodeInstruction(chunk.code, at);
    const pos = chunk.posAt(at);
    const line = pos ? pos.source.lineCol(pos.offset).line : -1;
    const lineCol = line === lastLine || line < 0 ? '   |' : String(line).padStart(4);
    lastLine = line;
    const info = opInfo(op);
    const shown = operands.map((o) => showOperand(op, o, next, chunk.constants, idOf)).join(' ');
    const text = `${String(at).padStart(5, '0')} ${lineCol} ${info.name.padEnd(22)}${shown}`.trimEnd();
    instructions.push({ offset: at, op: info.name, operands: shown, pos, text });
    at = next;
  }
  return { id, header: `== ${describeBlueprint(bp, id)}, ${chunk.length} bytes, ${bp.upvalueCount} upvalues ==`, instructions };
}

/** Ops whose first varint operand is a constant index. */
const CONSTANT_OPERAND = new Set<number>([
  Op.Constant,
  Op.Thunk,
  Op.Closure,
  Op.AllocThunk,
  Op.Attrs,
  Op.AttrsDynamic,
  Op.ApplyOverrides,
  Op.Select,
  Op.SelectOr,
  Op.HasAttrStep,
  Op.ResolveWith,
  Op.AssertFail,
  Op.ResolveHomePath,
  Op.FormalArg,
  Op.MissingArgument,
]);

function showOperand(op: number, o: DecodedOperand, next: number, constants: unknown[], idOf: (bp: Blueprint) => number): string {
  switch (o.kind) {
    case 'varint':
      return CONSTANT_OPERAND.has(op) ? `${o.value} (${showConstant(constants[o.value], idOf)})` : String(o.value);
    case 'jump':
      return `+${o.value} -> ${String(next + o.value).padStart(5, '0')}`;
    case 'byte':
      return `0x${o.value.toString(16).padStart(2, '0')}`;
    case 'captures': {
      if (o.value.env === CaptureEnv.Frame) return "[the frame's]";
      if (o.value.env === CaptureEnv.Previous) return '[the previous]';
      const caps = o.value.positions.map((p) => `${CAPTURE_KINDS[p & 3]}:${p >> 2}`);
      return `[${caps.join(' ')}]${o.value.capturesWith ? ' +with' : ''}`;
    }
  }
}

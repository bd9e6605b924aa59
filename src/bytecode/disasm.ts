// The disassembler: prints every chunk of a compiled program, the nested
// lambda and thunk blueprints each as its own chunk. Operand widths come
// from the opcode table, as everywhere else.

import { printLiteralString } from '../value/literal.js';
import { printValue } from '../value/print.js';
import type { Value } from '../value/types.js';
import { type AttrsShape, Blueprint } from './blueprint.js';
import { decodeInstruction, type DecodedOperand } from './chunk.js';
import { Op, opInfo } from './opcodes.js';

const CAPTURE_KINDS = ['local', 'deferred', 'upvalue', '?'];

export function disassemble(root: Blueprint): string {
  const ids = new Map<Blueprint, number>();
  const queue: Blueprint[] = [root];
  ids.set(root, 0);
  const out: string[] = [];
  const idOf = (bp: Blueprint): number => {
    let id = ids.get(bp);
    if (id === undefined) {
      id = ids.size;
      ids.set(bp, id);
      queue.push(bp);
    }
    return id;
  };
  for (let i = 0; i < queue.length; i++) out.push(disassembleChunk(queue[i]!, i, idOf));
  return out.join('\n');
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

function disassembleChunk(bp: Blueprint, id: number, idOf: (bp: Blueprint) => number): string {
  const chunk = bp.chunk;
  const lines = [`== ${describeBlueprint(bp, id)}, ${chunk.length} bytes, ${bp.upvalueCount} upvalues ==`];
  let lastLine = -1;
  for (let at = 0; at < chunk.length;) {
    const { op, operands, next } = decodeInstruction(chunk.code, at);
    const pos = chunk.posAt(at);
    const line = pos ? pos.source.lineCol(pos.offset).line : -1;
    const lineCol = line === lastLine || line < 0 ? '   |' : String(line).padStart(4);
    lastLine = line;
    const info = opInfo(op);
    const shown = operands.map((o) => showOperand(op, o, next, chunk.constants, idOf)).join(' ');
    lines.push(`${String(at).padStart(5, '0')} ${lineCol} ${info.name.padEnd(22)}${shown}`.trimEnd());
    at = next;
  }
  return lines.join('\n') + '\n';
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
      const caps = o.value.positions.map((p) => `${CAPTURE_KINDS[p & 3]}:${p >> 2}`);
      return `[${caps.join(' ')}]${o.value.capturesWith ? ' +with' : ''}`;
    }
  }
}

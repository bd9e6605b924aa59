// One executed instruction as a line of text: the function, the offset,
// the opcode with its operands and the top of the stack. What a tracer
// (EvaluatorOptions.tracer) shows, as `tsnix eval --trace-vm` prints it.

import { decodeInstruction } from '../bytecode/chunk.js';
import { opInfo } from '../bytecode/opcodes.js';
import { printValue } from '../value/print.js';
import type { Value } from '../value/types.js';
import type { Frame } from './frame.js';

/** The stack entries shown, from the top. */
const SHOWN = 4;
/** Chars of each entry shown. */
const WIDTH = 40;

export function traceLine(frame: Frame, ip: number, stack: readonly Value[]): string {
  const { op, operands } = decodeInstruction(frame.code, ip);
  const shownOperands = operands.map((o) => (o.kind === 'captures' ? `[${o.value.positions.length}]` : String(o.value))).join(' ');
  const top = stack.slice(Math.max(frame.base, stack.length - SHOWN)).map((v) => {
    try {
      return printValue(v, { trackRepeated: false }).slice(0, WIDTH);
    } catch {
      return '?';
    }
  });
  const name = frame.blueprint.name ?? frame.blueprint.kind;
  return `${name.padEnd(12).slice(0, 12)} ${String(ip).padStart(5, '0')} ${opInfo(op).name.padEnd(20)} ${shownOperands.padEnd(10)} [ ${top.join(' | ')} ]`;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureEnv, Chunk, decodeInstruction, JumpTooLong, readU16, readVarint } from '../../src/bytecode/chunk.js';
import { Op, OPCODE_COUNT, OPCODES, opInfo } from '../../src/bytecode/opcodes.js';
import { Source } from '../../src/errors/source.js';

describe('varints', () => {
  for (const n of [0, 1, 127, 128, 255, 300, 16383, 16384, 2 ** 21, 2 ** 31 + 5, Number.MAX_SAFE_INTEGER]) {
    it(`round-trips ${n}`, () => {
      const c = new Chunk();
      c.writeVarint(n);
      const [v, next] = readVarint(c.code, 0);
      assert.equal(v, n);
      assert.equal(next, c.length);
    });
  }
  it('uses one byte below 128 and two from 128', () => {
    const c = new Chunk();
    c.writeVarint(127);
    assert.equal(c.length, 1);
    c.writeVarint(128);
    assert.equal(c.length, 3);
  });
  it('rejects negative and fractional numbers', () => {
    assert.throws(() => new Chunk().writeVarint(-1));
    assert.throws(() => new Chunk().writeVarint(1.5));
  });
});

describe('jumps', () => {
  it('patches the offset relative to the end of the operand', () => {
    const c = new Chunk();
    const at = c.emitJump(Op.Jump);
    assert.equal(at, 1);
    for (let i = 0; i < 10; i++) c.writeByte(Op.Nop);
    c.patchJump(at);
    assert.equal(readU16(c.code, at), 10);
    const { operands, next } = decodeInstruction(c.code, 0);
    assert.deepEqual(operands, [{ kind: 'jump', value: 10 }]);
    assert.equal(next + 10, c.length);
  });
  it('refuses a jump that does not fit in 16 bits', () => {
    const c = new Chunk();
    const at = c.emitJump(Op.Jump);
    for (let i = 0; i < 0x10000; i++) c.writeByte(Op.Nop);
    assert.throws(() => c.patchJump(at), JumpTooLong);
  });
  it('accepts the longest 16-bit jump', () => {
    const c = new Chunk();
    const at = c.emitJump(Op.Jump);
    for (let i = 0; i < 0xffff; i++) c.writeByte(Op.Nop);
    c.patchJump(at);
    assert.equal(readU16(c.code, at), 0xffff);
  });
});

describe('capture lists', () => {
  it('round-trip count, with-flag and positions', () => {
    const c = new Chunk();
    c.writeByte(Op.Thunk);
    c.writeVarint(7);
    const positions = [(3 << 2) | 0, (200 << 2) | 2, (0 << 2) | 0];
    c.writeVarint((positions.length << 2) | 1);
    for (const p of positions) c.writeVarint(p);
    const { op, operands, next } = decodeInstruction(c.code, 0);
    assert.equal(op, Op.Thunk);
    assert.deepEqual(operands[0], { kind: 'varint', value: 7 });
    assert.deepEqual(operands[1], { kind: 'captures', value: { capturesWith: true, env: CaptureEnv.OwnWithWiths, positions } });
    assert.equal(next, c.length);
  });
});

describe('the opcode table', () => {
  it('has an entry for every opcode, named after it', () => {
    for (let b = 0; b < OPCODE_COUNT; b++) assert.ok(OPCODES[b as Op].name.length > 0);
    assert.equal(OPCODES[Op.Return].name, 'Return');
    assert.equal(OPCODES[Op.Constant].name, 'Constant');
  });
  it('decodes bytes past the last opcode as Invalid', () => {
    assert.equal(opInfo(OPCODE_COUNT).name, 'Invalid');
    assert.equal(opInfo(255).name, 'Invalid');
  });
  it('fits in one byte', () => {
    assert.ok(OPCODE_COUNT <= 256);
  });
});

describe('positions', () => {
  it('maps each offset to the position set when it was written', () => {
    const src = new Source('«string»', 'a\nbb\nccc', '/');
    const c = new Chunk();
    const p1 = { source: src, offset: 0 };
    const p2 = { source: src, offset: 5 };
    c.setPos(p1);
    c.writeByte(Op.Nop);
    c.writeByte(Op.Nop);
    c.setPos(p2);
    c.writeByte(Op.Pop);
    assert.equal(c.posAt(0), p1);
    assert.equal(c.posAt(1), p1);
    assert.equal(c.posAt(2), p2);
    assert.deepEqual(src.lineCol(5), { line: 3, col: 1 });
  });
  it('keeps one entry per run', () => {
    const src = new Source('«string»', 'x', '/');
    const c = new Chunk();
    const p = { source: src, offset: 0 };
    c.setPos(p);
    c.writeByte(Op.Nop);
    c.setPos(p);
    c.writeByte(Op.Nop);
    assert.equal(c.posAt(1), p);
  });
});

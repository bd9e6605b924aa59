import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvalError } from '../../src/errors/error.js';
import * as A from '../../src/value/arith.js';
import { NixFloat } from '../../src/value/types.js';

const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;

function throwsMsg(fn: () => unknown, msg: string): void {
  assert.throws(fn, (e: unknown) => e instanceof EvalError && e.message === msg);
}

describe('int64 arithmetic', () => {
  it('stays on numbers in the safe range', () => {
    assert.equal(A.addInt(1, 2), 3);
    assert.equal(A.subInt(1, 2), -1);
    assert.equal(A.mulInt(-3, 7), -21);
    assert.equal(A.divInt(7, 2), 3);
    assert.equal(typeof A.addInt(2 ** 52, 2 ** 52 - 1), 'number');
  });

  it('switches to bigint exactly at ±2^53', () => {
    assert.equal(A.addInt(Number.MAX_SAFE_INTEGER, 1), 9007199254740992n);
    assert.equal(A.addInt(Number.MAX_SAFE_INTEGER, 0), Number.MAX_SAFE_INTEGER);
    assert.equal(A.subInt(-Number.MAX_SAFE_INTEGER, 1), -9007199254740992n);
    assert.equal(A.mulInt(2 ** 30, 2 ** 30), 1152921504606846976n);
    // Back to a number when the result is safe again.
    assert.equal(A.subInt(9007199254740993n, 2), 9007199254740991);
  });

  it('is exact where doubles are not', () => {
    assert.equal(A.addInt(9007199254740993n, 2), 9007199254740995n);
    assert.equal(A.mulInt(3037000499, 3037000499), 9223372030926249001n);
  });

  it('fails on overflow with CppNix messages', () => {
    throwsMsg(() => A.addInt(MAX, 1), 'integer overflow in adding 9223372036854775807 + 1');
    throwsMsg(() => A.subInt(-9223372036854775807n, 2), 'integer overflow in subtracting -9223372036854775807 - 2');
    throwsMsg(() => A.mulInt(4294967297, 4294967297), 'integer overflow in multiplying 4294967297 * 4294967297');
    throwsMsg(() => A.mulInt(MAX, 2), 'integer overflow in multiplying 9223372036854775807 * 2');
    throwsMsg(() => A.divInt(MIN, -1), 'integer overflow in dividing -9223372036854775808 / -1');
    throwsMsg(() => A.negateInt(MIN), 'integer overflow in subtracting 0 - -9223372036854775808');
  });

  it('reaches the int64 boundaries without failing', () => {
    assert.equal(A.addInt(MAX - 1n, 1), MAX);
    assert.equal(A.subInt(MIN + 1n, 1), MIN);
    assert.equal(A.mulInt(MIN, 1), MIN);
    assert.equal(A.negateInt(MAX), -MAX);
    assert.equal(A.divInt(MIN, 1), MIN);
  });

  it('divides truncating toward zero', () => {
    assert.equal(A.divInt(-7, 2), -3);
    assert.equal(A.divInt(7, -2), -3);
    assert.equal(A.divInt(-7, -2), 3);
    assert.ok(Object.is(A.divInt(0, -5), 0), 'no negative zero');
    assert.ok(Object.is(A.mulInt(0, -5), 0), 'no negative zero');
    assert.equal(A.divInt(MAX, 10), 922337203685477580n);
    assert.equal(A.divInt(-9007199254740991, 3), -3002399751580330);
    throwsMsg(() => A.divInt(1, 0), 'division by zero');
    throwsMsg(() => A.divInt(MAX, 0), 'division by zero');
  });

  it('does bitwise operations on 64 bits', () => {
    assert.equal(A.bitAnd(12, 10), 8);
    assert.equal(A.bitOr(12, 10), 14);
    assert.equal(A.bitXor(12, 10), 6);
    assert.equal(A.bitAnd(-1, MAX), MAX);
    assert.equal(A.bitOr(2 ** 40, 1), 2 ** 40 + 1);
    assert.equal(A.bitXor(MIN, -1), MAX);
    assert.equal(A.bitAnd(2 ** 33 + 5, 2 ** 33 + 3), 2 ** 33 + 1);
  });
});

describe('mixed arithmetic', () => {
  it('turns int op float into a float', () => {
    const r = A.add(1, new NixFloat(0.5));
    assert.ok(r instanceof NixFloat);
    assert.equal(r.value, 1.5);
    const m = A.mul(new NixFloat(2), 3);
    assert.ok(m instanceof NixFloat && m.value === 6);
    assert.equal(A.add(1, 2), 3);
  });

  it('fails on division by float zero of either sign', () => {
    throwsMsg(() => A.div(1, new NixFloat(0)), 'division by zero');
    throwsMsg(() => A.div(new NixFloat(1), new NixFloat(-0)), 'division by zero');
    throwsMsg(() => A.div(new NixFloat(1), 0), 'division by zero');
    const d = A.div(1, new NixFloat(4));
    assert.ok(d instanceof NixFloat && d.value === 0.25);
  });

  it('negates as 0 - x', () => {
    const z = A.negate(new NixFloat(0));
    assert.ok(z instanceof NixFloat && Object.is(z.value, 0), '-(0.0) is 0.0, not -0.0');
    const n = A.negate(new NixFloat(-0));
    assert.ok(n instanceof NixFloat && Object.is(n.value, 0));
    assert.equal(A.negate(5), -5);
    throwsMsg(() => A.negate(MIN), 'integer overflow in subtracting 0 - -9223372036854775808');
  });

  it('compares across types like C++ (int converted to double)', () => {
    assert.equal(A.lessThanNum(1, new NixFloat(1.5)), true);
    assert.equal(A.lessThanNum(9007199254740993n, new NixFloat(9007199254740992)), false);
    assert.equal(A.numbersEqual(9007199254740993n, new NixFloat(9007199254740992)), true);
    assert.equal(A.numbersEqual(MAX, new NixFloat(9223372036854775808)), true);
    assert.equal(A.numbersEqual(1, new NixFloat(1)), true);
    assert.equal(A.lessThanNum(MIN, -9007199254740991), true);
    assert.equal(A.lessThanNum(new NixFloat(NaN), 1), false);
  });

  it('converts ints to floats rounding to nearest even', () => {
    assert.equal(A.toFloat(9007199254740993n), 9007199254740992);
    assert.equal(A.toFloat(9007199254740995n), 9007199254740996);
  });
});

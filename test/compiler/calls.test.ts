// Calls of builtins known at compile time: their strict arguments are
// evaluated in place, not through a thunk, with the same result and traces.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Blueprint } from '../../src/bytecode/blueprint.js';
import { decodeInstruction } from '../../src/bytecode/chunk.js';
import { Op } from '../../src/bytecode/opcodes.js';
import { Source } from '../../src/errors/source.js';
import { evalErrorReport, evalNix, makeEvaluator } from '../helpers.js';

/** Whether the code of `expr` (nested functions included) has an instruction `wanted`. */
function emits(expr: string, wanted: Op): boolean {
  const queue = [makeEvaluator().compile(new Source('«test»', expr, '/'))];
  for (let i = 0; i < queue.length; i++) {
    const chunk = queue[i]!.chunk;
    for (const c of chunk.constants) if (c instanceof Blueprint) queue.push(c);
    for (let at = 0; at < chunk.length;) {
      const { op, next } = decodeInstruction(chunk.code, at);
      if (op === wanted) return true;
      at = next;
    }
  }
  return false;
}

function makesThunk(expr: string): boolean {
  return emits(expr, Op.Thunk);
}

describe('builtins.name', () => {
  it('is the builtin itself, selected when compiled', () => {
    assert.ok(!emits('builtins.bitAnd', Op.Select));
    assert.equal(evalNix('[ (builtins.bitAnd 6 3) (builtins.elemAt [ 1 2 ] 1) (builtins.add or null 1 2) ]'), '[ 2 2 3 ]');
  });

  it('is a constant for any value builtins has, and selected at run time otherwise', () => {
    assert.ok(!emits('builtins.currentSystem', Op.Select));
    assert.equal(evalNix('builtins.isString builtins.currentSystem'), 'true');
    assert.ok(emits('builtins.nope or 1', Op.SelectOr));
    assert.ok(emits('let builtins = { }; in builtins.add', Op.Select));
    assert.equal(evalNix('let builtins = { bitAnd = a: b: 7; }; in builtins.bitAnd 1 2'), '7');
    assert.match(evalErrorReport('builtins.nope'), /attribute 'nope' missing/);
  });
});

describe('strict arguments of a known builtin', () => {
  it('are evaluated in place', () => {
    assert.ok(!makesThunk('i: toString (i * 7)'));
    assert.equal(evalNix('map (i: toString (i * 7)) [ 1 2 ]'), '[ "7" "14" ]');
    // Its lazy arguments, and calls of anything else, still get thunks.
    assert.ok(!makesThunk('i: builtins.stringLength (toString (i + 1))'));
    assert.ok(makesThunk('i: builtins.elemAt (i + 1) 0'));
    assert.ok(makesThunk('i: let toString = x: x; in toString (i * 7)'));
    assert.ok(makesThunk('f: i: f (i * 7)'));
  });

  it('stay lazy when the builtin is not called with all its arguments', () => {
    assert.ok(makesThunk('i: map (i * 7)'));
    assert.equal(evalNix('let f = removeAttrs (throw "no"); in 1'), '1');
    assert.equal(evalNix('let toString = x: 1; in toString (throw "no")'), '1');
  });

  it('fail traced to the builtin call, as a forced thunk does', () => {
    const report = evalErrorReport('let i = "a"; in\n  toString (i * 7)');
    assert.match(report, /while calling the 'toString' builtin\n\s+at \S*string\S*:2:3:/);
    assert.match(report, /expected an integer but found a string: "a"/);
    assert.match(evalErrorReport('toString (throw "boom")'), /while calling the 'toString' builtin[^]*error: boom/);
  });
});

describe('builtins.seq a b', () => {
  it('evaluates b in place, with no thunk and no call', () => {
    assert.ok(!makesThunk('n: builtins.seq n (n + 1)'));
    assert.ok(!emits('n: builtins.seq n (n + 1)', Op.Call));
    assert.equal(evalNix('let loop = n: acc: if n == 0 then acc else builtins.seq acc (loop (n - 1) (acc + n)); in loop 100 0'), '5050');
    // A shadowed seq, or one given more arguments, is an ordinary call.
    assert.equal(evalNix('let seq = a: b: a; in seq 1 2'), '1');
    assert.equal(evalNix('builtins.seq 1 builtins.add 2 3'), '5');
  });

  it('is strict in a and lazy in nothing else', () => {
    assert.match(evalErrorReport('builtins.seq (throw "first") 2'), /error: first/);
    assert.equal(evalNix('builtins.seq { x = throw "never"; } "ok"'), '"ok"');
  });

  it('fails in either argument traced to the builtin call, as CppNix does', () => {
    for (const expr of ['builtins.seq (1 + "a") 2', 'builtins.seq 1\n  (throw "second")']) {
      assert.match(evalErrorReport(expr), /while calling the 'seq' builtin\n\s+at \S*string\S*:1:1:/);
    }
  });
});

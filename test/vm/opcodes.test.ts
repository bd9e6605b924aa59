// Every opcode, exercised through a Nix expression whose bytecode uses it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Blueprint } from '../../src/bytecode/blueprint.js';
import { decodeInstruction } from '../../src/bytecode/chunk.js';
import { Op, OPCODE_COUNT, OPCODES } from '../../src/bytecode/opcodes.js';
import { NixError } from '../../src/errors/error.js';
import { Source } from '../../src/errors/source.js';
import { printValue } from '../../src/value/print.js';
import { NixAttrs } from '../../src/value/attrs.js';
import { Thunk, ThunkState, type Value } from '../../src/value/types.js';
import { makeEvaluator } from '../helpers.js';

/** [opcode, expression using it, printed result or `error: message`]. */
const CASES: Array<[Op, string, string]> = [
  [Op.Constant, '42', '42'],
  [Op.Pop, 'true && false', 'false'],
  [Op.GetLocal, 'let a = { x = 1; }; in [ a ]', '[ { x = 1; } ]'],
  [Op.GetUpvalue, '(x: y: [ x ]) 1 2', '[ 1 ]'],
  [Op.ForceUpvalue, '(x: y: x) 1 2', '1'],
  [Op.Force, '{ a = 1; }.a + 1', '2'],
  [Op.ForceLocal, 'let a = 1 + 1; in a', '2'],
  [Op.Thunk, '[ (1 + 1) ]', '[ 2 ]'],
  [Op.Closure, '(x: x + 1) 1', '2'],
  [Op.AllocThunk, 'let a = b + 1; b = 1; in a', '2'],
  [Op.Speculate, '{ a = { b = 1; }; }', '{ a = { b = 1; }; }'],
  [Op.Finalise, 'let a = [ b ]; b = 1; in a', '[ 1 ]'],
  [Op.CloseScope, '[ (let a = 1; in a) ]', '[ 1 ]'],
  [Op.Not, '!false', 'true'],
  [Op.Negate, '-(2)', '-2'],
  [Op.Add, '1 + 2', '3'],
  [Op.Sub, '5 - 7', '-2'],
  [Op.Mul, '6 * 7', '42'],
  [Op.Div, '7 / 2', '3'],
  [Op.Equal, '[ 1 ] == [ 1 ]', 'true'],
  [Op.NotEqual, '1 != 1.0', 'false'],
  [Op.Less, '"a" < "b"', 'true'],
  [Op.Less, '[ (2 <= 2) (1 > 2) (1.5 >= 1) ]', '[ true false true ]'],
  [Op.Concat, '[ 1 ] ++ [ 2 ]', '[ 1 2 ]'],
  [Op.Update, '{ a = 1; b = 1; } // { b = 2; }', '{ a = 1; b = 2; }'],
  [Op.Jump, 'if true then 1 else 2', '1'],
  [Op.JumpIfFalse, 'false && throw "not evaluated"', 'false'],
  [Op.JumpIfTrue, 'true || throw "not evaluated"', 'true'],
  [Op.PopJumpIfFalse, 'if false then 1 else 2', '2'],
  [Op.AssertBool, '1 && true', 'error: expected a Boolean but found an integer: 1'],
  [Op.Attrs, '{ b = 2; a = 1; }', '{ a = 1; b = 2; }'],
  [Op.AttrsDynamic, 'let n = "x"; in { ${n} = 1; ${null} = 2; }', '{ x = 1; }'],
  [Op.ApplyOverrides, 'rec { a = b; b = 1; __overrides = { b = 2; }; }.a', '2'],
  [Op.Select, '{ a = 1; }.a', '1'],
  [Op.SelectDynamic, 'let n = "a"; in { a = 1; }.${n}', '1'],
  [Op.AssertAttrName, 'let n = 1; in { a = 1; }.${n}', 'error: expected a string but found an integer: 1'],
  [Op.SelectOr, '{ }.a or 3', '3'],
  [Op.SelectOrDynamic, 'let n = "a"; in (1).${n} or 4', '4'],
  [Op.HasAttrStep, '{ a.b = 1; } ? a.b', 'true'],
  [Op.HasAttrStepDynamic, 'let n = "c"; in { a = 1; } ? ${n}', 'false'],
  [Op.List, '[ 1 2 ]', '[ 1 2 ]'],
  [Op.Interpolate, 'let x = "b"; in "a${x}c"', '"abc"'],
  [Op.CoerceToString, 'let x = "b"; in "${x}"', '"b"'],
  [Op.Call, '(x: x) 5', '5'],
  [Op.PushWith, 'with { a = 1; }; a', '1'],
  [Op.PopWith, '[ (with { a = 1; }; a) ]', '[ 1 ]'],
  [Op.ResolveWith, 'with { a = 1; }; with { b = 2; }; a + b', '3'],
  [Op.AssertFail, 'assert 1 > 2; 3', "error: assertion '(__lessThan 2 1)' failed"],
  [Op.AssertEqual, 'assert 1 == 2; 3', "error: an integer with value '1' is not equal to an integer with value '2'"],
  [Op.ResolveHomePath, 'builtins.typeOf ~/x', '"path"'],
  [Op.AssertAttrs, '({ a }: a) 1', 'error: expected a set but found an integer: 1'],
  [Op.EnterBuiltin, 'builtins.seq 1 (1 - 0)', '1'],
  [Op.LeaveBuiltin, '(x: x) 3 - 1', '2'],
  [Op.ValidateClosedFormals, '({ a }: a) { a = 1; b = 2; }', "error: function 'anonymous lambda' called with unexpected argument 'b'"],
  [Op.FormalArg, '({ a, b ? a + 1 }: b) { a = 1; }', '2'],
  [Op.MissingArgument, '({ a }: a) { }', "error: function 'anonymous lambda' called without required argument 'a'"],
  [Op.Return, '1', '1'],
];

function opsIn(root: Blueprint): Set<Op> {
  const seen = new Set<Op>();
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const bp = queue[i]!;
    for (const c of bp.chunk.constants) if (c instanceof Blueprint && !queue.includes(c)) queue.push(c);
    for (let at = 0; at < bp.chunk.length;) {
      const { op, next } = decodeInstruction(bp.chunk.code, at);
      seen.add(op as Op);
      at = next;
    }
  }
  return seen;
}

/** `expr` evaluated in a fresh evaluator (with `options`): to weak head normal form, or whole when `deep`. */
function evaluate(expr: string, deep: boolean, options: Parameters<typeof makeEvaluator>[0] = {}): Value {
  const ev = makeEvaluator(options);
  const v = ev.evalSource(new Source('«test»', expr, '/'));
  return deep ? ev.vm.forceDeep(v) : ev.vm.force(v);
}

/** Attribute `name` of the set `expr` evaluates to, as it is there (a thunk stays one). */
function attrOf(expr: string, name = 'v'): Value {
  return (evaluate(expr, false) as NixAttrs).get(name)!;
}

function run(expr: string): string {
  try {
    return printValue(evaluate(expr, true));
  } catch (e) {
    if (e instanceof NixError) return `error: ${e.message}`;
    throw e;
  }
}

describe('opcodes', () => {
  for (const [op, expr, expected] of CASES) {
    it(`${OPCODES[op].name}: ${expr}`, () => {
      const bp = makeEvaluator().compile(new Source('«test»', expr, '/'));
      assert.ok(opsIn(bp).has(op), `${OPCODES[op].name} not emitted for ${expr}`);
      assert.equal(run(expr), expected);
    });
  }

  it('covers every opcode the compiler can emit', () => {
    const covered = new Set(CASES.map(([op]) => op));
    for (let b = 0; b < OPCODE_COUNT; b++) {
      // Resume is the VM's own, the code of a builtin's step frame (test/vm/steps.test.ts).
      if (b === Op.Invalid || b === Op.Nop || b === Op.Resume) continue;
      assert.ok(covered.has(b as Op), `no case for ${OPCODES[b as Op].name}`);
    }
  });

  it('runs Nop and reports Invalid as an internal error, not a crash', () => {
    const ev = makeEvaluator();
    const bp = new Blueprint('thunk', null, null);
    bp.chunk.writeByte(Op.Nop);
    bp.chunk.writeByte(Op.Constant);
    bp.chunk.writeVarint(bp.chunk.addConstant(7));
    bp.chunk.writeByte(Op.Return);
    bp.chunk.finish();
    assert.equal(ev.vm.force(new Thunk(bp, [])), 7);
    const bad = new Blueprint('thunk', null, null);
    bad.chunk.writeByte(250);
    bad.chunk.finish();
    assert.throws(() => ev.vm.force(new Thunk(bad, [])), /internal: invalid opcode 250/);
  });
});

describe('thunk shortcuts', () => {
  it('computes `a op b` at once only when it cannot fail', () => {
    assert.equal(run('let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100'), '100');
    // Operands that are not integers yet, or would fail, stay lazy.
    assert.equal(run('(x: 1) ("a" - 1)'), '1');
    assert.equal(run('let a = "s"; in (x: 2) (a * 2)'), '2');
    // Results past 2^53 take the exact path.
    assert.equal(run('let a = 9007199254740991; in [ (a + 1) (a * 2) ]'), '[ 9007199254740992 18014398509481982 ]');
    assert.equal(run('let a = 9223372036854775807; in (x: 0) (a + 1)'), '0');
    assert.equal(run('let a = 3; b = 4; in [ (a < b) (a == b) (a - b) (a >= b) ]'), '[ true false -1 false ]');
  });

  it('build strings of literals, plain strings and toString at once', () => {
    const speculated = (expr: string): boolean => {
      const v = attrOf(expr);
      return v instanceof Thunk && v.state === ThunkState.Speculated;
    };
    assert.ok(speculated('let i = 3; in { v = "c${toString i}"; }'));
    assert.ok(speculated('let s = "x"; i = 2; in { v = "${s}-${toString (i * 2)}"; }'));
    assert.ok(speculated('let s = "x"; in { v = s + "y"; }'));
    // Not when it could fail, or mean something else.
    assert.ok(!speculated('let i = 3; in { v = "c${i}"; }'));
    assert.ok(!speculated('let i = 3.5; in { v = "c${toString i}"; }'));
    assert.ok(!speculated('let toString = x: "y"; i = 3; in { v = "c${toString i}"; }'));
    // A string with a context keeps it: the general path.
    const withContext = 'let p = "${builtins.toFile "a" "b"}"; in builtins.seq p { v = "c${p}"; }';
    assert.ok(!speculated(withContext));
    assert.match(run(`builtins.attrNames (builtins.getContext (${withContext}).v)`), /\[ "\/nix\/store\/\w+-a" \]/);
    assert.equal(
      run('let i = 3; s = "x"; in [ "a${toString i}" "${s}-${toString (i * 2)}" (s + "y") ("p" + toString i) ]'),
      '[ "a3" "x-6" "xy" "p3" ]',
    );
    assert.equal(run('let i = 1; in "${i}"'), 'error: cannot coerce an integer to a string: 1');
    assert.equal(run('let toString = x: "y"; i = 3; in "c${toString i}"'), '"cy"');
  });

  it('use operands that are thunks only once they are forced', () => {
    const state = (expr: string): ThunkState | null => {
      const v = attrOf(expr);
      return v instanceof Thunk ? v.state : null;
    };
    // `n - 1` in `n: ...` once `n` is forced, as in every recursion on an argument.
    assert.equal(state('let f = n: builtins.seq n { v = n - 1; }; in f (2 + 3)'), ThunkState.Speculated);
    assert.equal(state('let f = s: builtins.seq s { v = "${s}-1"; }; in f ("a" + "b")'), ThunkState.Speculated);
    assert.equal((attrOf('let f = n: builtins.seq n { v = n * 2; }; in f (2 + 3)') as Thunk).data, 10);
    // Not while the operand is unforced: using it would force it, which shows when printed.
    assert.equal(state('let f = n: { v = n - 1; }; in f (2 + 3)'), ThunkState.Suspended);
    assert.equal(state('let n = 2 + 3; in { v = n - 1; }'), ThunkState.Suspended);
    assert.equal(run('let n = 2 + 3; m = n - 1; in builtins.seq m [ m n ]'), '[ 4 5 ]');
  });
});

describe('thunks that only make a closure', () => {
  const bound = (expr: string, name: string): Thunk => attrOf(expr, name) as Thunk;

  it('make it with the thunk, which still prints as one', () => {
    const f = bound('let y = 2; f = x: x + y; in { inherit f; }', 'f');
    assert.ok(f instanceof Thunk && f.state === ThunkState.Speculated);
    // A recursive one, and one under `with` (the scope is the closure's last upvalue too).
    assert.equal(bound('let g = n: if n == 0 then 0 else g (n - 1); in { inherit g; }', 'g').state, ThunkState.Speculated);
    assert.equal(bound('with { z = 3; }; let h = x: x + z; in { inherit h; }', 'h').state, ThunkState.Speculated);
    // Not when the body does more than make the closure.
    assert.equal(bound('let y = 2; k = if y == 2 then (x: x) else null; in { inherit k; }', 'k').state, ThunkState.Suspended);
  });

  it('call as the closure the thunk would have made', () => {
    assert.equal(run('let y = 2; f = x: x + y; g = n: if n == 0 then "done" else g (n - 1); in [ (f 1) (g 5) ]'), '[ 3 "done" ]');
    assert.equal(run('with { z = 3; }; let h = x: x + z; in h 1'), '4');
    assert.equal(run('let f = { a, b ? a }: a + b; in [ (f { a = 1; }) (builtins.functionArgs f) ]'), '[ 2 { a = false; b = true; } ]');
  });
});

describe('lazy applications', () => {
  /** The value of `expr`, and how many instructions ran in the code of lazy applications (apply.ts). */
  const applied = (expr: string): [string, number] => {
    let inApply = 0;
    const v = evaluate(expr, true, { tracer: (frame) => void (frame.blueprint.applies > 0 && inApply++) });
    return [printValue(v), inApply];
  };

  it('run a lambda as the thunk, in one frame', () => {
    assert.deepEqual(applied('builtins.map (x: x + 1) [ 1 2 3 ]'), ['[ 2 3 4 ]', 0]);
    assert.deepEqual(applied('builtins.mapAttrs (n: v: n + v) { a = "1"; b = "2"; }'), ['{ a = "a1"; b = "b2"; }', 0]);
    assert.deepEqual(applied('builtins.genList (i: { inherit i; }) 2'), ['[ { i = 0; } { i = 1; } ]', 0]);
    // A function still to be evaluated is too: `f` is forced first.
    assert.deepEqual(applied('let f = if true then (x: x * 2) else null; in map f [ 1 ]'), ['[ 2 ]', 0]);
  });

  it('leave other functions to the apply code', () => {
    assert.deepEqual(applied('map builtins.toString [ 1 ]'), ['[ "1" ]', 4]);
    assert.deepEqual(applied('map { __functor = s: x: x + 1; } [ 1 ]'), ['[ 2 ]', 4]);
    // `n: v: ...` that is not one function of two (a lambda returned by a lambda).
    assert.deepEqual(applied('builtins.mapAttrs (n: let k = n; in v: k + v) { a = "1"; }'), ['{ a = "a1"; }', 5]);
  });

  it('keep the failure of the thunk and the trace of the call', () => {
    assert.equal(
      run('let l = map (x: throw "a${x}") [ "b" ]; in builtins.tryEval (builtins.head l)'),
      '{ success = false; value = false; }',
    );
    assert.equal(run('let l = map (x: x.a) [ 1 ]; in builtins.head l'), 'error: expected a set but found an integer: 1');
    assert.equal(run('let l = map (x: builtins.head l) [ 1 ]; in builtins.head l'), 'error: infinite recursion encountered');
  });
});

describe('with scopes', () => {
  it('evaluates a lazy scope and then looks the name up, keeping the stack balanced', () => {
    assert.equal(run('let as = { a = "foo"; b = "bar"; }; a = "x"; in with as; a + b'), '"xbar"');
    assert.equal(run('let s = { b = 1; }; in with s; with { c = 2; }; [ b c (b + c) ]'), '[ 1 2 3 ]');
  });
  it('is lazy in its set until a name is looked up', () => {
    assert.equal(run('with (throw "never"); 1'), '1');
  });
});

describe('failed thunks', () => {
  it('throw the same error when forced again, without evaluating again', () => {
    assert.equal(run('let x = throw "nope"; in [ (builtins.tryEval x).success (builtins.tryEval x).success ]'), '[ false false ]');
  });
});

describe('calls with more arguments than a builtin takes', () => {
  it('apply the result to the rest, forcing lazy strict arguments on the way', () => {
    // seq's result is seq itself, whose own strict argument is still a thunk.
    assert.equal(run('let seq = builtins.seq; f = x: x; in seq (f 1) seq (f 2) "done"'), '"done"');
    assert.equal(run('let f = x: x; in builtins.seq (f 1) builtins.seq (f 2) builtins.add (f 3) 4'), '7');
    assert.equal(run('let s = { __functor = builtins.seq; }; f = x: x; in s builtins.add (f 2) 3'), '5');
  });
});

describe('builtins.NAME', () => {
  it('is the builtin itself, unless a binding shadows builtins', () => {
    assert.equal(run('builtins.add 1 2'), '3');
    assert.equal(run('let builtins = { add = 5; }; in builtins.add'), '5');
    assert.equal(run('({ builtins }: builtins.add) { builtins = { add = 6; }; }'), '6');
    assert.equal(run('with { builtins = { add = 7; }; }; builtins.add 1 2'), '3');
    assert.equal(run('builtins.nope or 8'), '8');
    assert.match(run('builtins.nope'), /attribute 'nope' missing/);
  });
});

describe('fused curried lambdas', () => {
  it('give the same results called at once, partially, or with extra arguments', () => {
    assert.equal(run('(a: b: a - b) 10 3'), '7');
    assert.equal(run('let f = a: b: a - b; g = f 10; in [ (g 3) (f 1 2) ]'), '[ 7 -1 ]');
    assert.equal(run('(a: b: c: d: e: [ a b c d e ]) 1 2 3 4 5'), '[ 1 2 3 4 5 ]');
    assert.equal(run('(a: b: x: a + b + x) 1 2 3'), '6');
    // The inner argument shadows the outer one of the same name.
    assert.equal(run('(x: x: x) 1 2'), '2');
    // Captures of the outer function and of nested closures still work.
    assert.equal(run('let k = 5; f = a: b: [ (c: a + b + c + k) ]; in (builtins.head (f 1 2)) 3'), '11');
  });
  it('are what builtins call back', () => {
    assert.equal(run("builtins.foldl' (acc: x: acc * 10 + x) 0 [ 1 2 3 ]"), '123');
    assert.equal(run('builtins.sort (a: b: a > b) [ 1 3 2 ]'), '[ 3 2 1 ]');
  });
  it('report errors as the innermost lambda', () => {
    assert.equal(run('(a: b: a + b) 1 "x"'), 'error: cannot add a string to an integer');
  });
});

describe('lazy applications of arithmetic lambdas', () => {
  it('are computed when made, yet stay lazy and print as thunks', () => {
    assert.equal(run('builtins.genList (x: x * 3 + 1) 4'), '[ 1 4 7 10 ]');
    assert.equal(run('builtins.length (map (x: x + 1) [ "a" ])'), '1');
    assert.equal(run('builtins.head (map (x: x + 1) [ "a" ])'), 'error: cannot coerce an integer to a string: 1');
    const ev = makeEvaluator();
    const v = ev.evalSource(new Source('«test»', 'map (x: x + 1) [ 1 ]', '/'));
    assert.equal(printValue(ev.vm.force(v)), '[ <CODE> ]');
  });
  it('include the identity and constant lambdas', () => {
    assert.equal(run('builtins.genList (i: i) 4'), '[ 0 1 2 3 ]');
    assert.equal(run('let k = 7; in builtins.genList (_: k) 2 ++ builtins.genList (_: 5) 2'), '[ 7 7 5 5 ]');
    assert.equal(run('map (x: x) [ 1 "a" (1 + 1) ]'), '[ 1 "a" 2 ]');
    const ev = makeEvaluator();
    const v = ev.evalSource(new Source('«test»', 'builtins.genList (i: i) 2', '/'));
    assert.equal(printValue(ev.vm.force(v)), '[ <CODE> <CODE> ]');
  });
  it('still count as the call CppNix makes when forced one call too deep', () => {
    // Each level of the list is one more value deepSeq forces; the head at
    // the bottom is the call of `x: x` that overflows, reported there.
    const deep = "builtins.deepSeq (builtins.foldl' (tail: head: { inherit head tail; }) null (builtins.genList (x: x) 100)) 0";
    const ev = makeEvaluator({ maxCallDepth: 50 });
    assert.throws(
      () => ev.vm.forceDeep(ev.evalSource(new Source('«test»', deep, '/'))),
      (e: unknown) => e instanceof NixError && /max-call-depth exceeded/.test(e.message) && e.pos?.offset === deep.indexOf('(x: x)') + 1,
    );
  });
});

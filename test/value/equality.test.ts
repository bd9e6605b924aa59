import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssertionError, EvalError, NixError, ThrownError } from '../../src/errors/error.js';
import { NixAttrs } from '../../src/value/attrs.js';
import { assertEqValues, cellsEqual, lessThan, valuesEqual } from '../../src/value/equality.js';
import { NixFloat, NixPath, NixString, PrimOp, Thunk, type Value } from '../../src/value/types.js';
import { attrs, FakeRuntime, lambda, lazy } from './fake-runtime.js';

const rt = new FakeRuntime();
const eq = (a: Value, b: Value): boolean => valuesEqual(a, b, rt);
const boom = (): Thunk =>
  lazy(() => {
    throw new ThrownError('boom');
  });

function failure(fn: () => unknown): NixError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof NixError, String(e));
    return e;
  }
  assert.fail('expected an error');
}

describe('valuesEqual (==)', () => {
  it('compares numbers across int and float', () => {
    assert.equal(eq(1, 1), true);
    assert.equal(eq(1, new NixFloat(1)), true);
    assert.equal(eq(new NixFloat(1), 1), true);
    assert.equal(eq(1, new NixFloat(1.1)), false);
    assert.equal(eq(9007199254740993n, new NixFloat(9007199254740992)), true);
    assert.equal(eq(9223372036854775807n, 9223372036854775807n), true);
    assert.equal(eq(new NixFloat(NaN), new NixFloat(NaN)), false);
    assert.equal(eq(new NixFloat(0), new NixFloat(-0)), true);
  });

  it('compares strings by bytes, ignoring context', () => {
    assert.equal(eq('a', 'a'), true);
    assert.equal(eq('a', new NixString('a', ['/nix/store/x'])), true);
    assert.equal(eq(new NixString('a', ['/nix/store/y']), new NixString('a', ['/nix/store/x'])), true);
    assert.equal(eq('a', 'b'), false);
    assert.equal(eq('1', 1), false);
  });

  it('compares paths, null, bools; different types are unequal', () => {
    assert.equal(eq(new NixPath('/a'), new NixPath('/a')), true);
    assert.equal(eq(new NixPath('/a'), '/a'), false);
    assert.equal(eq(null, null), true);
    assert.equal(eq(false, null), false);
    assert.equal(eq(true, true), true);
    assert.equal(eq([], NixAttrs.empty), false);
  });

  it('compares lists and sets structurally, forcing elements', () => {
    assert.equal(eq([1, lazy(() => 2)], [1, 2]), true);
    assert.equal(eq([1, 2], [1, 2, 3]), false);
    assert.equal(eq(attrs({ a: 1, b: [1] }), attrs({ b: [1], a: lazy(() => 1) })), true);
    assert.equal(eq(attrs({ a: 1 }), attrs({ b: 1 })), false);
    assert.equal(eq(attrs({ a: 1 }), attrs({ a: 1, b: 1 })), false);
  });

  it('stops at the first difference', () => {
    assert.equal(eq([1, boom()], [2, boom()]), false);
    assert.equal(eq(attrs({ a: 1, b: boom() }), attrs({ a: 2, b: boom() })), false);
    assert.throws(() => eq(attrs({ a: boom() }), attrs({ a: 1 })), ThrownError);
  });

  it('never finds functions equal directly', () => {
    const f = lambda((x) => x);
    assert.equal(eq(f, f), false, 'f == f is false at the top level');
    const p = new PrimOp('map', 2, () => null);
    assert.equal(eq(p, p), false);
  });

  it('finds the same cell equal inside lists and sets (pointer equality)', () => {
    const f = lambda((x) => x);
    assert.equal(eq([f], [f]), true, 'let f = x: x; in [ f ] == [ f ]');
    assert.equal(eq(attrs({ f }), attrs({ f })), true);
    const sel1 = lazy(() => f);
    const sel2 = lazy(() => f);
    assert.equal(eq([sel1], [sel2]), false, '[ s.f ] == [ s.f ] uses two cells');
    const shared = lazy(() => f);
    assert.equal(eq([shared], [shared]), true);
    // A value equal to itself only by identity: a NaN in one cell.
    const nan = Thunk.of(new NixFloat(NaN));
    assert.equal(eq([nan], [nan]), true);
  });

  it('still forces a shared cell before comparing it', () => {
    const b = boom();
    assert.throws(() => eq([b], [b]), ThrownError);
    const s = attrs({ a: boom() });
    assert.throws(() => eq(s, s), ThrownError, 'x == x compares x by value');
    // { inherit x; } == { inherit x; }: the shared cell is equal without looking inside.
    const x = Thunk.of(s);
    assert.equal(eq(attrs({ x }), attrs({ x })), true);
  });

  it('compares derivations by outPath only', () => {
    const d1 = attrs({ type: 'derivation', outPath: '/nix/store/0', ignored: boom() });
    const d2 = attrs({ type: 'derivation', outPath: '/nix/store/0', other: boom() });
    assert.equal(eq(d1, d2), true);
    const d3 = attrs({ type: 'derivation', outPath: '/nix/store/1', ignored: boom() });
    assert.equal(eq(d1, d3), false);
    // Only one of them is a derivation: compared as sets.
    assert.equal(eq(d1, attrs({ type: 'x', outPath: '/nix/store/0' })), false);
    assert.throws(() => eq(d1, attrs({ type: 'x', outPath: '/nix/store/0', ignored: 1 })), ThrownError);
  });

  it('handles very deep structures without overflowing', () => {
    let a: Value = null;
    let b: Value = null;
    for (let i = 0; i < 200000; i++) {
      a = attrs({ head: i, tail: a });
      b = attrs({ head: i, tail: b });
    }
    assert.equal(eq(a, b), true);
    let l1: Value = 0;
    let l2: Value = 1;
    for (let i = 0; i < 200000; i++) {
      l1 = [i, l1];
      l2 = [i, l2];
    }
    assert.equal(eq(l1, l2), false);
  });
});

describe('cellsEqual (builtins such as elem)', () => {
  it('treats the same cell as equal, even a function', () => {
    const f = lambda((x) => x);
    assert.equal(cellsEqual(f, f, rt), true);
    assert.equal(
      cellsEqual(
        f,
        lambda((x) => x),
        rt,
      ),
      false,
    );
    assert.equal(cellsEqual(1, new NixFloat(1), rt), true);
    assert.equal(cellsEqual([1], [1], rt), true);
  });
});

describe('lessThan (<)', () => {
  const lt = (a: Value, b: Value): boolean => lessThan(a, b, rt);

  it('orders numbers, strings, paths', () => {
    assert.equal(lt(1, 2), true);
    assert.equal(lt(1, new NixFloat(1.5)), true);
    assert.equal(lt(new NixFloat(1.5), 2), true);
    assert.equal(lt(9007199254740993n, new NixFloat(9007199254740992)), false);
    assert.equal(lt(-9223372036854775808n, 9223372036854775807n), true);
    assert.equal(lt(new NixFloat(NaN), 1), false);
    assert.equal(lt('b', 'ab'), false);
    assert.equal(lt('a', 'b'), true);
    assert.equal(lt('\x7f', '\xc3\xa9'), true, 'bytes compare unsigned');
    assert.equal(lt(new NixPath('/a'), new NixPath('/b')), true);
  });

  it('orders lists lexicographically', () => {
    assert.equal(lt([1], [1, 2]), true);
    assert.equal(lt([1, 2], [1]), false);
    assert.equal(lt([], []), false);
    assert.equal(lt([null], [null]), false);
    assert.equal(lt([NixAttrs.empty, 1], [NixAttrs.empty, 2]), true);
    const f = lambda((x) => x);
    assert.equal(lt([f, 1], [f, 2]), true);
    assert.equal(lt([f], [f]), false);
  });

  it('fails on incomparable values with the suite’s messages', () => {
    assert.equal(
      failure(() => lt(NixAttrs.empty, NixAttrs.empty)).message,
      'cannot compare a set with a set; values of that type are incomparable (values are { } and { })',
    );
    assert.equal(failure(() => lt(1, 'foo')).message, 'cannot compare an integer with a string; values are 1 and "foo"');
    assert.equal(failure(() => lt('string', 1)).message, 'cannot compare a string with an integer; values are "string" and 1');
    assert.equal(failure(() => lt('foo', NixAttrs.empty)).message, 'cannot compare a string with a set; values are "foo" and { }');
    assert.equal(
      failure(() => lt(null, null)).message,
      'cannot compare null with null; values of that type are incomparable (values are null and null)',
    );
    assert.equal(
      failure(() => lt(true, false)).message,
      'cannot compare a Boolean with a Boolean; values of that type are incomparable (values are true and false)',
    );
    assert.equal(failure(() => lt(new NixPath('/a'), '/a')).message, 'cannot compare a path with a string; values are /a and "/a"');
  });

  it('adds a trace per list level', () => {
    const e = failure(() => lt([1, 2], ['foo']));
    assert.equal(e.message, 'cannot compare an integer with a string; values are 1 and "foo"');
    assert.deepEqual(
      e.trace.map((t) => t.message),
      ['while comparing two list elements'],
    );
    const e2 = failure(() => lt([[1]], [['a']]));
    assert.deepEqual(
      e2.trace.map((t) => t.message),
      ['while comparing two list elements', 'while comparing two list elements'],
    );
  });
});

describe('assertEqValues (assert a == b)', () => {
  const explain = (a: Value, b: Value): NixError => failure(() => assertEqValues(a, b, rt));

  it('returns quietly for equal values', () => {
    assertEqValues(attrs({ a: [1, 'x'] }), attrs({ a: [new NixFloat(1), 'x'] }), rt);
  });

  it('explains scalar differences', () => {
    const e = explain(1, new NixFloat(1.1));
    assert.ok(e instanceof AssertionError);
    assert.equal(e.message, "an integer with value '1' is not equal to a float with value '1.1'");
    assert.equal(explain(1, 2).message, "an integer with value '1' is not equal to an integer with value '2'");
    assert.equal(explain(new NixFloat(1), new NixFloat(1.01)).message, "a float with value '1' is not equal to a float with value '1.01'");
    assert.equal(explain(false, null).message, "a Boolean of value 'false' is not equal to null of value 'null'");
    assert.equal(explain(true, false).message, "boolean 'true' is not equal to boolean 'false'");
    assert.equal(explain('/nix/store/0', '/nix/store/1').message, `string '"/nix/store/0"' is not equal to string '"/nix/store/1"'`);
    assert.equal(
      explain(new NixPath('/pwd/lang/foo'), new NixPath('/pwd/lang/bar')).message,
      "path '/pwd/lang/foo' is not equal to path '/pwd/lang/bar'",
    );
    const f = lambda((x) => x);
    assert.equal(explain(f, f).message, 'distinct functions and immediate comparisons of identical functions compare as unequal');
  });

  it('explains list and set differences', () => {
    assert.equal(
      explain([1, 0], [10]).message,
      "list of size '2' is not equal to list of size '1', left hand side is '[ 1 0 ]', right hand side is '[ 10 ]'",
    );
    assert.equal(
      explain(attrs({ a: true }), attrs({ a: true, b: true })).message,
      "attribute names of attribute set '{ a = true; }' differs from attribute set '{ a = true; b = true; }'",
    );
    assert.equal(
      explain(attrs({ a: 1, b: 2 }), attrs({ a: 1, c: 2 })).message,
      "attribute name 'b' is contained in '{ a = 1; b = 2; }', but not in '{ a = 1; c = 2; }'",
    );
    assert.equal(
      explain(attrs({ a: 1, c: 2, d: 3 }), attrs({ a: 1, b: 2, c: 2 })).message,
      "attribute name 'b' is missing in '{ a = 1; c = 2; d = 3; }', but is contained in '{ a = 1; b = 2; c = 2; }'",
    );
  });

  it('traces the way down, attribute positions included', () => {
    const left = attrs({ a: attrs({ b: [attrs({ c: attrs({ d: true }) })] }) });
    const right = attrs({ a: attrs({ b: [attrs({ c: attrs({ d: false }) })] }) });
    const e = failure(() => assertEqValues(left, right, rt));
    assert.equal(e.message, "boolean 'true' is not equal to boolean 'false'");
    assert.deepEqual(e.trace.map((t) => t.message).reverse(), [
      "while comparing attribute 'a'",
      "while comparing attribute 'b'",
      'while comparing list element 0',
      "while comparing attribute 'c'",
      "while comparing attribute 'd'",
    ]);
    const withPos = failure(() =>
      assertEqValues(attrs({ b: 1 }), attrs({ b: 2 }), rt, {
        attrPos: (s: NixAttrs) => ({ source: null as never, offset: s.get('b') === 1 ? 10 : 24 }),
      }),
    );
    assert.deepEqual(withPos.trace.map((t) => [t.message, t.pos?.offset ?? null]).reverse(), [
      ["while comparing attribute 'b'", null],
      ['where left hand side is', 10],
      ['where right hand side is', 24],
    ]);
  });

  it('compares derivations by outPath, saying so', () => {
    const d = (out: string): NixAttrs =>
      attrs({
        foo: attrs({
          type: 'derivation',
          outPath: out,
          ignored: lazy(() => {
            throw new EvalError('not ignored');
          }),
        }),
      });
    const e = failure(() => assertEqValues(d('/nix/store/0'), d('/nix/store/1'), rt));
    assert.equal(e.message, `string '"/nix/store/0"' is not equal to string '"/nix/store/1"'`);
    assert.deepEqual(e.trace.map((t) => t.message).reverse(), [
      "while comparing attribute 'foo'",
      "while comparing a derivation by its 'outPath' attribute",
    ]);
  });
});

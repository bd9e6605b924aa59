import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvalError, NixError, ThrownError } from '../../src/errors/error.js';
import { NixAttrs } from '../../src/value/attrs.js';
import { coerceToString, concatStrings, mergeContexts, normalizeContext } from '../../src/value/coerce.js';
import { LAQUO, RAQUO } from '../../src/value/literal.js';
import { NixFloat, NixPath, NixString, type Value } from '../../src/value/types.js';
import { attrs, FakeRuntime, lambda, lazy } from './fake-runtime.js';

const q = (s: string): string => s.replaceAll('«', LAQUO).replaceAll('»', RAQUO);
const rt = new FakeRuntime();
const more = { coerceMore: true };

function failure(fn: () => unknown): NixError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof NixError, String(e));
    return e;
  }
  assert.fail('expected an error');
}

describe('coerceToString (weak: interpolation)', () => {
  it('keeps strings and their context', () => {
    assert.equal(coerceToString('abc', rt), 'abc');
    const s = new NixString('/nix/store/a', ['/nix/store/a']);
    assert.equal(coerceToString(s, rt), s);
    assert.equal(
      coerceToString(
        lazy(() => 'x'),
        rt,
      ),
      'x',
    );
  });

  it('gives a path its text, or its store path when copying', () => {
    assert.equal(coerceToString(new NixPath('/a/b'), rt), '/a/b');
    const copied = coerceToString(new NixPath('/a/b'), rt, {
      copyToStore: true,
      copyPathToStore: (p) => `/nix/store/hash-${p.slice(p.lastIndexOf('/') + 1)}`,
    });
    assert.ok(copied instanceof NixString);
    assert.equal(copied.value, '/nix/store/hash-b');
    assert.deepEqual(copied.context, ['/nix/store/hash-b']);
    assert.throws(() => coerceToString(new NixPath('/a'), rt, { copyToStore: true }), EvalError);
  });

  it('rejects what only toString accepts, with CppNix messages', () => {
    assert.equal(failure(() => coerceToString(1, rt)).message, 'cannot coerce an integer to a string: 1');
    assert.equal(failure(() => coerceToString(new NixFloat(1.5), rt)).message, 'cannot coerce a float to a string: 1.5');
    assert.equal(failure(() => coerceToString(true, rt)).message, 'cannot coerce a Boolean to a string: true');
    assert.equal(failure(() => coerceToString(null, rt)).message, 'cannot coerce null to a string: null');
    assert.equal(failure(() => coerceToString([], rt)).message, 'cannot coerce a list to a string: [ ]');
    assert.equal(failure(() => coerceToString(NixAttrs.empty, rt)).message, 'cannot coerce a set to a string: { }');
    assert.equal(
      failure(() =>
        coerceToString(
          lambda((x) => x, null, '/f.nix:1:4'),
          rt,
        ),
      ).message,
      q('cannot coerce a function to a string: «lambda @ /f.nix:1:4»'),
    );
  });

  it('adds the caller’s trace entry to coercion failures only', () => {
    const e = failure(() => coerceToString([1], rt, { errorCtx: 'while evaluating a path segment' }));
    assert.deepEqual(
      e.trace.map((t) => t.message),
      ['while evaluating a path segment'],
    );
    const thrown = failure(() =>
      coerceToString(
        lazy(() => {
          throw new ThrownError('boom');
        }),
        rt,
        { errorCtx: 'while evaluating a path segment' },
      ),
    );
    assert.deepEqual(thrown.trace, []);
  });
});

describe('coerceToString of sets', () => {
  it('calls __toString with the set itself', () => {
    const s = attrs({ __toString: lambda((self) => (self as NixAttrs).get('a')!), a: 'q', outPath: 'o' });
    assert.equal(coerceToString(s, rt), 'q');
  });

  it('coerces the result of __toString again, in the same mode', () => {
    assert.equal(coerceToString(attrs({ __toString: lambda(() => 5) }), rt, more), '5');
    assert.equal(coerceToString(attrs({ __toString: lambda(() => [1, 2]) }), rt, more), '1 2');
    assert.equal(coerceToString(attrs({ __toString: lambda(() => attrs({ outPath: 'x' })) }), rt), 'x');
    const e = failure(() =>
      coerceToString(attrs({ __toString: lambda(() => ['1', '2']) }), rt, { errorCtx: 'while evaluating a path segment' }),
    );
    assert.equal(e.message, 'cannot coerce a list to a string: [ "1" "2" ]');
    assert.deepEqual(
      e.trace.map((t) => t.message),
      ['while evaluating a path segment', 'while using the result of the `__toString` attribute'],
    );
  });

  it('reports a failing __toString call', () => {
    const e = failure(() => coerceToString(attrs({ __toString: 'not a function' }), rt));
    assert.deepEqual(
      e.trace.map((t) => t.message),
      ['while calling the `__toString` attribute'],
    );
  });

  it('follows outPath', () => {
    assert.equal(coerceToString(attrs({ outPath: attrs({ outPath: 'deep' }) }), rt), 'deep');
    assert.equal(coerceToString(attrs({ outPath: new NixPath('/tmp/vo/t.nix') }), rt, more), '/tmp/vo/t.nix');
    const aborted = failure(() =>
      coerceToString(
        attrs({
          outPath: lazy(() => {
            throw new ThrownError('some failure');
          }),
        }),
        rt,
      ),
    );
    assert.deepEqual(
      aborted.trace.map((t) => t.message),
      ['while evaluating the `outPath` attribute'],
    );
    const bad = failure(() => coerceToString(attrs({ outPath: 1 }), rt));
    assert.equal(bad.message, 'cannot coerce an integer to a string: 1');
    assert.deepEqual(
      bad.trace.map((t) => t.message),
      ['while using the `outPath` attribute'],
    );
  });
});

describe('coerceToString (toString)', () => {
  it('converts scalars', () => {
    assert.equal(coerceToString(true, rt, more), '1');
    assert.equal(coerceToString(false, rt, more), '');
    assert.equal(coerceToString(null, rt, more), '');
    assert.equal(coerceToString(-9223372036854775808n, rt, more), '-9223372036854775808');
    assert.equal(coerceToString(new NixFloat(1.5), rt, more), '1.500000');
    assert.equal(coerceToString(new NixFloat(1e-7), rt, more), '0.000000');
  });

  it('joins lists with spaces, but not after an empty list', () => {
    const l: Value[] = [1, [], [[]], 2, null, true, false, new NixFloat(1.5), [3, 4], 's'];
    assert.equal(coerceToString(l, rt, more), '1  2  1  1.500000 3 4 s');
    assert.equal(coerceToString([[], 1], rt, more), '1');
    assert.equal(coerceToString([1, []], rt, more), '1 ');
    assert.equal(coerceToString([[], [], 1, [[]], []], rt, more), '1  ');
    assert.equal(coerceToString([null, null], rt, more), ' ');
    assert.equal(coerceToString([lazy(() => []), 1], rt, more), '1');
  });

  it('keeps the union of the items’ contexts', () => {
    const a = new NixString('a', ['/nix/store/b']);
    const b = new NixString('b', ['/nix/store/a', '/nix/store/b']);
    const r = coerceToString([a, 'x', b], rt, more);
    assert.ok(r instanceof NixString);
    assert.equal(r.value, 'a x b');
    assert.deepEqual(r.context, ['/nix/store/a', '/nix/store/b']);
  });

  it('traces failures inside lists once per level', () => {
    const e = failure(() =>
      coerceToString([1, [lambda((x) => x)]], rt, {
        coerceMore: true,
        errorCtx: 'while evaluating the first argument passed to builtins.toString',
      }),
    );
    assert.deepEqual(
      e.trace.map((t) => t.message),
      [
        'while evaluating one element of the list',
        'while evaluating one element of the list',
        'while evaluating the first argument passed to builtins.toString',
      ],
    );
  });
});

describe('contexts', () => {
  it('merges sorted and without duplicates', () => {
    assert.deepEqual(mergeContexts(['/a', '/c'], ['/b', '/c']), ['/a', '/b', '/c']);
    assert.deepEqual(mergeContexts([], ['/b']), ['/b']);
    assert.deepEqual(normalizeContext(['=/z', '/a', '/a', '!out!/b']), ['!out!/b', '/a', '=/z']);
  });

  it('concatenates strings keeping contexts', () => {
    assert.equal(concatStrings(['a', 'b'], '-'), 'a-b');
    const r = concatStrings([new NixString('x', ['/nix/store/1']), 'y', new NixString('z', ['/nix/store/0'])]);
    assert.ok(r instanceof NixString);
    assert.equal(r.value, 'xyz');
    assert.deepEqual(r.context, ['/nix/store/0', '/nix/store/1']);
  });
});

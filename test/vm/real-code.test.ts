// Semantics that nixpkgs lib and the module system rely on, each found
// where real code differed from CppNix 2.26 (expected values from it).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalError, evalNix } from '../helpers.js';

describe('a builtin applied to fewer arguments than its arity keeps its strictness', () => {
  // lib.modules checks a configuration with `checked = seq checkUnmatched;`.
  it('seq forces its first argument when the application completes', () => {
    assert.equal(evalError('let s = builtins.seq (throw "x"); in s 1'), 'x');
    assert.equal(evalError('map (builtins.seq (throw "x")) [ 1 ]'), 'x');
    assert.equal(evalError(`builtins.foldl' (builtins.seq (throw "y")) 0 [ 1 ]`), 'y');
    assert.equal(evalNix('let s = builtins.seq 1; in s 2'), '2');
  });

  it('the strict first argument of every builtin that has one', () => {
    const cases: Array<[string, string]> = [
      ['add', '1'],
      ['sub', '1'],
      ['mul', '1'],
      ['div', '1'],
      ['lessThan', '1'],
      ['appendContext', '{ }'],
      ['intersectAttrs', '{ }'],
      ['removeAttrs', '[ ]'],
      ['trace', '1'],
      ['deepSeq', '1'],
      ['elemAt', '0'],
      ['getAttr', '{ }'],
    ];
    for (const [name, second] of cases) {
      assert.equal(evalError(`let f = builtins.${name} (throw "a"); in f ${second}`), 'a', name);
      // Called by a builtin (not a Call instruction): the same.
      assert.equal(evalError(`builtins.map (builtins.${name} (throw "a")) [ ${second} ]`), 'a', name);
    }
  });

  it('a partial application used twice forces its argument once', () => {
    assert.equal(evalNix('let t = builtins.add (1 + 1); in [ (t 1) (t 2) ]'), '[ 3 4 ]');
  });
});

describe('+ with a set on the left', () => {
  // lib.makeSearchPath: `pkg + "/bin"` with a derivation.
  it('coerces a set with outPath or __toString to a string', () => {
    assert.equal(evalNix('{ outPath = "a"; } + "b"'), '"ab"');
    assert.equal(evalNix('{ __toString = s: "x"; } + "b"'), '"xb"');
    assert.equal(evalNix('{ outPath = "a"; } + { outPath = "/b"; }'), '"a/b"');
    assert.equal(evalNix('builtins.getContext ({ outPath = "a"; } + "b")'), '{ }');
  });

  it('copies no path to the store, unlike a string on the left', () => {
    assert.equal(evalNix('{ outPath = /tmp/x; } + "b"'), '"/tmp/xb"');
    assert.equal(evalNix('{ outPath = "a"; } + /tmp/x'), '"a/tmp/x"');
  });

  it('fails as CppNix does on what cannot be coerced', () => {
    assert.equal(evalError('{ } + "b"'), 'cannot coerce a set to a string: { }');
    assert.equal(evalError('{ outPath = "a"; } + 1'), 'cannot coerce an integer to a string: 1');
    assert.equal(evalError('null + "a"'), 'cannot coerce null to a string: null');
    assert.equal(evalError('1 + "a"'), 'cannot add a string to an integer');
  });
});

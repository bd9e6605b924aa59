// Number builtins, checked against CppNix 2.26 on x86-64.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

describe('bitAnd, bitOr, bitXor', () => {
  it('work on 64-bit integers', () => {
    assert.equal(evalNix('builtins.bitAnd 12 10'), '8');
    assert.equal(evalNix('builtins.bitOr 12 10'), '14');
    assert.equal(evalNix('builtins.bitXor 12 10'), '6');
    assert.equal(evalNix('builtins.bitAnd (-1) 9223372036854775807'), '9223372036854775807');
    assert.equal(evalNix('builtins.bitOr (-9223372036854775807 - 1) 1'), '-9223372036854775807');
    assert.equal(evalNix('builtins.bitXor (-1) 9223372036854775807'), '-9223372036854775808');
    assert.equal(evalNix('builtins.bitAnd 4294967296 4294967297'), '4294967296');
  });

  it('check both arguments, first to last', () => {
    assert.equal(evalError('builtins.bitAnd 1.1 2'), 'expected an integer but found a float: 1.1');
    assert.match(evalErrorReport('builtins.bitOr 1 2.2'), /while evaluating the second argument passed to builtins.bitOr/);
    assert.equal(evalError('builtins.bitXor (throw "a") (throw "b")'), 'a');
    assert.match(evalErrorReport('builtins.bitXor (throw "a") 1'), /while evaluating the first argument passed to builtins.bitXor/);
  });
});

describe('ceil, floor', () => {
  it('round to integers', () => {
    assert.equal(evalNix('builtins.floor 1.5'), '1');
    assert.equal(evalNix('builtins.floor (-1.5)'), '-2');
    assert.equal(evalNix('builtins.ceil 1.5'), '2');
    assert.equal(evalNix('builtins.ceil (-0.5)'), '0');
    assert.equal(evalNix('builtins.ceil 23'), '23');
    assert.equal(evalNix('builtins.typeOf (builtins.floor 2.0)'), '"int"');
  });

  it('convert ints through a double, as CppNix 2.26 does', () => {
    assert.equal(evalNix('builtins.ceil 9007199254740993'), '9007199254740992');
    assert.equal(evalNix('builtins.floor 9.2233720368547748e18'), '9223372036854774784');
  });

  it('turn values outside the int64 range, and NaN, into -2^63', () => {
    for (const e of [
      '1.0e30',
      '(-1.0e30)',
      '9223372036854775807',
      '9.2233720368547758e18',
      '(1.0e308 * 10)',
      '(1.0e308 * 10 - 1.0e308 * 10)',
    ])
      assert.equal(evalNix(`builtins.floor ${e}`), '-9223372036854775808', e);
    assert.equal(evalNix('builtins.floor (-9.2233720368547758e18)'), '-9223372036854775808');
  });

  it('check the argument', () => {
    assert.equal(evalError('builtins.ceil "foo"'), 'expected a float but found a string: "foo"');
    assert.match(evalErrorReport('builtins.floor (throw "x")'), /while evaluating the first argument passed to builtins.floor/);
  });
});

describe('compareVersions, splitVersion, parseDrvName', () => {
  it('answer through versions.ts', () => {
    assert.equal(evalNix('builtins.compareVersions "1.0" "2.3"'), '-1');
    assert.equal(evalNix('builtins.compareVersions "2.3" "2.3"'), '0');
    assert.equal(evalNix('builtins.compareVersions "2.3" "2.3pre1"'), '1');
    assert.equal(evalNix('builtins.splitVersion "1.2.3-pre.4a"'), '[ "1" "2" "3" "pre" "4" "a" ]');
    assert.equal(evalNix('builtins.splitVersion ""'), '[ ]');
    assert.equal(evalNix('builtins.parseDrvName "nix-0.12pre12876"'), '{ name = "nix"; version = "0.12pre12876"; }');
    assert.equal(evalNix('builtins.parseDrvName "foo"'), '{ name = "foo"; version = ""; }');
  });

  it('check their arguments, first to last', () => {
    assert.equal(evalError('builtins.compareVersions 1 (throw "b")'), 'expected a string but found an integer: 1');
    assert.match(
      evalErrorReport('builtins.compareVersions "a" 1'),
      /while evaluating the second argument passed to builtins.compareVersions/,
    );
    assert.match(
      evalErrorReport('builtins.parseDrvName (throw "p")'),
      /while evaluating the first argument passed to builtins.parseDrvName/,
    );
    assert.match(
      evalError('builtins.splitVersion "${builtins.toFile "x" "y"}"'),
      /^the string '\/nix\/store\/[a-z0-9]{32}-x' is not allowed to refer to a store path/,
    );
  });
});

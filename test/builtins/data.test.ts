// toJSON, fromJSON, toXML (and fromTOML) as builtins: the conversions are
// tested in test/value; this checks the builtins' own behaviour against
// CppNix 2.26. Expressions are binary strings.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

const CTX = '{ "/nix/store/00000000000000000000000000000000-x" = { path = true; }; }';

describe('toJSON', () => {
  it('converts values', () => {
    assert.equal(evalNix('builtins.toJSON { b = [ 1 2.5 null true ]; a = "x"; }'), '"{\\"a\\":\\"x\\",\\"b\\":[1,2.5,null,true]}"');
    assert.equal(evalNix('builtins.toJSON 9223372036854775807'), '"9223372036854775807"');
    assert.equal(evalNix('builtins.toJSON [ 0.1 1.0e21 1.5e-7 ]'), '"[0.1,1e+21,1.5e-07]"');
    assert.equal(evalNix('builtins.toJSON "\\u0001\\t"'.replace('\\u0001', '\x01')), '"\\"\\\\u0001\\\\t\\""');
    assert.equal(evalNix('builtins.toJSON { __toString = self: "s"; }'), '"\\"s\\""');
    assert.equal(evalNix('builtins.toJSON { outPath = 42; }'), '"42"');
  });

  it('passes UTF-8 through and rejects invalid bytes', () => {
    assert.equal(evalNix('builtins.toJSON "\xc3\xa9"'), '"\\"\xc3\xa9\\""');
    assert.equal(
      evalError('builtins.toJSON "_invalid UTF-8: \xff_"'),
      'JSON serialization error: [json.exception.type_error.316] invalid UTF-8 byte at index 16: 0xFF',
    );
  });

  it('keeps the context of the strings inside', () => {
    assert.equal(evalNix(`builtins.hasContext (builtins.toJSON [ (builtins.appendContext "a" ${CTX}) ])`), 'true');
  });

  it('points at the function it cannot convert', () => {
    const report = evalErrorReport('builtins.toJSON (x: x)');
    assert.match(report, /error: cannot convert a function to JSON\n\s+at .*:1:18:/);
  });

  it('names the attributes and elements on the way to an error', () => {
    const report = evalErrorReport('builtins.toJSON { a = [ 1 (throw "boom") ]; }');
    assert.match(report, /while evaluating attribute 'a'/);
    assert.match(report, /while evaluating list element at index 1/);
    assert.match(report, /error: boom/);
  });
});

describe('fromJSON', () => {
  it('parses', () => {
    assert.equal(evalNix('builtins.fromJSON "[1, 2.5, \\"x\\", null, true, {\\"a\\": {}}]"'), '[ 1 2.5 "x" null true { a = { }; } ]');
    assert.equal(evalNix('builtins.fromJSON "-9223372036854775808"'), '-9223372036854775808');
    assert.equal(evalNix('builtins.fromJSON "{\\"a\\":1,\\"a\\":2}"'), '{ a = 2; }');
    assert.equal(evalNix('builtins.fromJSON "\\"\\\\ud83d\\\\ude00\\""'), '"\xf0\x9f\x98\x80"');
  });

  it('fails with nlohmann messages and the decoding trace', () => {
    const report = evalErrorReport('builtins.fromJSON "[1,]"');
    assert.match(report, /while decoding a JSON string/);
    assert.match(report, /\[json.exception.parse_error.101\] parse error at line 1, column 4/);
    assert.equal(
      evalError('builtins.fromJSON "18446744073709551615"'),
      'unsigned json number 18446744073709551615 outside of Nix integer range',
    );
  });

  it('refuses strings with a context, and other types', () => {
    assert.equal(
      evalError(`builtins.fromJSON (builtins.appendContext "1" ${CTX})`),
      "the string '1' is not allowed to refer to a store path (such as '00000000000000000000000000000000-x')",
    );
    const report = evalErrorReport('builtins.fromJSON 1');
    assert.match(report, /while evaluating the first argument passed to builtins.fromJSON/);
    assert.match(report, /expected a string but found an integer: 1/);
  });

  it('round-trips', () => {
    assert.equal(evalNix('let v = { a = [ 1 "b\\n" { c = null; } ]; d = -0.5; }; in builtins.fromJSON (builtins.toJSON v) == v'), 'true');
  });
});

describe('toXML', () => {
  it('prints without locations', () => {
    assert.equal(
      evalNix('builtins.toXML { a = "s"; }'),
      '"<?xml version=\'1.0\' encoding=\'utf-8\'?>\\n<expr>\\n  <attrs>\\n    <attr name=\\"a\\">\\n      <string value=\\"s\\" />\\n    </attr>\\n  </attrs>\\n</expr>\\n"',
    );
  });

  it('keeps the context', () => {
    assert.equal(evalNix(`builtins.hasContext (builtins.toXML (builtins.appendContext "1" ${CTX}))`), 'true');
  });
});

describe('fromTOML', () => {
  it('turns tables into sets', () => {
    assert.equal(
      evalNix('builtins.fromTOML "[a]\\nb = 1\\n[a.c]\\nd = [1, 2.0, \\"x\\", {y = 1}]"'),
      '{ a = { b = 1; c = { d = [ 1 2 "x" { y = 1; } ]; }; }; }',
    );
    assert.equal(evalNix('builtins.fromTOML ""'), '{ }');
    assert.equal(evalNix('builtins.fromTOML "a = 9223372036854775807"'), '{ a = 9223372036854775807; }');
    assert.equal(evalNix('builtins.fromTOML "a = \\"\xc3\xa9\\"\\n\\"\xca\x8e\\" = 1"'), '{ a = "\xc3\xa9"; "\xca\x8e" = 1; }');
  });

  it('keeps floats apart, with the sign of nan', () => {
    assert.equal(
      evalNix('builtins.fromTOML "a = -nan\\nb = nan\\nc = +nan\\nd = -inf\\ne = -0.0"'),
      '{ a = -nan; b = nan; c = nan; d = -inf; e = -0; }',
    );
    assert.equal(evalNix('builtins.typeOf (builtins.fromTOML "a = 1.0").a'), '"float"');
  });

  it('returns timestamps only with parse-toml-timestamps', () => {
    assert.equal(evalError('builtins.fromTOML "a = 1979-05-27"'), 'while parsing TOML: Dates and times are not supported');
    assert.equal(
      evalNix('builtins.fromTOML "a = 1979-05-27T07:32:00Z"', { settings: { experimentalFeatures: new Set(['parse-toml-timestamps']) } }),
      '{ a = { _type = "timestamp"; value = "1979-05-27T07:32:00Z"; }; }',
    );
  });

  it('fails as CppNix does', () => {
    assert.match(
      evalError('builtins.fromTOML "a = 1\\na = 2"'),
      /^while parsing TOML: \[error\] toml::insert_value: failed to insert a value, value already exists/,
    );
    assert.equal(
      evalError(`builtins.fromTOML (builtins.appendContext "a=1" ${CTX})`),
      "the string 'a=1' is not allowed to refer to a store path (such as '00000000000000000000000000000000-x')",
    );
    assert.match(evalErrorReport('builtins.fromTOML 1'), /while evaluating the argument passed to builtins.fromTOML/);
  });
});

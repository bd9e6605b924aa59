import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, NixError, printValue, renderError } from '../../src/index.js';

describe('the library API', () => {
  it('evaluates text to values, strictly when asked', () => {
    assert.equal(printValue(evaluate('{ a = 1 + 2; b = [ "x" ]; }', { strict: true })), '{ a = 3; b = [ "x" ]; }');
    assert.equal(printValue(evaluate('{ a = 1 + 2; }')), '{ a = <CODE>; }');
  });
  it('takes UTF-8 text and keeps strings as bytes', () => {
    assert.equal(evaluate('builtins.stringLength "é"'), 2);
  });
  it('throws Nix errors that render as CppNix prints them', () => {
    assert.throws(
      () => evaluate('throw "nope"'),
      (e: unknown) => e instanceof NixError && renderError(e, false).endsWith('error: nope'),
    );
  });
});

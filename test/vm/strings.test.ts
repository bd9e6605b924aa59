// Building strings: interpolation and `+` on strings, whose results are
// flat JS strings when short and ropes when a part is long (see
// vm/operations.ts's interpolate); both must read the same.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeInstruction } from '../../src/bytecode/chunk.js';
import { Op } from '../../src/bytecode/opcodes.js';
import { Source } from '../../src/errors/source.js';
import { evalError, evalErrorReport, evalNix, makeEvaluator } from '../helpers.js';

/** The opcodes of the top-level code of `expr`, in order. */
function topLevelOps(expr: string): Op[] {
  const chunk = makeEvaluator().compile(new Source('«test»', expr, '/')).chunk;
  const ops: Op[] = [];
  for (let at = 0; at < chunk.length;) {
    const { op, next } = decodeInstruction(chunk.code, at);
    ops.push(op as Op);
    at = next;
  }
  return ops;
}

/** A 1600-byte string, longer than the parts interpolation copies. */
const LONG = 'builtins.concatStringsSep "" (builtins.genList (i: "abcdefgh") 200)';
const CONTEXT = 'builtins.appendContext "c" { "/nix/store/00000000000000000000000000000000-x" = { path = true; }; }';

describe('interpolation of long parts', () => {
  it('reads as the whole text', () => {
    const expr = `let s = ${LONG}; t = "<\${s}>\${s}!"; in
      [ (builtins.stringLength t) (builtins.substring 0 3 t) (builtins.substring 1600 4 t) (builtins.substring 3201 2 t)
        (t == "<" + s + ">" + s + "!") (builtins.hashString "md5" t == builtins.hashString "md5" (builtins.concatStringsSep "" [ "<" s ">" s "!" ])) ]`;
    assert.equal(evalNix(expr), '[ 3203 "<ab" "h>ab" "h!" true true ]');
  });

  it('keeps the context of every part', () => {
    assert.equal(evalNix(`let s = ${LONG}; in builtins.hasContext "\${s}\${${CONTEXT}}"`), 'true');
    assert.equal(evalNix(`let s = ${LONG}; in builtins.stringLength "\${${CONTEXT}}\${s}"`), '1601');
  });

  it('grows a string one interpolation at a time', () => {
    const expr =
      'let s = builtins.foldl\' (acc: i: "${acc}${toString i}") "" (builtins.genList (i: 7) 20000); in [ (builtins.stringLength s) (builtins.substring 19998 5 s) ]';
    assert.equal(evalNix(expr), '[ 20000 "77" ]');
  });
});

describe('`+` chains that start with a string', () => {
  it('are compiled as one interpolation', () => {
    const ops = topLevelOps('let x = "x"; in "a${x}b" + x + "c"');
    assert.ok(!ops.includes(Op.Add));
    assert.equal(ops.filter((op) => op === Op.Interpolate).length, 1);
    // A chain that may be arithmetic is left to Add.
    assert.ok(topLevelOps('let x = 1; in x + "a" + "b"').includes(Op.Add));
    assert.ok(topLevelOps('./a + "b"').includes(Op.Add));
  });

  it('concatenate as `+` does, contexts and store copies included', () => {
    assert.equal(
      evalNix('let x = "x"; in [ ("a" + "b" + "c") ("a${x}b" + x + "c") ("" + "") ("a" + ("b" + "c")) ]'),
      '[ "abc" "axbxc" "" "abc" ]',
    );
    assert.equal(evalNix('"a" + { __toString = s: "t"; } + { outPath = "o"; }'), '"ato"');
    assert.equal(
      evalNix(`builtins.attrNames (builtins.getContext ("a" + (${CONTEXT}) + "b"))`),
      '[ "/nix/store/00000000000000000000000000000000-x" ]',
    );
    assert.match(evalNix('"a" + ./package.json'), /^"a\/nix\/store\/[0-9a-z]{32}-package\.json"$/);
  });

  it('fail where the `+` failed, with its traces', () => {
    assert.equal(evalError('"a" + "b" + 1'), 'cannot coerce an integer to a string: 1');
    const report = evalErrorReport('"a" + "b" +\n  { }');
    assert.match(report, /while evaluating a path segment\n\s+at \S*string\S*:2:3:/);
    assert.match(report, /cannot coerce a set to a string: \{ \}/);
    assert.match(evalErrorReport('"a" + (throw "boom") + "c"'), /in an operand of '\+'[^]*error: boom/);
  });
});

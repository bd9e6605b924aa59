// Building strings: interpolation and `+` on strings, whose results are
// flat JS strings when short and ropes when a part is long (see
// vm/operations.ts's interpolate); both must read the same.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalNix } from '../helpers.js';

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

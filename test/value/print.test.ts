// Expected strings are what CppNix 2.26's `nix-instantiate --eval` prints.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NixAttrs } from '../../src/value/attrs.js';
import { LAQUO, RAQUO, printLiteralString } from '../../src/value/literal.js';
import { floatToString, printValue } from '../../src/value/print.js';
import { NixFloat, NixPath, NixString, PrimOp, PrimOpApp, Thunk, ThunkState, type Value } from '../../src/value/types.js';
import { attrs, lambda, lazy } from './fake-runtime.js';

const q = (s: string): string => s.replaceAll('«', LAQUO).replaceAll('»', RAQUO);

describe('printValue (nix-instantiate --eval)', () => {
  it('prints scalars', () => {
    assert.equal(printValue(1), '1');
    assert.equal(printValue(-9223372036854775808n), '-9223372036854775808');
    assert.equal(printValue(new NixFloat(1)), '1');
    assert.equal(printValue(new NixFloat(0.1)), '0.1');
    assert.equal(printValue(new NixFloat(-0)), '-0');
    assert.equal(printValue(true), 'true');
    assert.equal(printValue(null), 'null');
    assert.equal(printValue(new NixPath('/tmp/vo/foo')), '/tmp/vo/foo');
    assert.equal(printValue(new NixString('/nix/store/x', ['/nix/store/x'])), '"/nix/store/x"');
  });

  it('escapes strings as Nix literals, bytes ≥ 0x80 raw', () => {
    assert.equal(printValue('"\\${x}$ \n\r\t\x7f\xc3\xa9$'), '"\\"\\\\\\${x}$ \\n\\r\\t\x7f\xc3\xa9$"');
    assert.equal(printValue('a$'), '"a$"');
    assert.equal(printValue('$${'), '"$\\${"');
    assert.equal(printValue('\xff\x00'), '"\xff\x00"');
  });

  it('prints lists and sets, empty ones with a space', () => {
    assert.equal(printValue([1, 2]), '[ 1 2 ]');
    assert.equal(printValue([]), '[ ]');
    assert.equal(printValue(NixAttrs.empty), '{ }');
    assert.equal(printValue([[], []]), '[ [ ] [ ] ]');
    assert.equal(printValue([NixAttrs.empty, NixAttrs.empty]), '[ { } { } ]');
  });

  it('quotes attribute names that are not plain identifiers', () => {
    const s = attrs({ '': 1, '1a': 4, "a-b'": 3, 'a.b': 6, 'f g': null, if: 2, or: 5, _x: 7, é: 8 });
    assert.equal(printValue(s), '{ "" = 1; "1a" = 4; _x = 7; a-b\' = 3; "a.b" = 6; "f g" = null; "if" = 2; or = 5; "é" = 8; }');
  });

  it('prints functions and thunks as CppNix does', () => {
    const map = new PrimOp('map', 2, () => null);
    assert.equal(printValue([null, map, new PrimOpApp(map, [1]), lambda((x) => x)]), '[ null <PRIMOP> <PRIMOP-APP> <LAMBDA> ]');
    const t = lazy(() => 1);
    assert.equal(printValue(attrs({ a: t })), '{ a = <CODE>; }');
    t.state = ThunkState.Done;
    t.value = 2;
    assert.equal(printValue(attrs({ a: t })), '{ a = 2; }');
    const b = lazy(() => 1);
    b.state = ThunkState.Blackhole;
    assert.equal(printValue([b]), q('[ «potential infinite recursion» ]'));
  });

  it('marks repeated sets anywhere in the output, not only on the path', () => {
    const s = attrs({ a: 1 });
    assert.equal(printValue([s, s]), q('[ { a = 1; } «repeated» ]'));
    const w = [1, 2];
    assert.equal(
      printValue(attrs({ a: w, b: w, c: [w], d: [w] })),
      q('{ a = [ 1 2 ]; b = «repeated»; c = [ «repeated» ]; d = [ «repeated» ]; }'),
    );
  });

  it('tracks small lists by cell and big ones by storage', () => {
    // let x = [ x ]; in x  →  [ [ «repeated» ] ]  (the top-level result is a copy)
    const cellX = new Thunk(null, null);
    const x: Value[] = [cellX];
    cellX.state = ThunkState.Done;
    cellX.value = x;
    assert.equal(printValue(x), q('[ [ «repeated» ] ]'));
    // let x = [ x 1 2 ]; in x  →  [ «repeated» 1 2 ]
    const cellY = new Thunk(null, null);
    const y: Value[] = [cellY, 1, 2];
    cellY.state = ThunkState.Done;
    cellY.value = y;
    assert.equal(printValue(y), q('[ «repeated» 1 2 ]'));
    // [ w (if true then w else w) ] with w = [ 1 2 ]: two cells, not repeated
    const w = [1, 2];
    assert.equal(printValue([Thunk.of(w), Thunk.of(w)]), '[ [ 1 2 ] [ 1 2 ] ]');
    const w3 = [1, 2, 3];
    assert.equal(printValue([Thunk.of(w3), Thunk.of(w3)]), q('[ [ 1 2 3 ] «repeated» ]'));
  });

  it('prints a self-referencing set once', () => {
    const cell = new Thunk(null, null);
    const s = attrs({ a: cell });
    cell.state = ThunkState.Done;
    cell.value = s;
    assert.equal(printValue(s), q('{ a = «repeated»; }'));
    assert.equal(printValue([s]), q('[ { a = «repeated»; } ]'));
  });

  it('can switch off repeat tracking', () => {
    const s = attrs({ a: 1 });
    assert.equal(printValue([s, s], { trackRepeated: false }), '[ { a = 1; } { a = 1; } ]');
  });

  it('survives very deep nesting', () => {
    let v: Value = null;
    for (let i = 0; i < 200000; i++) v = [v];
    const s = printValue(v);
    assert.equal(s.length, 200000 * 4 + 4);
    assert.ok(s.startsWith('[ [ [ ') && s.endsWith(' ] ] ]'));
  });

  it('gives toString of floats in %f form', () => {
    assert.equal(floatToString(1.5), '1.500000');
    assert.equal(floatToString(1e21), '1000000000000000000000.000000');
  });

  it('cuts long string literals when asked', () => {
    assert.equal(printLiteralString('abcdef', 3), q('"abc" «3 bytes elided»'));
    assert.equal(printLiteralString('ab"', 2), q('"ab" «1 byte elided»'));
    assert.equal(printLiteralString('a\nb', 3), '"a\\nb"');
  });
});

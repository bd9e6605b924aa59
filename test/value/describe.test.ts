// Expected strings come from CppNix 2.26 error messages
// (`builtins.add 1 X` → `expected an integer but found <showType>: <printForError>`).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NixAttrs } from '../../src/value/attrs.js';
import { printForError, printValueDebug, showType, typeOf } from '../../src/value/describe.js';
import { LAQUO, RAQUO } from '../../src/value/literal.js';
import { Closure, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, Thunk, ThunkState, type Value } from '../../src/value/types.js';
import { attrs, FakeBlueprint, FakeRuntime, lambda, lazy } from './fake-runtime.js';

const q = (s: string): string => s.replaceAll('«', LAQUO).replaceAll('»', RAQUO);
const map = new PrimOp('map', 2, () => null);

describe('typeOf / showType', () => {
  it('names every type', () => {
    const cases: Array<[Value, string, string]> = [
      [1, 'int', 'an integer'],
      [2n ** 60n, 'int', 'an integer'],
      [new NixFloat(1), 'float', 'a float'],
      [true, 'bool', 'a Boolean'],
      ['s', 'string', 'a string'],
      [new NixString('/nix/store/x', ['/nix/store/x']), 'string', 'a string with context'],
      [new NixPath('/x'), 'path', 'a path'],
      [null, 'null', 'null'],
      [NixAttrs.empty, 'set', 'a set'],
      [[], 'list', 'a list'],
      [lambda((x) => x), 'lambda', 'a function'],
      [map, 'lambda', "the built-in function 'map'"],
      [new PrimOpApp(map, [1]), 'lambda', "the partially applied built-in function 'map'"],
    ];
    for (const [v, t, s] of cases) {
      assert.equal(typeOf(v), t);
      assert.equal(showType(v), s);
    }
  });

  it('describes thunks', () => {
    const t = lazy(() => 1);
    assert.equal(showType(t), 'a thunk');
    t.state = ThunkState.Blackhole;
    assert.equal(showType(t), 'a black hole');
    assert.equal(showType(Thunk.of('x')), 'a string');
  });
});

describe('printForError', () => {
  it('prints unevaluated parts as «thunk»', () => {
    assert.equal(printForError([lazy(() => 1), lazy(() => 2)]), q('[ «thunk» «thunk» ]'));
  });

  it('limits attributes to 10 in all, keeping type and _type first', () => {
    const s = NixAttrs.fromObject(Object.fromEntries('abcdefghijk'.split('').map((k, i) => [k, i + 1])));
    assert.equal(printForError(s), q('{ a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8; i = 9; j = 10; «1 attribute elided» }'));
    const d = attrs({ type: 'derivation', outPath: '/nix/store/x', drvPath: '/nix/store/y.drv', z: 1, _type: 2, a: 3 });
    assert.equal(
      printForError(d),
      '{ _type = 2; type = "derivation"; a = 3; drvPath = "/nix/store/y.drv"; outPath = "/nix/store/x"; z = 1; }',
    );
  });

  it('counts elided attributes across nested sets (the billion-laughs case)', () => {
    const leaf = attrs(Object.fromEntries('abcdefghj'.split('').map((k) => [k, 'ha'])));
    const level = (inner: NixAttrs): NixAttrs => NixAttrs.fromObject(Object.fromEntries('abcdefghj'.split('').map((k) => [k, inner])));
    const pkgs = level(level(level(leaf)));
    assert.equal(
      printForError(pkgs),
      q(
        '{ a = { a = { a = { a = "ha"; b = "ha"; c = "ha"; d = "ha"; e = "ha"; f = "ha"; g = "ha"; h = "ha"; j = "ha"; }; «8 attributes elided» }; «8 attributes elided» }; «8 attributes elided» }',
      ),
    );
  });

  it('limits list items to 10 in all', () => {
    assert.equal(printForError([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), q('[ 1 2 3 4 5 6 7 8 9 10 «2 items elided» ]'));
    assert.equal(
      printForError([
        [1, 2, 3, 4, 5, 6, 7, 8],
        [1, 2, 3, 4],
      ]),
      q('[ [ 1 2 3 4 5 6 7 8 ] [ 1 «3 items elided» ] ]'),
    );
  });

  it('limits depth to 10', () => {
    let s: Value = attrs({ a: 1 });
    for (let i = 0; i < 11; i++) s = attrs({ a: s });
    assert.equal(printForError(s), '{ a = { a = { a = { a = { a = { a = { a = { a = { a = { a = { ... }; }; }; }; }; }; }; }; }; }; }');
    let l: Value = [1];
    for (let i = 0; i < 11; i++) l = [l];
    assert.equal(printForError(l), '[ [ [ [ [ [ [ [ [ [ [ ... ] ] ] ] ] ] ] ] ] ] ]');
  });

  it('cuts strings after 1024 bytes', () => {
    const s = 'a'.repeat(1030);
    assert.equal(printForError(s), q(`"${'a'.repeat(1024)}" «6 bytes elided»`));
    assert.equal(printForError(['a'.repeat(1020), 'abcdefghijklmno']), `[ "${'a'.repeat(1020)}" "abcdefghijklmno" ]`);
  });

  it('marks repeats by cell for lists, and all empty sets as one', () => {
    const x = [1];
    assert.equal(printForError([x, x]), q('[ [ 1 ] «repeated» ]'));
    assert.equal(printForError([NixAttrs.empty, attrs({}), [], []]), q('[ { } «repeated» [ ] [ ] ]'));
    const cell = new Thunk(null, null);
    const self: Value[] = [cell];
    cell.state = ThunkState.Done;
    cell.value = self;
    assert.equal(printForError(self), q('[ [ «repeated» ] ]'));
  });

  it('prints functions with their name and position', () => {
    const f = new Closure(new FakeBlueprint('f', null, '/tmp/vo/t.nix:1:9'), []);
    assert.equal(printForError(f), q('«lambda f @ /tmp/vo/t.nix:1:9»'));
    const anon = new Closure(new FakeBlueprint(null, null, '/pwd/lang/x.nix:1:4'), []);
    assert.equal(printForError(anon), q('«lambda @ /pwd/lang/x.nix:1:4»'));
    assert.equal(printForError(map), q('«primop map»'));
    assert.equal(printForError(new PrimOpApp(map, [1])), q('«partially applied primop map»'));
  });

  it('prints floats and strings like the value printer', () => {
    assert.equal(printForError(new NixFloat(2.2)), '2.2');
    assert.equal(printForError('a"b\\c\n${}$'), '"a\\"b\\\\c\\n\\${}$"');
    assert.equal(printForError(new NixPath('/tmp/vo/x')), '/tmp/vo/x');
  });
});

describe('printValueDebug', () => {
  it('prints without limits by default (builtins.trace)', () => {
    const s = NixAttrs.fromObject(Object.fromEntries('abcdefghijk'.split('').map((k, i) => [k, i + 1])));
    assert.equal(printValueDebug(s), '{ a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8; i = 9; j = 10; k = 11; }');
    assert.equal(printValueDebug(attrs({ a: lazy(() => 1), c: 'x' })), q('{ a = «thunk»; c = "x"; }'));
  });

  it('forces when asked, and can show derivations by drvPath', () => {
    const rt = new FakeRuntime();
    const d = attrs({ type: lazy(() => 'derivation'), drvPath: '/nix/store/y.drv', outPath: '/nix/store/x' });
    assert.equal(printValueDebug([lazy(() => d)], { force: true, derivationPaths: true }, rt), q('[ «derivation /nix/store/y.drv» ]'));
    assert.equal(printValueDebug([lazy(() => 2)], { force: true }, rt), '[ 2 ]');
  });

  it('handles very deep values without overflowing', () => {
    let v: Value = 1;
    for (let i = 0; i < 100000; i++) v = attrs({ a: v });
    const s = printValueDebug(v);
    assert.ok(s.startsWith('{ a = { a = ') && s.endsWith('; }; }'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkScopes } from '../../src/syntax/check.js';
import { parse } from '../../src/syntax/parser.js';
import { errorOf, source } from './util.js';
import { makeEvaluator } from '../helpers.js';

const ok = (text: string) => assert.doesNotThrow(() => checkScopes(parse(source(text)), source(text)));

describe('scope check', () => {
  it('accepts bound variables', () => {
    ok('x: x');
    ok('{ x ? y, y }: x');
    ok('a@{ b }: a b');
    ok('let a = b; b = 1; in a');
    ok('rec { a = b; b = 1; }');
    ok('let inherit (a) b; a = {}; in b');
    ok('rec { inherit (a) b; a = {}; }');
    ok('let x = 1; in let inherit x; in x');
    ok('{ a.b = x: x; }');
  });
  it('accepts builtins and every __name', () => {
    ok('[ true false null builtins import abort throw toString map removeAttrs isNull baseNameOf dirOf derivation ]');
    ok('[ derivationStrict fetchTarball fetchGit fetchMercurial fetchTree fromTOML placeholder scopedImport break __curPos __anything ]');
  });
  it('accepts anything under a with', () => {
    ok('with {}; x');
    ok('y: with y; x: z');
  });
  it('reports the first undefined variable in CppNix order', () => {
    assert.equal(errorOf('x: y'), "undefined variable 'y' @ 1:4");
    assert.equal(errorOf('a > b'), "undefined variable 'b' @ 1:5");
    assert.equal(errorOf('a <= b'), "undefined variable 'b' @ 1:6");
    assert.equal(errorOf('a < b'), "undefined variable 'a' @ 1:1");
    assert.equal(errorOf('a.${b} or c'), "undefined variable 'a' @ 1:1");
    assert.equal(errorOf('x: x.${b} or c'), "undefined variable 'c' @ 1:14");
    assert.equal(errorOf('x: x or'), "undefined variable 'or' @ 1:4");
    assert.equal(errorOf('{ a = 1; }.${b}'), "undefined variable 'b' @ 1:14");
  });
  it('scopes attribute sets as CppNix does', () => {
    assert.equal(errorOf('{ a = 1; b = a; }'), "undefined variable 'a' @ 1:14");
    assert.equal(errorOf('rec { inherit a; }'), "undefined variable 'a' @ 1:15");
    assert.equal(errorOf('let inherit a; in a'), "undefined variable 'a' @ 1:13");
    assert.equal(errorOf('{ inherit (a) b; a = {}; }'), "undefined variable 'a' @ 1:12");
    assert.equal(errorOf('rec { ${a} = 1; b = 2; }'), "undefined variable 'a' @ 1:9");
    assert.equal(errorOf('let { body = x; }'), "undefined variable 'x' @ 1:14");
  });
  it('does not see through a merged rec', () => {
    assert.equal(errorOf('{ a.b = 1; a = rec { c = d; d = 1; }; }'), "undefined variable 'd' @ 1:26");
  });
  it('handles deep nesting', () => {
    const text = 'x: ' + '[ '.repeat(50000) + 'x' + ' ]'.repeat(50000);
    ok(text);
    assert.equal(errorOf('let a = 1; in ' + '{ b = '.repeat(20000) + 'c' + '; }'.repeat(20000)), "undefined variable 'c' @ 1:120015");
  });
});

describe('scope check with the evaluator globals (as --parse runs it)', () => {
  const globals = new Set(makeEvaluator().globals.keys());
  const check = (text: string) => () => checkScopes(parse(source(text)), source(text), globals);
  it('binds `__add` but not `__map` (CppNix binds `map` only)', () => {
    assert.doesNotThrow(check('[ __add __currentTime __nixPath break map __curPos ]'));
    for (const name of ['__map', '__import', '__break', '__nonexistent'])
      assert.throws(check(name), new RegExp(`undefined variable '${name}'`));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvalError } from '../../src/errors/error.js';
import { NixAttrs } from '../../src/value/attrs.js';
import * as C from '../../src/value/check.js';
import { LAQUO, RAQUO } from '../../src/value/literal.js';
import { NixFloat, NixPath, NixString, PrimOp, PrimOpApp } from '../../src/value/types.js';
import { attrs, lambda } from './fake-runtime.js';

const q = (s: string): string => s.replaceAll('«', LAQUO).replaceAll('»', RAQUO);

function fails(fn: () => unknown, msg: string): void {
  assert.throws(fn, (e: unknown) => e instanceof EvalError && e.message === msg);
}

describe('expect*', () => {
  it('returns the value when the type is right', () => {
    assert.equal(C.expectInt(3), 3);
    assert.equal(C.expectInt(2n ** 62n), 2n ** 62n);
    assert.equal(C.expectFloat(new NixFloat(1.5)), 1.5);
    assert.equal(C.expectFloat(2), 2, 'an int is accepted where a float is expected');
    assert.equal(C.expectBool(false), false);
    assert.equal(C.expectString('x'), 'x');
    const ctx = new NixString('/nix/store/a', ['/nix/store/a']);
    assert.equal(C.expectString(ctx), ctx);
    assert.deepEqual(C.expectList([1]), [1]);
    assert.equal(C.expectAttrs(NixAttrs.empty), NixAttrs.empty);
    const functor = attrs({ __functor: lambda((s) => s) });
    assert.equal(C.expectFunction(functor), functor);
    const p = new NixPath('/a');
    assert.equal(C.expectPath(p), p);
  });

  it('fails with the messages CppNix prints', () => {
    fails(() => C.expectInt('foo'), 'expected an integer but found a string: "foo"');
    fails(() => C.expectInt(new NixFloat(1.1)), 'expected an integer but found a float: 1.1');
    fails(() => C.expectInt(NixAttrs.empty), 'expected an integer but found a set: { }');
    fails(() => C.expectFloat('foo'), 'expected a float but found a string: "foo"');
    fails(() => C.expectBool(1), 'expected a Boolean but found an integer: 1');
    fails(() => C.expectBool('true'), 'expected a Boolean but found a string: "true"');
    fails(() => C.expectString(1), 'expected a string but found an integer: 1');
    fails(() => C.expectString(true), 'expected a string but found a Boolean: true');
    fails(() => C.expectString([]), 'expected a string but found a list: [ ]');
    fails(() => C.expectList('foo'), 'expected a list but found a string: "foo"');
    fails(() => C.expectList(NixAttrs.empty), 'expected a list but found a set: { }');
    fails(() => C.expectAttrs([]), 'expected a set but found a list: [ ]');
    fails(() => C.expectAttrs(''), 'expected a set but found a string: ""');
    fails(() => C.expectFunction(1), 'expected a function but found an integer: 1');
    fails(() => C.expectFunction(NixAttrs.empty), 'expected a function but found a set: { }');
    fails(() => C.expectInt(null), 'expected an integer but found null: null');
    fails(() => C.expectNumber('a'), 'expected an integer but found a string: "a"');
    assert.equal(C.expectNumber(2), 2);
    const map = new PrimOp('map', 2, () => null);
    fails(() => C.expectInt(map), q("expected an integer but found the built-in function 'map': «primop map»"));
    fails(
      () => C.expectInt(new PrimOpApp(map, [1])),
      q("expected an integer but found the partially applied built-in function 'map': «partially applied primop map»"),
    );
    fails(
      () => C.expectInt(new NixString('/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x', ['/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x'])),
      'expected an integer but found a string with context: "/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x"',
    );
  });

  it('rejects strings with context where none is allowed, naming an element as CppNix does', () => {
    assert.equal(C.expectStringNoContext('plain'), 'plain');
    fails(
      () => C.expectStringNoContext(new NixString('/nix/store/lfng-x', ['/nix/store/lfng-x'])),
      "the string '/nix/store/lfng-x' is not allowed to refer to a store path (such as 'lfng-x')",
    );
    fails(
      () => C.expectStringNoContext(new NixString('/nix/store/gww-x', ['!out!/nix/store/5wq-x.drv'])),
      "the string '/nix/store/gww-x' is not allowed to refer to a store path (such as '!out!5wq-x.drv')",
    );
    fails(
      () => C.expectStringNoContext(new NixString('s', ['!out!/nix/store/a.drv', '/nix/store/b', '=/nix/store/c.drv'])),
      "the string 's' is not allowed to refer to a store path (such as 'b')",
    );
  });
});

// Which environment a thunk runs in: one of its own (the values it
// captures, copied when it is made), or, when it needs nothing but the
// upvalues of the code making it, that code's own (no array to make).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listChunks } from '../../src/bytecode/disasm.js';
import { mentions } from '../../src/compiler/mentions.js';
import type { Expr } from '../../src/syntax/ast.js';
import { Source } from '../../src/errors/source.js';
import { evalNix, makeEvaluator } from '../helpers.js';

/** The capture list made for the thunk named `name` (its Thunk or Finalise operands, disassembled), e.g. `[local:0]`. */
function capturesOf(expr: string, name: string): string {
  const chunks = listChunks(makeEvaluator().compile(new Source('«test»', expr, '/')));
  const thunk = chunks.find((c) => c.header.includes(`thunk '${name}'`));
  assert.ok(thunk, `no thunk '${name}'`);
  const names = (operands: string): boolean => operands.includes(`(#${thunk.id} `);
  for (const c of chunks) {
    const made = c.instructions.find((i) => i.op === 'Thunk' && names(i.operands));
    if (made) return made.operands.slice(made.operands.indexOf('['));
    // A recursive binding (one `let` per chunk here): the n-th AllocThunk makes the n-th slot the Finalises fill in.
    const allocs = c.instructions.filter((i) => i.op === 'AllocThunk');
    const at = allocs.findIndex((i) => names(i.operands));
    if (at >= 0) {
      const finalises = c.instructions.filter((i) => i.op === 'Finalise');
      const slot = (i: { operands: string }): number => Number(i.operands.split(' ')[0]);
      const first = Math.min(...finalises.map(slot));
      const finalise = finalises.find((i) => slot(i) === first + at)!;
      return finalise.operands.slice(finalise.operands.indexOf('['));
    }
  }
  assert.fail(`the thunk '${name}' is not made anywhere`);
}

const SHARED = "[the frame's]";
const lib = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/nixpkgs-lib/lib');

describe('a thunk in the environment of the code making it', () => {
  it('is made for a body that needs only the upvalues of that code', () => {
    const expr = 'a: b: let t = a.x; u = a.y + 1; in t + u';
    assert.equal(capturesOf(expr, 't'), SHARED);
    assert.equal(capturesOf(expr, 'u'), SHARED);
    assert.equal(evalNix(`(${expr}) { x = 1; y = 2; } null`), '4');
  });

  it('is not made for a body that needs a local of that code', () => {
    const expr = 'a: b: let t = b; u = t + a; in u';
    assert.notEqual(capturesOf(expr, 'u'), SHARED);
    assert.match(capturesOf(expr, 'u'), /local:/);
    assert.equal(evalNix(`(${expr}) 1 2`), '3');
  });

  it('is not made in a file, which has no environment, nor under a `with` the code opens', () => {
    assert.notEqual(capturesOf('let t = 1 + 1; in t', 't'), SHARED);
    const under = 'a: b: with b; let t = a.x; in t';
    assert.notEqual(capturesOf(under, 't'), SHARED);
    assert.equal(evalNix(`(${under}) { x = 7; } { }`), '7');
  });

  it('is made inside thunks run that way too, down to a body needing their locals', () => {
    const expr = 'a: b: let t = let v = a.x; w = v + 1; in [ w ]; in t';
    assert.equal(capturesOf(expr, 't'), SHARED);
    assert.equal(capturesOf(expr, 'v'), SHARED);
    assert.equal(capturesOf(expr, 'w'), '[local:0]');
    assert.equal(evalNix(`(${expr}) { x = 3; } 0`), '[ 4 ]');
  });

  it('is given up when compiling finds the body needs a local after all', () => {
    // `u - 1` names only the upvalue u, but `-` calls the local __sub (CppNix: [ 501 ]).
    const expr = 'let u = 5; in (__sub: [ (u - 1) ]) (a: b: a * 100 + b)';
    assert.equal(evalNix(expr), '[ 501 ]');
    const nested = 'let u = 5; in (__sub: v: let t = [ (u - v) ]; in t) (a: b: a * 100 + b) 2';
    assert.notEqual(capturesOf(nested, 't'), SHARED);
    assert.equal(evalNix(nested), '[ 502 ]');
  });

  it(
    'evaluates as one with its own environment, in the module system',
    { skip: !fs.existsSync(lib) && 'no nixpkgs lib beside the project' },
    () => {
      const expr = `
      let
        lib = import ${lib};
        m = { config, lib, ... }: {
          options.a = lib.mkOption { type = lib.types.int; default = 1; };
          options.b = lib.mkOption { type = lib.types.str; };
          config.b = "x\${toString config.a}";
        };
      in with (lib.evalModules { modules = [ m { a = 2; } ]; }).config; [ a b ]`;
      assert.equal(evalNix(expr), '[ 2 "x2" ]');
    },
  );
});

describe('the thunks of one `let`', () => {
  it('share one environment of all their captures, made by the first', () => {
    const expr = 'x: let a = x + 1; b = a + x; c = b * 2; in [ a b c ]';
    assert.equal(capturesOf(expr, 'a'), '[local:0 local:1 local:2]');
    assert.equal(capturesOf(expr, 'b'), '[the previous]');
    assert.equal(capturesOf(expr, 'c'), '[the previous]');
    assert.equal(evalNix(`(${expr}) 5`), '[ 6 11 22 ]');
  });

  it('take it even when a function of the same `let` has an environment of its own', () => {
    // round, a function, keeps its own environment; fs and total share one.
    const expr = `let
      fs = builtins.genList (i: x: x + i) 3;
      round = j: builtins.foldl' (acc: f: acc + f j) 0 fs;
      total = builtins.foldl' (acc: j: acc + round j) 0 (builtins.genList (j: j) 4);
    in total`;
    assert.equal(capturesOf(expr, 'total'), '[the previous]');
    assert.equal(evalNix(expr), '30');
  });

  it('each have their own in a `rec` set with __overrides, which is forced between them', () => {
    const expr = 'x: rec { __overrides = { a = x * 10; }; a = 1; b = a + x; c = b + a; }';
    assert.notEqual(capturesOf(expr, 'c'), '[the previous]');
    assert.equal(evalNix(`removeAttrs ((${expr}) 2) [ "__overrides" ]`), '{ a = 20; b = 22; c = 42; }');
  });
});

describe('mentions', () => {
  const v = (name: string): Expr => ({ kind: 'var', pos: 0, name });
  const calls = (depth: number): Expr => {
    let e: Expr = v('x');
    for (let i = 0; i < depth; i++) e = { kind: 'call', pos: 0, fn: v('f'), args: [e] };
    return e;
  };

  it('finds a name anywhere in a tree, and says no when it is not there', () => {
    assert.equal(
      mentions(calls(50), (n) => n === 'x'),
      true,
    );
    assert.equal(
      mentions(calls(50), (n) => n === 'y'),
      false,
    );
  });

  it('says yes, the safe guess, for a tree too large to walk in its budget', () => {
    // Every thunk of a deep tree asks again: walking each whole would be quadratic.
    assert.equal(
      mentions(calls(5000), (n) => n === 'y'),
      true,
    );
    assert.equal(
      mentions(calls(5000), (n) => n === 'y', 20000),
      false,
    );
  });
});

// Which environment a thunk runs in: one of its own (the values it
// captures, copied when it is made), or, when it needs nothing but the
// upvalues of the code making it, that code's own (no array to make).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listChunks } from '../../src/bytecode/disasm.js';
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
    // A recursive binding: the n-th AllocThunk of a scope is filled in by its n-th Finalise.
    const allocs = c.instructions.filter((i) => i.op === 'AllocThunk');
    const at = allocs.findIndex((i) => names(i.operands));
    if (at >= 0) {
      const finalise = c.instructions.filter((i) => i.op === 'Finalise')[at]!;
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

  it('evaluates as one with its own environment, in the module system', () => {
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
  });
});

// Attribute set builtins, checked against CppNix 2.26.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

describe('attrNames, attrValues', () => {
  it('list in byte order without forcing values', () => {
    assert.equal(evalNix('builtins.attrNames { b = 1; a = 2; B = 3; }'), '[ "B" "a" "b" ]');
    assert.equal(evalNix('builtins.attrValues { b = 1; a = 2; }'), '[ 2 1 ]');
    assert.equal(evalNix('builtins.length (builtins.attrValues { a = throw "x"; })'), '1');
    assert.equal(evalNix('builtins.attrNames { }'), '[ ]');
  });

  it('name the argument in type errors', () => {
    assert.match(evalErrorReport('builtins.attrNames [ ]'), /while evaluating the argument passed to builtins.attrNames/);
  });
});

describe('getAttr, hasAttr', () => {
  it('select and test', () => {
    assert.equal(evalNix('builtins.getAttr "a" { a = 1; }'), '1');
    assert.equal(evalNix('builtins.hasAttr "a" { a = throw "x"; }'), 'true');
    assert.equal(evalNix('builtins.hasAttr "b" { a = 1; }'), 'false');
  });

  it('report a missing attribute without suggestions', () => {
    assert.equal(evalError('builtins.getAttr "fob" { foo = 1; }'), "attribute 'fob' missing");
    assert.match(evalErrorReport('builtins.getAttr "fob" { foo = 1; }'), /in the attribute set under consideration/);
  });

  it('force the name first, annotating its evaluation errors', () => {
    assert.equal(evalError('builtins.getAttr (throw "a") (throw "b")'), 'a');
    assert.match(evalErrorReport('builtins.hasAttr (throw "a") { }'), /while evaluating the first argument passed to builtins.hasAttr/);
  });
});

describe('removeAttrs, intersectAttrs, catAttrs', () => {
  it('removeAttrs ignores absent names', () => {
    assert.equal(evalNix('builtins.removeAttrs { a = 1; b = 2; c = 3; } [ "a" "c" "z" ]'), '{ b = 2; }');
    assert.equal(evalNix('builtins.removeAttrs { } [ ]'), '{ }');
    assert.match(
      evalErrorReport('builtins.removeAttrs { a = 1; } [ 1 ]'),
      /while evaluating the values of the second argument passed to builtins.removeAttrs/,
    );
  });

  it('intersectAttrs takes the values of the second set', () => {
    assert.equal(evalNix('builtins.intersectAttrs { a = 1; b = 2; } { b = 3; c = 4; }'), '{ b = 3; }');
    assert.equal(evalNix('builtins.intersectAttrs { } { b = 3; }'), '{ }');
    assert.equal(
      evalNix('builtins.intersectAttrs { a = 0; b = 0; c = 0; d = 0; e = 0; f = 0; g = 0; h = 0; i = 0; } { c = 1; i = 2; z = 3; }'),
      '{ c = 1; i = 2; }',
    );
  });

  it('catAttrs collects in list order, lazily', () => {
    assert.equal(evalNix('builtins.catAttrs "a" [ { a = 1; } { b = 2; } { a = 3; } ]'), '[ 1 3 ]');
    assert.equal(evalNix('builtins.length (builtins.catAttrs "a" [ { a = throw "x"; } ])'), '1');
    assert.match(
      evalErrorReport('builtins.catAttrs "a" [ 1 ]'),
      /while evaluating an element in the list passed as second argument to builtins.catAttrs/,
    );
  });
});

describe('mapAttrs, zipAttrsWith', () => {
  it('mapAttrs is lazy, even in the function', () => {
    assert.equal(evalNix('builtins.mapAttrs (n: v: n + toString v) { a = 1; b = 2; }'), '{ a = "a1"; b = "b2"; }');
    assert.equal(evalNix('builtins.attrNames (builtins.mapAttrs 1 { a = 1; })'), '[ "a" ]');
    assert.equal(evalNix('builtins.mapAttrs (throw "f") { }'), '{ }');
  });

  it('zipAttrsWith groups values by name, in list order', () => {
    assert.equal(evalNix('builtins.zipAttrsWith (n: vs: vs) [ { a = 1; } { a = 2; b = 3; } ]'), '{ a = [ 1 2 ]; b = [ 3 ]; }');
    assert.equal(evalNix('builtins.zipAttrsWith (n: vs: n) [ ]'), '{ }');
    assert.equal(evalError('builtins.zipAttrsWith (n: vs: n) [ 1 ]'), 'expected a set but found an integer: 1');
    assert.equal(evalError('builtins.zipAttrsWith 1 [ ]'), 'expected a function but found an integer: 1');
  });
});

describe('functionArgs', () => {
  it('lists formals and whether they have defaults', () => {
    assert.equal(evalNix('builtins.functionArgs ({ b, a ? 1, ... }: a)'), '{ a = true; b = false; }');
    assert.equal(evalNix('builtins.functionArgs (x: x)'), '{ }');
    assert.equal(evalNix('builtins.functionArgs builtins.add'), '{ }');
    assert.equal(evalNix('builtins.functionArgs (builtins.add 1)'), '{ }');
  });

  it('rejects everything else, functors included', () => {
    assert.equal(evalError('builtins.functionArgs { __functor = s: x: x; }'), "'functionArgs' requires a function");
  });
});

describe('unsafeGetAttrPos', () => {
  it('is null without a file position', () => {
    assert.equal(evalNix('builtins.unsafeGetAttrPos "a" { a = 1; }'), 'null');
    assert.equal(evalNix('builtins.unsafeGetAttrPos "b" { a = 1; }'), 'null');
    assert.equal(evalNix('builtins.unsafeGetAttrPos "abort" builtins'), 'null');
  });

  it('gives file, line and column in a file, through builtins that keep positions', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-attrs-'));
    const file = path.join(dir, 'pos.nix');
    fs.writeFileSync(
      file,
      [
        'let s = { a = 1; b = 2; };',
        '  l = builtins.listToAttrs [ { name = "x"; value = 1; } ];',
        'in [ (builtins.unsafeGetAttrPos "a" s) (builtins.unsafeGetAttrPos "a" (builtins.mapAttrs (n: v: v) s))',
        '  (builtins.unsafeGetAttrPos "x" l) (builtins.unsafeGetAttrPos "b" (builtins.intersectAttrs { b = 0; } s)) ]',
      ].join('\n'),
    );
    try {
      assert.equal(
        evalNix(`import ${file}`),
        `[ { column = 11; file = "${file}"; line = 1; } null { column = 44; file = "${file}"; line = 2; } { column = 18; file = "${file}"; line = 1; } ]`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
